package web

import (
	"errors"
	"net/http"

	"triage/internal/store"
)

// resultsLatest is the Results tab: the latest audit, or the workspace
// when there is none yet.
func (s *Server) resultsLatest(w http.ResponseWriter, r *http.Request) error {
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	a, err := s.st.LatestAudit(r.Context(), tenant(r), p.ID)
	if errors.Is(err, store.ErrNotFound) {
		s.flash(r, "There is no audit yet. Add evidence and answers, then run the audit.")
		return redirect(w, r, practicePath(p.ID)+"/workspace")
	}
	if err != nil {
		return err
	}
	return redirect(w, r, auditPath(p.ID, a.ID))
}
