package refdata

import (
	"sort"
	"strings"

	"triage/internal/audit"
	"triage/internal/refdata/dataset"
)

// product is a lifecycle product with its cycles parsed for matching.
type product struct {
	*dataset.Product
	cycles []*cycle
	byID   map[string]*cycle
	// byYear maps a release year in the labels to the version it stands
	// for: SQL Server's "2014 'Hekaton' SP3" on cycle 12.0-sp3 gives
	// "2014" -> [12 0], and "2008 R2 ..." on 10.50-sp3 gives "2008 r2".
	byYear map[string][]int
}

type cycle struct {
	*dataset.Cycle
	idNums []int // leading numbers of the id: "13.0-sp3" -> [13 0]
	latest []int // numbers of the latest version: "12.0.6449.1 CU4+GDR" -> [12 0 6449 1]
	eol    *audit.Date
}

func (d *Data) indexProducts() {
	d.products = map[string]*product{}
	for i := range d.lifecycle.Products {
		p := &product{Product: &d.lifecycle.Products[i], byID: map[string]*cycle{}, byYear: map[string][]int{}}
		for j := range p.Product.Cycles {
			c := &cycle{Cycle: &p.Product.Cycles[j], latest: dataset.VersionNumbers(p.Product.Cycles[j].Latest)}
			if id := c.ID; id != "" && id[0] >= '0' && id[0] <= '9' {
				c.idNums = dataset.VersionNumbers(id)
			}
			if t, err := audit.ParseDate(c.EOL); err == nil {
				c.eol = &t
			}
			p.cycles = append(p.cycles, c)
			p.byID[c.ID] = c
			p.indexYear(c)
		}
		d.products[p.ID] = p
	}
}

func (p *product) indexYear(c *cycle) {
	year, _, _ := strings.Cut(c.Label, " ")
	if len(year) != 4 || len(c.idNums) < 2 || strings.Trim(year, "0123456789") != "" {
		return
	}
	if strings.Contains(strings.ToUpper(c.Label), " R2") {
		year += " r2"
	}
	if _, seen := p.byYear[year]; !seen {
		p.byYear[year] = c.idNums[:2]
	}
}

// Lifecycle returns the end of security support of a product's cycle given
// by id, as an importer or the user may name them ("mssqlserver",
// "12.0-sp3"). ok is false when the product or cycle is unknown; eol is nil
// when no end date is announced.
func (d *Data) Lifecycle(productID, cycleID string) (eol *audit.Date, ended, ok bool) {
	p := d.products[strings.ToLower(strings.TrimSpace(productID))]
	if p == nil {
		return nil, false, false
	}
	c := p.byID[strings.TrimSpace(cycleID)]
	if c == nil {
		return nil, false, false
	}
	return c.eol, c.Ended, true
}

// resolve finds the cycle a version belongs to among cycles whose id starts
// with numbers: the cycles whose id numbers are the version's leading
// numbers, the longest such prefix winning ("3.11" over "3"); ties go to
// byLatest ("13.0", "13.0-sp1", ... share 13.0).
func (p *product) resolve(v []int) *cycle {
	var cands []*cycle
	best := 0
	for _, c := range p.cycles {
		n := len(c.idNums)
		if n == 0 || n > len(v) || n < best || !hasPrefix(v, c.idNums) {
			continue
		}
		if n > best {
			best, cands = n, cands[:0]
		}
		cands = append(cands, c)
	}
	return byLatest(cands, v)
}

// byLatest picks, among cycles of one release line, the one whose latest
// version is the first at or above v: a build between two service packs'
// last builds belongs to the later pack. A build newer than every latest
// belongs to the newest cycle.
func byLatest(cands []*cycle, v []int) *cycle {
	switch len(cands) {
	case 0:
		return nil
	case 1:
		return cands[0]
	}
	sorted := append([]*cycle(nil), cands...)
	sort.SliceStable(sorted, func(i, j int) bool { return dataset.CompareVersions(sorted[i].latest, sorted[j].latest) < 0 })
	for _, c := range sorted {
		if len(c.latest) > 0 && dataset.CompareVersions(c.latest, v) >= 0 {
			return c
		}
	}
	return sorted[len(sorted)-1]
}

// newest returns the cycle with the highest latest version, or the first
// listed (upstream lists newest first) when none has one.
func newest(cands []*cycle) *cycle {
	if len(cands) == 0 {
		return nil
	}
	best := cands[0]
	for _, c := range cands[1:] {
		if dataset.CompareVersions(c.latest, best.latest) > 0 {
			best = c
		}
	}
	return best
}

// olderBound handles a version that no listed cycle holds but that is older
// than every cycle with numbers: upstream stops listing old releases, and
// such a release ended no later than the earliest end date listed. It
// returns that date, or nil when v is not older than everything listed or
// nothing listed has ended.
func (p *product) olderBound(v []int) *audit.Date {
	var bound *audit.Date
	for _, c := range p.cycles {
		if len(c.idNums) == 0 {
			continue
		}
		if dataset.CompareVersions(v, c.idNums) >= 0 {
			return nil
		}
		if c.eol != nil && (bound == nil || c.eol.Time().Before(bound.Time())) {
			bound = c.eol
		}
	}
	return bound
}

// rollingBound handles rapid-release products (Chrome, Firefox), whose
// upstream list skips releases: a release not listed ended no later than
// any newer listed cycle did. It returns the earliest end date among the
// listed cycles newer than v.
func (p *product) rollingBound(v []int) *audit.Date {
	var bound *audit.Date
	for _, c := range p.cycles {
		if len(c.idNums) == 0 || dataset.CompareVersions(c.idNums, v) <= 0 || c.eol == nil {
			continue
		}
		if bound == nil || c.eol.Time().Before(bound.Time()) {
			bound = c.eol
		}
	}
	return bound
}

func hasPrefix(v, prefix []int) bool {
	if len(v) < len(prefix) {
		return false
	}
	for i, x := range prefix {
		if v[i] != x {
			return false
		}
	}
	return true
}

// displayName joins the product title and the cycle label unless the label
// already names the product ("Windows Server 2016", "macOS 14 (Sonoma)").
func (p *product) displayName(c *cycle) string {
	if c == nil {
		return p.Title
	}
	label := c.Label
	if label == "" {
		label = c.ID
	}
	words := strings.Fields(p.Title)
	if len(words) > 0 && strings.Contains(strings.ToLower(label), strings.ToLower(words[len(words)-1])) {
		return label
	}
	return p.Title + " " + label
}
