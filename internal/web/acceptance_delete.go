package web

import (
	"net/http"

	"triage/internal/store"
)

func (s *Server) acceptanceDelete(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	ctl, ok := s.cat.Control(r.PathValue("control"))
	if !ok {
		return store.ErrNotFound
	}
	if err := s.st.DeleteAcceptance(ctx, tenant(r), p.ID, ctl.ID); err != nil {
		return err
	}
	s.record(ctx, tenant(r), p.ID, "acceptance.delete", ctl.ID)
	s.flash(r, "Withdrew the accepted risk for "+ctl.ID+". It counts again from the next audit run.")
	return redirect(w, r, s.backToResults(r, p.ID, ctl.ID))
}
