package engine

import (
	"fmt"
	"sort"

	"triage/internal/audit"
	"triage/internal/catalog"
)

// EssentialEight works out the maturity level of each strategy from the
// catalogue's e8 mappings, and the overall level as the lowest of them.
//
// A strategy is at level n when every requirement at level n and below is
// met; a requirement is met when all its controls pass or do not apply.
// Controls not judged count as not met and are listed as unknown. A level
// with no requirements mapped in the catalogue cannot be claimed.
func EssentialEight(cat *audit.Catalog, findings []audit.Finding) (map[string]audit.E8Strategy, int) {
	byID := map[string]audit.Finding{}
	for _, f := range findings {
		byID[f.ControlID] = f
	}
	out := map[string]audit.E8Strategy{}
	fw, ok := cat.Framework("e8")
	if !ok {
		return out, 0
	}
	overall := 3
	for _, strategy := range catalog.E8Strategies {
		s := strategyLevel(fw, strategy, byID)
		out[strategy] = s
		if s.Level < overall {
			overall = s.Level
		}
	}
	return out, overall
}

func strategyLevel(fw audit.Framework, strategy string, byID map[string]audit.Finding) audit.E8Strategy {
	s := audit.E8Strategy{Gaps: []string{}}
	for level := 1; level <= 3; level++ {
		reqs := requirementsAt(fw, strategy, level)
		if len(reqs) == 0 {
			break
		}
		gaps, unknown := unmet(reqs, byID)
		if len(gaps) > 0 || len(unknown) > 0 {
			s.Gaps, s.Unknown = gaps, unknown
			if len(s.Gaps) == 0 {
				s.Gaps = []string{}
			}
			return s
		}
		s.Level = level
	}
	return s
}

func requirementsAt(fw audit.Framework, strategy string, level int) []audit.Requirement {
	var out []audit.Requirement
	for _, r := range fw.Requirements {
		if r.Strategy == strategy && r.Level == level {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// unmet lists the requirements that fail (gaps) and those that could not be
// judged (unknown), each with the controls behind them.
func unmet(reqs []audit.Requirement, byID map[string]audit.Finding) (gaps, unknown []string) {
	for _, r := range reqs {
		var failing, unjudged []string
		for _, id := range r.Controls {
			f := byID[id]
			switch f.Status {
			case audit.Pass, audit.NotApplicable:
			case audit.NotChecked, "":
				unjudged = append(unjudged, id)
			default:
				failing = append(failing, fmt.Sprintf("%s %s", id, f.Status))
			}
		}
		switch {
		case len(failing) > 0:
			gaps = append(gaps, fmt.Sprintf("%s ML%d %s (%s)", catalog.E8StrategyShort[r.Strategy], r.Level, r.ID, join(failing)))
		case len(unjudged) > 0:
			unknown = append(unknown, fmt.Sprintf("%s ML%d %s (%s not checked)", catalog.E8StrategyShort[r.Strategy], r.Level, r.ID, join(unjudged)))
		}
	}
	return gaps, unknown
}

func join(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += ", "
		}
		out += v
	}
	return out
}
