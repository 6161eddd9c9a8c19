package refdata

import (
	"strings"
	"time"

	"triage/internal/audit"
)

// Enrich returns facts with lifecycle fields the importers left empty filled
// in from the embedded data; see (*Data).Enrich.
func Enrich(facts []audit.Fact, asOf time.Time) []audit.Fact {
	return defaultData().Enrich(facts, asOf)
}

// Enrich returns a copy of facts in which
//
//   - a device without OSSupportEnds gets the end of security updates of
//     its OS release (from OSName, or OS when the name is empty, OSVersion
//     and Build);
//   - a program gets Product, Cycle, Category and EndOfLife, each only
//     where empty, from MatchProgram. When the importer named a different
//     product or cycle, the match is not mixed in: only EndOfLife is looked
//     up for the importer's own product and cycle.
//
// Nothing an importer set is overwritten, and the input is not modified:
// changed facts get new Device or Software values. When the data says
// support has ended without a date, EndOfLife is the lifecycle data's date
// or asOf, whichever is earlier: the latest day support is known to have
// ended by. KEV lists are not filled: the catalogue names products, not
// versions, so it cannot say whether an install is affected.
func (d *Data) Enrich(facts []audit.Fact, asOf time.Time) []audit.Fact {
	out := make([]audit.Fact, len(facts))
	e := enricher{d: d, asOf: audit.NewDate(asOf), names: make(map[[2]string]nameHit, 1024), programs: make(map[[3]string]progResult, len(facts)/8)}
	for i, f := range facts {
		out[i] = f
		switch {
		case f.Kind == audit.FactDevice && f.Device != nil:
			if dev, ok := e.device(f.Device); ok {
				out[i].Device = dev
			}
		case f.Kind == audit.FactSoftware && f.Software != nil:
			if sw, ok := e.software(f.Software); ok {
				out[i].Software = sw
			}
		}
	}
	return out
}

// enricher memoises matches for one Enrich call: the same program recurs
// on every PC, often in many versions, so names are matched once per name
// and publisher and resolved once per version.
type enricher struct {
	d        *Data
	asOf     audit.Date
	names    map[[2]string]nameHit
	programs map[[3]string]progResult
}

type progResult struct {
	m  Match
	ok bool
}

func (e *enricher) device(x *audit.Device) (*audit.Device, bool) {
	if x.OSSupportEnds != nil {
		return nil, false
	}
	name := x.OSName
	if strings.TrimSpace(name) == "" {
		name = x.OS
	}
	m, ok := e.d.OS(name, x.OSVersion, x.Build)
	if !ok {
		return nil, false
	}
	eol := e.endDate(m.EOL, m.Ended)
	if eol == nil {
		return nil, false
	}
	c := *x
	c.OSSupportEnds = eol
	return &c, true
}

func (e *enricher) software(x *audit.Software) (*audit.Software, bool) {
	if x.Product != "" && x.Cycle != "" && x.Category != "" && x.EndOfLife != nil {
		return nil, false
	}
	m, ok := e.match(x)
	c := *x
	switch {
	case ok && sameOrEmpty(x.Product, m.Product) && sameOrEmpty(x.Cycle, m.Cycle):
		fill(&c.Product, m.Product)
		fill(&c.Cycle, m.Cycle)
		fill(&c.Category, m.Category)
		if c.EndOfLife == nil {
			c.EndOfLife = e.endDate(m.EOL, m.Ended)
		}
	case ok && sameOrEmpty(x.Product, m.Product):
		// The importer knows the cycle better; keep the category we know.
		fill(&c.Product, m.Product)
		fill(&c.Category, m.Category)
		c.EndOfLife = e.byIDs(c)
	default:
		c.EndOfLife = e.byIDs(c)
	}
	if equalSoftware(&c, x) {
		return nil, false
	}
	return &c, true
}

// byIDs looks up the end of life of the product and cycle the fact names.
func (e *enricher) byIDs(s audit.Software) *audit.Date {
	if s.EndOfLife != nil || s.Product == "" || s.Cycle == "" {
		return s.EndOfLife
	}
	eol, ended, ok := e.d.Lifecycle(s.Product, s.Cycle)
	if !ok {
		return nil
	}
	return e.endDate(eol, ended)
}

func (e *enricher) match(x *audit.Software) (Match, bool) {
	key := [3]string{x.Name, x.Publisher, x.Version}
	if r, ok := e.programs[key]; ok {
		return r.m, r.ok
	}
	h, ok := e.names[[2]string{x.Name, x.Publisher}]
	if !ok {
		h = matchName(x.Name, x.Publisher)
		e.names[[2]string{x.Name, x.Publisher}] = h
	}
	var r progResult
	if h.r != nil {
		r.m, r.ok = e.d.matchVersion(h, x.Version)
	}
	e.programs[key] = r
	return r.m, r.ok
}

// endDate turns a match's end of support into the date to record: the
// published date, or for "ended, no date" the earlier of the data's date
// and asOf.
func (e *enricher) endDate(eol *audit.Date, ended bool) *audit.Date {
	if eol != nil {
		d := *eol
		return &d
	}
	if !ended {
		return nil
	}
	d, err := audit.ParseDate(e.d.lifecycle.Date)
	if err != nil || (!e.asOf.IsZero() && e.asOf.Time().Before(d.Time())) {
		d = e.asOf
	}
	if d.IsZero() {
		return nil
	}
	return &d
}

func sameOrEmpty(have, want string) bool { return have == "" || strings.EqualFold(have, want) }

func fill(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

// equalSoftware compares the fields Enrich may set.
func equalSoftware(a, b *audit.Software) bool {
	return a.Product == b.Product && a.Cycle == b.Cycle && a.Category == b.Category && a.EndOfLife == b.EndOfLife
}
