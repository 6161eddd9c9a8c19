package web

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"slices"
	"sort"
	"strings"

	"triage/internal/audit"
	"triage/internal/catalog"
	"triage/internal/report"
	"triage/internal/store"
)

type resultsView struct {
	PracticeID int64
	Audit      store.Audit
	R          *audit.Result
	Areas      []areaScore
	E8         []e8Row
	Actions    []actionRow
	Findings   []findingRow
	Counts     []countView
	Shown      int
	Filter     resultsFilter
	AreaOpts   []choice
	StatusOpts []choice
	BandOpts   []choice
	Formats    []choice
}

type countView struct {
	Status audit.Status
	Label  string
	N      int
}

type areaScore struct {
	Area   audit.Area
	Score  int
	Judged bool // false: no control of the area could be judged
}

type e8Row struct {
	Name  string
	Level int
}

type actionRow struct {
	audit.Action
	Head      template.HTML // drawn once per audit (resultParts)
	State     store.ActionStatus
	UpdatedBy string
}

// findingRow is one finding as the page draws it. Its fields are plain
// (no embedded audit.Finding) because the template looks each one up by
// reflection on every request.
type findingRow struct {
	ControlID  string
	Area       audit.Area
	Status     audit.Status
	Band       audit.Band
	Body       template.HTML // drawn once per audit (resultParts)
	AcceptForm template.HTML // drawn once a day; "" unless open
	// Pending is an acceptance recorded since this audit, or still in
	// force; it shows in the results from the next audit on.
	Pending   *audit.Acceptance
	PendingBy *store.Answered
}

type resultsFilter struct{ Area, Status, Band string }

// auditShow is the results of one audit: scores, the plan with each
// action's progress, and the findings, filtered by area, status and band
// with plain query parameters so the filter works without JavaScript.
func (s *Server) auditShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t := tenant(r)
	p, a, cached, err := s.auditShowFor(r)
	if err != nil {
		return err
	}
	today := audit.DayIn(s.cfg.Now(), p.Location()) // the practice's today
	parts, forms, err := cached.draw(s.pages["results"], today)
	if err != nil {
		return err
	}
	set, err := s.st.Answers(ctx, t, p.ID)
	if err != nil {
		return err
	}
	states, err := s.st.ActionStatuses(ctx, t, p.ID)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := resultsFilter{Area: q.Get("area"), Status: q.Get("status"), Band: q.Get("band")}
	v := resultsView{PracticeID: p.ID, Audit: a, R: a.Result, Filter: f,
		AreaOpts: areaChoices(), StatusOpts: statusChoices(), BandOpts: bandChoices(),
		Formats: []choice{{"pdf", "PDF"}, {"html", "HTML"}, {"csv", "CSV"}, {"json", "JSON"}, {"md", "Markdown"}}}
	for _, st := range audit.Statuses {
		if n := a.Result.Counts[st]; n > 0 {
			v.Counts = append(v.Counts, countView{st, countLabel(st), n})
		}
	}
	for _, ar := range audit.Areas {
		sc, ok := a.Result.Scores.Areas[ar]
		v.Areas = append(v.Areas, areaScore{ar, sc, ok})
	}
	for _, id := range catalog.E8Strategies {
		if st, ok := a.Result.EssentialEight[id]; ok {
			v.E8 = append(v.E8, e8Row{catalog.E8StrategyNames[id], st.Level})
		}
	}
	v.Actions = s.actionRows(ctx, a.Result, states)
	for i := range v.Actions {
		v.Actions[i].Head = parts.heads[v.Actions[i].ID]
	}
	for i, fd := range cached.sorted {
		row := findingRow{ControlID: fd.ControlID, Area: fd.Area, Status: fd.Status,
			Band: parts.bands[i], Body: parts.bodies[i], AcceptForm: forms[i]}
		if acc, ok := set.Answers.Accepted[fd.ControlID]; ok {
			by := set.AcceptedBy[fd.ControlID]
			row.Pending, row.PendingBy = &acc, &by
		}
		if f.matches(row) {
			v.Findings = append(v.Findings, row)
		}
	}
	v.Shown = len(v.Findings)
	s.render(w, r, http.StatusOK, "results", page{Title: "Results: " + p.Name + ", " + a.AsOf, Practice: &p, Tab: "results", Data: v})
	return nil
}

func (f resultsFilter) matches(row findingRow) bool {
	return (f.Area == "" || string(row.Area) == f.Area) &&
		(f.Status == "" || string(row.Status) == f.Status || f.Status == "open" && row.Status.Open()) &&
		(f.Band == "" || string(row.Band) == f.Band)
}

// auditFor loads the practice and audit named in the path. An audit of
// another practice is "not found", even for a provider who may see both:
// a URL names one thing.
func (s *Server) auditFor(r *http.Request) (store.Practice, store.Audit, error) {
	p, err := s.practiceFor(r)
	if err != nil {
		return p, store.Audit{}, err
	}
	id, err := pathID(r, "aid")
	if err != nil {
		return p, store.Audit{}, err
	}
	a, err := s.st.Audit(r.Context(), tenant(r), id)
	if err != nil {
		return p, a, err
	}
	if a.PracticeID != p.ID {
		return p, store.Audit{}, store.ErrNotFound
	}
	return p, a, nil
}

// auditShowFor is auditFor for the results page, with the decoded result
// from the results cache when it is there. The store is asked first, as
// this request's tenant, for the practice and for its audits' headlines
// (no results decoded); only an audit id the store lists for this
// practice is looked up in the cache, or else loaded, decoded and cached.
// The result and the cache entry returned are shared: read them, never
// change them.
func (s *Server) auditShowFor(r *http.Request) (store.Practice, store.Audit, *resultEntry, error) {
	ctx := r.Context()
	t := tenant(r)
	p, err := s.practiceFor(r)
	if err != nil {
		return p, store.Audit{}, nil, err
	}
	id, err := pathID(r, "aid")
	if err != nil {
		return p, store.Audit{}, nil, err
	}
	list, err := s.st.Audits(ctx, t, p.ID)
	if err != nil {
		return p, store.Audit{}, nil, err
	}
	a, e, err := s.cachedAudit(ctx, t, p.ID, list, id)
	return p, a, e, err
}

// cachedAudit is the audit id of the practice, with its decoded result,
// from the results cache when it is there. list is the practice's audits
// as the store has just listed them for this request's tenant: only an id
// in it is looked up in the cache, or else loaded, decoded and cached.
func (s *Server) cachedAudit(ctx context.Context, t store.Tenant, practiceID int64, list []store.Audit, id int64) (store.Audit, *resultEntry, error) {
	i := slices.IndexFunc(list, func(a store.Audit) bool { return a.ID == id })
	if i < 0 || list[i].PracticeID != practiceID {
		return store.Audit{}, nil, store.ErrNotFound
	}
	a := list[i]
	a.OpenNowActions = a.NowActions // as the store's Audit sets it
	if e := results.get(s.st, a); e != nil {
		a.Result = e.result
		return a, e, nil
	}
	full, err := s.st.Audit(ctx, t, id)
	if err != nil {
		return store.Audit{}, nil, err
	}
	if full.PracticeID != practiceID {
		return store.Audit{}, nil, store.ErrNotFound
	}
	return full, results.put(s.st, full), nil
}

func (s *Server) actionRows(ctx context.Context, r *audit.Result, states map[string]store.ActionStatus) []actionRow {
	names := s.nameCache()
	var out []actionRow
	for _, a := range r.Actions {
		row := actionRow{Action: a, State: store.ActionStatus{ActionID: a.ID, Status: store.ActionOpen}}
		if st, ok := states[a.ID]; ok {
			row.State = st
			row.UpdatedBy = names(ctx, st.UpdatedBy)
		}
		out = append(out, row)
	}
	sort.SliceStable(out, func(i, j int) bool {
		bi, bj := out[i].Band.Rank(), out[j].Band.Rank()
		if bi != bj {
			return bi < bj
		}
		return out[i].Rank < out[j].Rank
	})
	return out
}

// sortedFindings puts the worst first: by status, then risk.
func sortedFindings(in []audit.Finding) []audit.Finding {
	out := slices.Clone(in)
	sort.SliceStable(out, func(i, j int) bool {
		si, sj := slices.Index(audit.Statuses, out[i].Status), slices.Index(audit.Statuses, out[j].Status)
		if si != sj {
			return si < sj
		}
		return out[i].Risk > out[j].Risk
	})
	return out
}

func areaChoices() []choice {
	out := []choice{{"", "All areas"}}
	for _, a := range audit.Areas {
		out = append(out, choice{string(a), report.AreaTitle(a)})
	}
	return out
}

func statusChoices() []choice {
	out := []choice{{"", "All statuses"}, {"open", "Needs work (fail or warning)"}}
	for _, st := range audit.Statuses {
		out = append(out, choice{string(st), report.StatusLabel(st)})
	}
	return out
}

func bandChoices() []choice {
	out := []choice{{"", "Any time"}}
	for _, b := range audit.Bands {
		out = append(out, choice{string(b), bandLabel(b)})
	}
	return out
}

// stateOptionHTML is the <option> list of an action's progress with each
// state selected in turn, built once: the results page draws one list per
// action, and drawing each option through the template costs far more.
var stateOptionHTML = func() map[store.ActionState]template.HTML {
	states := []choice{{string(store.ActionOpen), "Open"}, {string(store.ActionInProgress), "In progress"}, {string(store.ActionDone), "Done"}}
	out := make(map[store.ActionState]template.HTML, len(states))
	for _, cur := range states {
		var b strings.Builder
		for _, c := range states {
			sel := ""
			if c.Value == cur.Value {
				sel = " selected"
			}
			fmt.Fprintf(&b, `<option value="%s"%s>%s</option>`, html.EscapeString(c.Value), sel, html.EscapeString(c.Label))
		}
		out[store.ActionState(cur.Value)] = template.HTML(b.String())
	}
	return out
}()

// stateOptions is the progress options with cur selected; the store only
// holds the three states, and anything else shows as open.
func stateOptions(cur store.ActionState) template.HTML {
	if h, ok := stateOptionHTML[cur]; ok {
		return h
	}
	return stateOptionHTML[store.ActionOpen]
}

// countLabel is a status as a count reads: "30 failed".
func countLabel(st audit.Status) string {
	switch st {
	case audit.Fail:
		return "failed"
	case audit.Warn:
		return "warnings"
	case audit.Pass:
		return "passed"
	case audit.Accepted:
		return "accepted"
	case audit.NotChecked:
		return "not checked"
	case audit.NotApplicable:
		return "not applicable"
	}
	return string(st)
}
