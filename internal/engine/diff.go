package engine

import (
	"sort"

	"triage/internal/audit"
)

// Diff compares a current audit with a previous one of the same practice.
// Fixed: open before, not open now. New: open now, not open before. Still
// failing: open in both. Changed: any other change of status, and open
// findings that moved between warn and fail.
func Diff(previous, current *audit.Result) audit.Diff {
	d := audit.Diff{PreviousAsOf: previous.AsOf, ScoreChange: current.Scores.Overall - previous.Scores.Overall,
		Fixed: []string{}, New: []string{}, StillFailing: []string{}, Changed: []audit.Change{}}
	before := map[string]audit.Status{}
	for _, f := range previous.Findings {
		before[f.ControlID] = f.Status
	}
	for _, f := range current.Findings {
		was, existed := before[f.ControlID]
		switch {
		case was.Open() && !f.Status.Open():
			d.Fixed = append(d.Fixed, f.ControlID)
		case f.Status.Open() && !was.Open():
			d.New = append(d.New, f.ControlID)
		case f.Status.Open() && was.Open():
			d.StillFailing = append(d.StillFailing, f.ControlID)
		}
		if existed && was != f.Status && !(was.Open() != f.Status.Open()) {
			d.Changed = append(d.Changed, audit.Change{ControlID: f.ControlID, From: was, To: f.Status})
		}
	}
	sort.Strings(d.Fixed)
	sort.Strings(d.New)
	sort.Strings(d.StillFailing)
	sort.Slice(d.Changed, func(i, j int) bool { return d.Changed[i].ControlID < d.Changed[j].ControlID })
	return d
}
