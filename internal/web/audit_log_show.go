package web

import (
	"net/http"
	"strings"

	"triage/internal/store"
)

type logView struct {
	Entries []logRow
	Filter  struct {
		Action   string
		Practice int64
	}
	Practices []store.PracticeSummary
}

type logRow struct {
	store.LogEntry
	User     string
	Practice string
}

// auditLogShow is the record of who did what, for admins.
func (s *Server) auditLogShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t := tenant(r)
	var v logView
	v.Filter.Action = strings.TrimSpace(r.URL.Query().Get("action"))
	v.Filter.Practice = queryID(r, "practice")
	entries, err := s.st.AuditLog(ctx, t, store.LogFilter{Action: v.Filter.Action, PracticeID: v.Filter.Practice, Limit: 500})
	if err != nil {
		return err
	}
	users, err := s.st.Users(ctx, t)
	if err != nil {
		return err
	}
	if v.Practices, err = s.st.Practices(ctx, t, "", store.SortName); err != nil {
		return err
	}
	userName := map[int64]string{}
	for _, u := range users {
		userName[u.ID] = u.Name + " <" + u.Email + ">"
	}
	practiceName := map[int64]string{}
	for _, p := range v.Practices {
		practiceName[p.ID] = p.Name
	}
	for _, e := range entries {
		row := logRow{LogEntry: e, User: userName[e.UserID], Practice: practiceName[e.PracticeID]}
		if e.UserID == 0 {
			row.User = "Triage or someone not signed in"
		} else if row.User == "" {
			row.User = "user " + itoa(e.UserID)
		}
		if e.PracticeID != 0 && row.Practice == "" {
			row.Practice = "deleted practice " + itoa(e.PracticeID)
		}
		v.Entries = append(v.Entries, row)
	}
	s.render(w, r, http.StatusOK, "log", page{Title: "Audit log", Tab: "log", Data: v})
	return nil
}
