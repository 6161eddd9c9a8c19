package refdata

import (
	"regexp"
	"strconv"
	"strings"

	"triage/internal/audit"
	"triage/internal/refdata/dataset"
)

// Match is what an installed program was recognised as.
type Match struct {
	// Product is the endoflife.date id ("mssqlserver", "chrome") when the
	// data has a lifecycle for it, else Triage's own id ("teamviewer",
	// "bp-premier").
	Product string
	// Cycle is the release cycle: the endoflife.date cycle id when there is
	// one ("12.0-sp3", "2016", "126"), else the major version when the rule
	// reads one ("15" for TeamViewer 15), else empty.
	Cycle    string
	Name     string // for people: "Microsoft SQL Server 2014 'Hekaton' SP3"
	Category string // one of the audit.Software* categories
	// EOL is the end of security support; nil when none is announced or the
	// cycle is unknown. With EOLBound it is not a published date but the
	// latest the support can have ended (see docs/refdata-matching.md).
	EOL      *audit.Date
	EOLBound bool
	// Ended is set when support is known to have ended without a published
	// date: EOL is then nil (the source says "ended") or a bound.
	Ended bool
	// Lifecycle is true when Product has lifecycle data in the snapshot.
	Lifecycle     bool
	LatestVersion string // newest release of the cycle, when known
	LatestDate    *audit.Date
}

type rule struct {
	product    string
	title      string // for people, when the data has no lifecycle for product
	category   string
	pattern    string
	publishers []string
	cycle      cycleFunc
	// rolling marks rapid-release products whose lists skip releases.
	rolling bool
	// nameVersionFirst prefers a version written in the name over the
	// version column, which for some installers is a packaging number.
	nameVersionFirst bool

	re    *regexp.Regexp
	slots []slot // which submatch fills which group
}

type slot struct {
	index int
	name  string
}

// groups are the named captures a rule's pattern may have. A name may end
// in _2 where a pattern needs the same group in two alternatives.
type groups struct {
	v, major, year, r2, ltsc, mac, track, se string
}

func (g *groups) field(name string) *string {
	switch strings.TrimSuffix(name, "_2") {
	case "v":
		return &g.v
	case "major":
		return &g.major
	case "year":
		return &g.year
	case "r2":
		return &g.r2
	case "ltsc":
		return &g.ltsc
	case "mac":
		return &g.mac
	case "track":
		return &g.track
	case "se":
		return &g.se
	}
	return nil
}

// progInput is one program as the cycle functions see it.
type progInput struct {
	groups  groups
	version []int // the version to match, see versionOf
}

// cycleFunc picks a rule's cycle. p is nil for products without lifecycle
// data. It returns the cycle found (nil if none), the cycle's name when
// there is no cycle entry, and an end-of-support bound when no cycle is
// listed but the release is known to have ended.
type cycleFunc func(r *rule, p *product, in progInput) (c *cycle, id string, bound *audit.Date)

// matcher holds the compiled rules, indexed by the first word a name must
// start with so that a name is tried only against its vendor's rules.
type matcher struct {
	byFirst map[string][]*rule
	any     []*rule // rules whose first word cannot be told in advance
}

var programs = newMatcher(rules)

func newMatcher(rs []rule) *matcher {
	m := &matcher{byFirst: map[string][]*rule{}}
	for i := range rs {
		r := &rs[i]
		r.re = regexp.MustCompile(`^(?:` + r.pattern + `)$`)
		var probe groups
		for j, name := range r.re.SubexpNames() {
			if name == "" {
				continue
			}
			if probe.field(name) == nil {
				panic("refdata: rule " + r.product + ": unknown group " + name)
			}
			r.slots = append(r.slots, slot{j, name})
		}
		keys, ok := firstWords(r.pattern)
		if !ok {
			m.any = append(m.any, r)
			continue
		}
		for _, k := range keys {
			m.byFirst[k] = append(m.byFirst[k], r)
		}
	}
	return m
}

// candidates returns the rules that may match a normalised name, in table
// order.
func (m *matcher) candidates(name string) []*rule {
	first, _, _ := strings.Cut(name, " ")
	byFirst := m.byFirst[first]
	if len(m.any) == 0 {
		return byFirst
	}
	out := append([]*rule(nil), byFirst...)
	return append(out, m.any...)
}

// MatchProgram recognises an installed program from its name, publisher and
// version, following docs/refdata-matching.md. ok is false when no rule
// matches: most installed programs are neither tracked products nor in a
// category the checks treat specially.
func (d *Data) MatchProgram(name, publisher, version string) (Match, bool) {
	return d.matchVersion(matchName(name, publisher), version)
}

// nameHit is what a program's name and publisher alone say: the rule that
// matched (nil for none), its captures, and a version written in the name.
// It does not depend on the version, so Enrich reuses it across the many
// versions of one program in a fleet.
type nameHit struct {
	r       *rule
	groups  groups
	nameVer string
}

func matchName(name, publisher string) nameHit {
	n, nameVer := normName(name)
	if n == "" {
		return nameHit{}
	}
	var pub string
	pubDone := false
	for _, r := range programs.candidates(n) {
		sub := r.re.FindStringSubmatch(n)
		if sub == nil {
			continue
		}
		if !pubDone {
			pub, pubDone = normPublisher(publisher), true
		}
		if !r.publisherOK(pub) {
			continue
		}
		h := nameHit{r: r, nameVer: nameVer}
		for _, sl := range r.slots {
			if v := strings.TrimSpace(sub[sl.index]); v != "" {
				*h.groups.field(sl.name) = v
			}
		}
		return h
	}
	return nameHit{}
}

func (d *Data) matchVersion(h nameHit, version string) (Match, bool) {
	if h.r == nil {
		return Match{}, false
	}
	return d.matchRule(h.r, h.groups, h.nameVer, version), true
}

func (r *rule) publisherOK(pub string) bool {
	if pub == "" || len(r.publishers) == 0 {
		return true
	}
	for _, p := range r.publishers {
		if wordPrefix(pub, p) {
			return true
		}
	}
	return false
}

// forecastEOL reports whether a cycle's end date is the lifecycle data's
// forecast rather than a published date: release-train browser releases
// (not their extended-support ones) whose end lies after the date the data
// describes.
func (d *Data) forecastEOL(r *rule, c *cycle) bool {
	if r.category != audit.SoftwareBrowser || c.eol == nil || c.LTS {
		return false // extended-support releases (Firefox ESR) publish real dates
	}
	dataDate, err := audit.ParseDate(d.lifecycle.Date)
	return err == nil && c.eol.Time().After(dataDate.Time())
}

func (d *Data) matchRule(r *rule, g groups, nameVer, version string) Match {
	in := progInput{groups: g, version: versionOf(r, g, nameVer, version)}
	p := d.products[r.product]
	c, id, bound := r.cycle(r, p, in)
	m := Match{Product: r.product, Category: r.category, Lifecycle: p != nil, Cycle: id}
	switch {
	case c != nil:
		m.Cycle, m.Name, m.EOL, m.Ended = c.ID, p.displayName(c), c.eol, c.Ended && c.eol == nil
		if d.forecastEOL(r, c) {
			// A browser release is supported until the next one ships, so an
			// end date past the data's own date is a guess about a release
			// the data has not seen. Judging by it would call every current
			// browser unsupported once the reference data is a month old.
			m.EOL = nil
		}
		m.LatestVersion = c.Latest
		if t, err := audit.ParseDate(c.LatestDate); err == nil {
			m.LatestDate = &t
		}
	case bound != nil:
		m.EOL, m.EOLBound, m.Ended = bound, true, true
	}
	if m.Name == "" {
		m.Name = r.title
		if p != nil {
			m.Name = p.Title
		}
		if m.Cycle != "" {
			m.Name += " " + m.Cycle
		}
	}
	return m
}

// versionOf picks the version to match: the version column, else a version
// written in the name; a major version captured from the name ("Java 8
// Update 401", "TeamViewer 15") overrides a column that disagrees with it.
func versionOf(r *rule, g groups, nameVer, version string) []int {
	order := [3]string{version, g.v, nameVer}
	if r.nameVersionFirst {
		order = [3]string{g.v, nameVer, version}
	}
	var v []int
	for _, s := range order {
		if v = dataset.VersionNumbers(s); len(v) > 0 {
			break
		}
	}
	if major, err := strconv.Atoi(g.major); err == nil && (len(v) == 0 || v[0] != major) {
		v = []int{major}
	}
	return v
}

// ---- cycle functions

func cycleNone(*rule, *product, progInput) (*cycle, string, *audit.Date) { return nil, "", nil }

// cycleVersion matches the version against cycle ids ("3.11", "12",
// "9.5"); a version older than every listed cycle gets a bound.
func cycleVersion(r *rule, p *product, in progInput) (*cycle, string, *audit.Date) {
	if p == nil || len(in.version) == 0 {
		return nil, "", nil
	}
	if c := p.resolve(in.version); c != nil {
		return c, "", nil
	}
	return nil, "", p.olderBound(in.version)
}

// cycleMajor uses the major version as the cycle (browsers, TeamViewer).
func cycleMajor(r *rule, p *product, in progInput) (*cycle, string, *audit.Date) {
	if len(in.version) == 0 {
		return nil, "", nil
	}
	id := strconv.Itoa(in.version[0])
	if p == nil {
		return nil, id, nil
	}
	if c := p.byID[id]; c != nil {
		return c, "", nil
	}
	if r.rolling {
		return nil, id, p.rollingBound(in.version[:1])
	}
	return nil, id, p.olderBound(in.version[:1])
}

// cycleOffice takes the year from the name: "2016", "2024-ltsc" for LTSC
// editions, "2011-for-mac" for years only released for the Mac. Without a
// year (Microsoft 365 apps, Mac apps) there is no cycle.
func cycleOffice(r *rule, p *product, in progInput) (*cycle, string, *audit.Date) {
	year := in.groups.year
	if p == nil || year == "" {
		return nil, "", nil
	}
	try := []string{year}
	if in.groups.ltsc != "" {
		try = []string{year + "-ltsc", year}
	}
	if in.groups.mac != "" {
		try = []string{year + "-for-mac", year}
	}
	try = append(try, year+"-for-mac")
	for _, id := range try {
		if c := p.byID[id]; c != nil {
			return c, "", nil
		}
	}
	y, _ := strconv.Atoi(year)
	return nil, year, p.olderBound([]int{y})
}

// cycleSQL maps the year in the name to the major version the data's labels
// give it ("2014" -> 12.0, see product.byYear), then picks the service-pack cycle from the
// version's build number. Without a usable version it takes the last
// service pack: the latest that release can be supported.
func cycleSQL(r *rule, p *product, in progInput) (*cycle, string, *audit.Date) {
	if p == nil {
		return nil, "", nil
	}
	key := in.groups.year
	if in.groups.r2 != "" {
		key += " r2"
	}
	major := p.byYear[key]
	if major == nil {
		return nil, key, nil
	}
	var cands []*cycle
	for _, c := range p.cycles {
		if dataset.CompareVersions(trimTo(c.idNums, 2), major) == 0 && len(c.idNums) >= 2 {
			cands = append(cands, c)
		}
	}
	v := in.version
	// Installer entries write the service pack in the minor number
	// (12.3.6024.0 is 12.0 SP3), so only the major and the build count;
	// 2008 R2 is 10.50 and its installers write 10.5x.
	if len(v) >= 3 && v[0] == major[0] && (major[0] != 10 || (v[1] >= 50) == (major[1] == 50)) {
		return byLatest(cands, append([]int{major[0], major[1]}, v[2:]...)), "", nil
	}
	return newest(cands), "", nil
}

func trimTo(v []int, n int) []int {
	if len(v) > n {
		return v[:n]
	}
	return v
}

// cycleExchange takes the year or Subscription Edition from the name, else
// finds the cycle whose latest build shares the version's major.minor
// (15.1 is 2016; 15.2 is 2019 or SE, told apart by build).
func cycleExchange(r *rule, p *product, in progInput) (*cycle, string, *audit.Date) {
	if p == nil {
		return nil, "", nil
	}
	if y := in.groups.year; y != "" {
		if c := p.byID[y]; c != nil {
			return c, "", nil
		}
		n, _ := strconv.Atoi(y)
		return nil, y, p.olderBound([]int{n})
	}
	if in.groups.se != "" {
		return p.byID["subscription"], "", nil
	}
	if len(in.version) < 2 {
		return nil, "", nil
	}
	var cands []*cycle
	for _, c := range p.cycles {
		if len(c.latest) >= 2 && hasPrefix(in.version, c.latest[:2]) {
			cands = append(cands, c)
		}
	}
	return byLatest(cands, in.version), "", nil
}

// cycleAcrobat names Adobe's track. There is no Acrobat lifecycle in the
// data, so it only says which track: "dc" (continuous), a classic year
// ("2020"), or an old major ("11" for XI).
func cycleAcrobat(r *rule, p *product, in progInput) (*cycle, string, *audit.Date) {
	switch t := in.groups.track; t {
	case "dc":
		return nil, "dc", nil
	case "xi":
		return nil, "11", nil
	case "x":
		return nil, "10", nil
	case "":
	default:
		return nil, t, nil
	}
	v := in.version
	switch {
	case len(v) == 0:
		return nil, "", nil
	case v[0] >= 15 && len(v) >= 3 && v[2] >= 30000:
		// Classic-track builds are numbered 3xxxx (20.005.30xxx is 2020).
		return nil, strconv.Itoa(2000 + v[0]), nil
	case v[0] >= 15:
		return nil, "dc", nil
	}
	return nil, strconv.Itoa(v[0]), nil
}

// ---- rule index

// firstWords returns the first word every name a pattern matches starts
// with, or ok=false when that cannot be read from the pattern simply. A word
// counts only when followed by a literal space, the end, or a group that
// starts with a space, so "goto ?assist" is never indexed under "goto".
func firstWords(pattern string) ([]string, bool) {
	var alts []string
	for _, a := range splitTop(pattern) {
		if strings.HasPrefix(a, "(?:") {
			inner, rest, ok := groupBody(a)
			if !ok {
				return nil, false
			}
			// A leading optional group ("(?:windows )?internet") could be
			// absent, so such patterns go in the any bucket.
			if strings.HasPrefix(rest, "?") || strings.HasPrefix(rest, "*") {
				return nil, false
			}
			for _, b := range splitTop(inner) {
				alts = append(alts, b+rest)
			}
			continue
		}
		alts = append(alts, a)
	}
	var out []string
	for _, a := range alts {
		w, ok := literalWord(a)
		if !ok {
			return nil, false
		}
		out = append(out, w)
	}
	return out, true
}

// literalWord reads the literal first word of a pattern.
func literalWord(a string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(a); i++ {
		c := a[i]
		switch {
		case c == '\\' && i+1 < len(a) && strings.ContainsRune(`.+-&`, rune(a[i+1])):
			b.WriteByte(a[i+1])
			i++
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '&':
			b.WriteByte(c)
		case c == ' ':
			if i+1 < len(a) && strings.ContainsRune("?*+{", rune(a[i+1])) {
				return "", false
			}
			return b.String(), b.Len() > 0
		case c == '(':
			if strings.HasPrefix(a[i:], "(?: ") {
				return b.String(), b.Len() > 0
			}
			return "", false
		default:
			return "", false
		}
	}
	return b.String(), b.Len() > 0
}

// splitTop splits a pattern at top-level "|".
func splitTop(p string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
		case '|':
			if depth == 0 {
				out = append(out, p[start:i])
				start = i + 1
			}
		}
	}
	return append(out, p[start:])
}

// groupBody splits "(?:a|b)rest" into "a|b" and "rest".
func groupBody(p string) (inner, rest string, ok bool) {
	depth := 0
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return p[3:i], p[i+1:], true
			}
		}
	}
	return "", "", false
}

// MatchProgram recognises a program against the embedded data.
func MatchProgram(name, publisher, version string) (Match, bool) {
	return defaultData().MatchProgram(name, publisher, version)
}
