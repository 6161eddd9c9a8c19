package engine

import (
	"sort"

	"triage/internal/audit"
)

// Plan rolls open findings up into the catalogue's actions and ranks them
// (see docs/scoring.md): by band first, then by priority, then by id.
func Plan(cat *audit.Catalog, findings []audit.Finding) []audit.Action {
	actionOf := map[string]string{}
	for _, c := range cat.Controls {
		actionOf[c.ID] = c.Action
	}
	groups := map[string][]audit.Finding{}
	var order []string
	for _, f := range findings {
		if !f.Status.Open() {
			continue
		}
		id := actionOf[f.ControlID]
		if _, seen := groups[id]; !seen {
			order = append(order, id)
		}
		groups[id] = append(groups[id], f)
	}
	actions := make([]audit.Action, 0, len(order))
	for _, id := range order {
		def, _ := cat.Action(id)
		actions = append(actions, buildAction(def, groups[id]))
	}
	sort.SliceStable(actions, func(i, j int) bool {
		a, b := actions[i], actions[j]
		if a.Band.Rank() != b.Band.Rank() {
			return a.Band.Rank() < b.Band.Rank()
		}
		if Priority(a) != Priority(b) {
			return Priority(a) > Priority(b)
		}
		return a.ID < b.ID
	})
	for i := range actions {
		actions[i].Rank = i + 1
	}
	return actions
}

func buildAction(def audit.ActionDef, fs []audit.Finding) audit.Action {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Risk != fs[j].Risk {
			return fs[i].Risk > fs[j].Risk
		}
		return fs[i].ControlID < fs[j].ControlID
	})
	a := audit.Action{ID: def.ID, Title: def.Title, Owner: def.Owner, Band: audit.BandLater,
		Why: fs[0].Why, Risk: fs[0].Risk, QuickWin: true, Effort: audit.EffortHours}
	for _, f := range fs {
		a.ControlIDs = append(a.ControlIDs, f.ControlID)
		if b := FindingBand(f); b.Rank() < a.Band.Rank() {
			a.Band = b
		}
		if len(f.Urgency) > 0 {
			a.Urgent = true
		}
		if effortRank(f.Effort) > effortRank(a.Effort) {
			a.Effort = f.Effort
		}
		a.QuickWin = a.QuickWin && f.QuickWin
	}
	sort.Strings(a.ControlIDs)
	return a
}

// FindingBand says how soon an open finding should be fixed: failures that
// are urgent or of risk 20 and over now, 12 and over within 30 days, 6 and
// over within 90 days, the rest later. A warning waits one band longer.
func FindingBand(f audit.Finding) audit.Band {
	var i int
	switch {
	case len(f.Urgency) > 0 || f.Risk >= 20:
		i = 0
	case f.Risk >= 12:
		i = 1
	case f.Risk >= 6:
		i = 2
	default:
		i = 3
	}
	if f.Status == audit.Warn && i < 3 {
		i++
	}
	return audit.Bands[i]
}

// Priority orders actions within a band: risk, plus 5 when urgent and 3 for a
// quick win, less 1 for days of work and 3 for a project.
func Priority(a audit.Action) int {
	p := a.Risk
	if a.Urgent {
		p += 5
	}
	if a.QuickWin {
		p += 3
	}
	switch a.Effort {
	case audit.EffortDays:
		p--
	case audit.EffortProject:
		p -= 3
	}
	return p
}

func effortRank(e audit.Effort) int {
	switch e {
	case audit.EffortDays:
		return 1
	case audit.EffortProject:
		return 2
	}
	return 0
}
