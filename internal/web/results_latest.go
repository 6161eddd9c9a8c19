package web

import (
	"net/http"
)

// resultsLatest is the Results tab: the latest audit, or the workspace
// when there is none yet.
func (s *Server) resultsLatest(w http.ResponseWriter, r *http.Request) error {
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	// Only the latest audit's id is needed: list the headlines rather than
	// decode its report.
	audits, err := s.st.Audits(r.Context(), tenant(r), p.ID)
	if err != nil {
		return err
	}
	if len(audits) == 0 {
		s.flash(r, "There is no audit yet. Add evidence and answers, then run the audit.")
		return redirect(w, r, practicePath(p.ID)+"/workspace")
	}
	return redirect(w, r, auditPath(p.ID, audits[0].ID))
}
