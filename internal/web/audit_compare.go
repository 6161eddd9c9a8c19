package web

import (
	"net/http"
	"strconv"

	"triage/internal/audit"
	"triage/internal/engine"
	"triage/internal/store"
)

type compareView struct {
	PracticeID int64
	Audits     []store.Audit
	From, To   *store.Audit
	Diff       audit.Diff
	Fixed      []compareRow
	New        []compareRow
	Still      []compareRow
	Changed    []compareRow
}

type compareRow struct {
	ID, Title string
	From, To  audit.Status
}

// auditCompare shows what changed between two audits of a practice: by
// default the latest and the one before it.
func (s *Server) auditCompare(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t := tenant(r)
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	list, err := s.st.Audits(ctx, t, p.ID)
	if err != nil {
		return err
	}
	v := compareView{PracticeID: p.ID, Audits: list}
	fromID, toID := queryID(r, "from"), queryID(r, "to")
	if toID == 0 && len(list) > 0 {
		toID = list[0].ID
	}
	if fromID == 0 && len(list) > 1 {
		fromID = list[1].ID
	}
	if fromID != 0 && toID != 0 {
		// Saved audits never change: both come from the results cache
		// when they can (see cachedAudit).
		from, _, err := s.cachedAudit(ctx, t, p.ID, list, fromID)
		if err != nil {
			return err
		}
		to, _, err := s.cachedAudit(ctx, t, p.ID, list, toID)
		if err != nil {
			return err
		}
		v.From, v.To = &from, &to
		v.Diff = engine.Diff(from.Result, to.Result)
		title := func(id string) string {
			if f, ok := to.Result.Finding(id); ok {
				return f.Title
			}
			if f, ok := from.Result.Finding(id); ok {
				return f.Title
			}
			return id
		}
		status := func(r *audit.Result, id string) audit.Status {
			f, _ := r.Finding(id)
			return f.Status
		}
		rows := func(ids []string) []compareRow {
			var out []compareRow
			for _, id := range ids {
				out = append(out, compareRow{ID: id, Title: title(id), From: status(from.Result, id), To: status(to.Result, id)})
			}
			return out
		}
		v.Fixed, v.New, v.Still = rows(v.Diff.Fixed), rows(v.Diff.New), rows(v.Diff.StillFailing)
		for _, c := range v.Diff.Changed {
			v.Changed = append(v.Changed, compareRow{ID: c.ControlID, Title: title(c.ControlID), From: c.From, To: c.To})
		}
	}
	s.render(w, r, http.StatusOK, "compare", page{Title: "Compare audits: " + p.Name, Practice: &p, Tab: "compare", Data: v})
	return nil
}

// queryID reads a positive id from the query; 0 when absent or not one.
func queryID(r *http.Request, name string) int64 {
	id, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}
