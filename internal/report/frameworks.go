package report

import (
	"sort"
	"strings"

	"triage/internal/audit"
)

// Framework tables are drawn from the findings alone: each finding's
// mappings name the framework requirements its control helps meet, so
// grouping findings by requirement label gives, for every requirement the
// catalogue maps, the controls that decide it.

// frameworkInfo is what the HTML report says about each framework: its full
// name and, for the practice owner, what it is.
var frameworkInfo = map[string]struct{ name, about string }{
	"e8":    {"Essential Eight (ASD)", "The Australian Signals Directorate's eight baseline strategies against cyber attacks, each judged at Maturity Level 0 (not in place) to 3."},
	"racgp": {"RACGP Standards, criterion C6.4 Information security", "The Royal Australian College of General Practitioners' accreditation standard for keeping patient information secure."},
	"hipaa": {"HIPAA Security Rule (45 CFR Part 164)", "The US rules for protecting electronic patient health information."},
	"hph":   {"HHS Healthcare and Public Health Cybersecurity Performance Goals", "The US Department of Health and Human Services' goals for healthcare organisations: essential goals first, then enhanced ones."},
	"hicp":  {"HHS 405(d) Health Industry Cybersecurity Practices", "The US Department of Health and Human Services' recommended practices, with a set sized for small practices."},
	"cis":   {"CIS Critical Security Controls v8", "A widely used, prioritised list of security safeguards from the Center for Internet Security."},
	"csf":   {"NIST Cybersecurity Framework 2.0", "The US National Institute of Standards and Technology's framework of cybersecurity outcomes."},
}

func frameworkLongName(id string) string {
	if fi, ok := frameworkInfo[id]; ok {
		return fi.name
	}
	return frameworkName(id)
}

// frameworksFor orders framework ids for a practice: its own country's first,
// the international ones next and the other country's last, so an Australian
// practice meets the Essential Eight and RACGP before HIPAA.
func frameworksFor(country string) []string {
	switch strings.ToUpper(country) {
	case "AU":
		return []string{"e8", "racgp", "cis", "csf", "hipaa", "hph", "hicp"}
	case "US":
		return []string{"hipaa", "hph", "hicp", "cis", "csf", "e8", "racgp"}
	}
	ids := make([]string, len(frameworks))
	for i, f := range frameworks {
		ids[i] = f.id
	}
	return ids
}

// requirementRow is one framework requirement and the findings that decide
// it.
type requirementRow struct {
	Label    string
	Status   audit.Status
	Findings []findingRef
}

// frameworkTable is one framework's requirements in natural order.
type frameworkTable struct {
	ID       string
	Name     string
	About    string
	Rows     []requirementRow
	Counts   []countView
	Strategy *e8Table // set for the Essential Eight when the result has it
}

// frameworkTables returns one table per framework that any finding maps to,
// in the order that suits the practice's country.
func frameworkTables(r *audit.Result, refs map[string]findingRef) []frameworkTable {
	byReq := map[string]map[string][]audit.Finding{} // framework -> label -> findings
	for _, f := range r.Findings {
		for fw, labels := range f.Mappings {
			for _, l := range labels {
				if byReq[fw] == nil {
					byReq[fw] = map[string][]audit.Finding{}
				}
				byReq[fw][l] = append(byReq[fw][l], f)
			}
		}
	}
	var out []frameworkTable
	for _, id := range orderFrameworks(r.Practice.Country, byReq, len(r.EssentialEight) > 0) {
		t := frameworkTable{ID: id, Name: frameworkLongName(id), About: frameworkInfo[id].about}
		if id == "e8" && len(r.EssentialEight) > 0 {
			e := newE8Table(r)
			t.Strategy = &e
			out = append(out, t)
			continue
		}
		t.Rows = requirementRows(byReq[id], refs)
		t.Counts = requirementCounts(t.Rows)
		out = append(out, t)
	}
	return out
}

// orderFrameworks lists the frameworks that have requirements (or, for the
// Essential Eight, a maturity result): known ones in country order, any
// others after them sorted.
func orderFrameworks(country string, byReq map[string]map[string][]audit.Finding, hasE8 bool) []string {
	var ids []string
	known := map[string]bool{}
	for _, id := range frameworksFor(country) {
		known[id] = true
		if len(byReq[id]) > 0 || (id == "e8" && hasE8) {
			ids = append(ids, id)
		}
	}
	var rest []string
	for id := range byReq {
		if !known[id] {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	return append(ids, rest...)
}

func requirementRows(reqs map[string][]audit.Finding, refs map[string]findingRef) []requirementRow {
	labels := make([]string, 0, len(reqs))
	for l := range reqs {
		labels = append(labels, l)
	}
	sort.Slice(labels, func(i, j int) bool { return naturalLess(labels[i], labels[j]) })
	rows := make([]requirementRow, 0, len(labels))
	for _, l := range labels {
		fs := reqs[l]
		row := requirementRow{Label: l, Status: requirementStatus(fs)}
		for _, f := range fs {
			row.Findings = append(row.Findings, refs[f.ControlID])
		}
		rows = append(rows, row)
	}
	return rows
}

// requirementStatus decides a requirement from its findings: not met (fail)
// when any is open; otherwise accepted when the practice has accepted one,
// since an accepted risk is still a gap an assessor will ask about;
// otherwise not checked when any could not be judged, so a requirement is
// never passed on missing evidence; otherwise pass, or not applicable when
// none of its controls applies.
func requirementStatus(fs []audit.Finding) audit.Status {
	has := map[audit.Status]bool{}
	for _, f := range fs {
		has[f.Status] = true
	}
	switch {
	case has[audit.Fail] || has[audit.Warn]:
		return audit.Fail
	case has[audit.Accepted]:
		return audit.Accepted
	case has[audit.NotChecked]:
		return audit.NotChecked
	case has[audit.Pass]:
		return audit.Pass
	case has[audit.NotApplicable]:
		return audit.NotApplicable
	}
	return audit.NotChecked
}

// requirementCounts counts requirements by status, in report order, leaving
// out statuses no requirement has.
func requirementCounts(rows []requirementRow) []countView {
	n := map[audit.Status]int{}
	for _, r := range rows {
		n[r.Status]++
	}
	var out []countView
	for _, s := range []audit.Status{audit.Fail, audit.Accepted, audit.NotChecked, audit.Pass, audit.NotApplicable} {
		if n[s] > 0 {
			out = append(out, countView{Status: string(s), Label: requirementWord(s), N: n[s]})
		}
	}
	return out
}

// requirementWord names a requirement's status in the framework tables.
func requirementWord(s audit.Status) string {
	switch s {
	case audit.Fail:
		return "not met"
	case audit.Accepted:
		return "risk accepted"
	case audit.Pass:
		return "met"
	}
	return statusWord(s)
}

// naturalLess orders labels with their numbers read as numbers, so CIS 5.3
// comes before 10.1 and HPH-E2 before HPH-E10.
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		ca, ra := leadingChunk(a)
		cb, rb := leadingChunk(b)
		if ca != cb {
			da, db := isDigit(ca[0]), isDigit(cb[0])
			switch {
			case da && db:
				na, nb := strings.TrimLeft(ca, "0"), strings.TrimLeft(cb, "0")
				if len(na) != len(nb) {
					return len(na) < len(nb)
				}
				if na != nb {
					return na < nb
				}
			default:
				return ca < cb
			}
		}
		a, b = ra, rb
	}
	return len(a) < len(b)
}

// leadingChunk splits s after its first run of digits or of non-digits.
func leadingChunk(s string) (chunk, rest string) {
	d := isDigit(s[0])
	i := 1
	for i < len(s) && isDigit(s[i]) == d {
		i++
	}
	return s[:i], s[i:]
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// e8Table is the Essential Eight strategy by maturity level table.
type e8Table struct {
	Level int
	Rows  []e8Row
}

type e8Row struct {
	Name    string
	Level   int
	Cells   []e8Cell // ML1, ML2, ML3
	Gaps    []string
	Unknown []string
}

type e8Cell struct {
	Class string
	Text  string
}

func newE8Table(r *audit.Result) e8Table {
	t := e8Table{Level: r.E8Level}
	for _, id := range e8Order(r.EssentialEight) {
		s := r.EssentialEight[id]
		row := e8Row{Name: e8Name(id), Level: s.Level, Gaps: s.Gaps, Unknown: s.Unknown}
		for ml := 1; ml <= 3; ml++ {
			row.Cells = append(row.Cells, e8LevelCell(s, ml))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// e8LevelCell says how one strategy stands at one maturity level. The engine
// judges a level only once the level below is met, so the level after the
// one reached is not met (or not judged) and the ones above it are not
// assessed yet.
func e8LevelCell(s audit.E8Strategy, ml int) e8Cell {
	switch {
	case ml <= s.Level:
		return e8Cell{"met", "Met"}
	case ml > s.Level+1:
		return e8Cell{"blocked", "Not yet assessed"}
	case hasLevel(s.Gaps, ml):
		return e8Cell{"notmet", "Not met"}
	case hasLevel(s.Unknown, ml):
		return e8Cell{"unknown", "Not judged"}
	case len(s.Gaps) > 0:
		return e8Cell{"notmet", "Not met"}
	case len(s.Unknown) > 0:
		return e8Cell{"unknown", "Not judged"}
	}
	return e8Cell{"none", "No requirement mapped"}
}

// hasLevel reports whether any entry names maturity level ml, as in
// "MFA ML1 ISM-1504 (ACC-MFA-ALL fail)".
func hasLevel(entries []string, ml int) bool {
	want := "ML" + string(rune('0'+ml))
	for _, e := range entries {
		for _, w := range strings.Fields(e) {
			if w == want {
				return true
			}
		}
	}
	return false
}
