package web

import (
	"net/http"

	"triage/internal/store"
)

func (s *Server) evidenceDelete(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t := tenant(r)
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "eid")
	if err != nil {
		return err
	}
	// The file must belong to the practice in the path, not just to one
	// the user may see.
	files, err := s.st.EvidenceFiles(ctx, t, p.ID)
	if err != nil {
		return err
	}
	name := ""
	for _, f := range files {
		if f.ID == id {
			name = f.Name
		}
	}
	if name == "" {
		return store.ErrNotFound
	}
	if err := s.st.DeleteEvidence(ctx, t, id); err != nil {
		return err
	}
	s.record(ctx, t, p.ID, "evidence.delete", name)
	s.flash(r, "Removed "+name+".")
	return redirect(w, r, practicePath(p.ID)+"/workspace#evidence")
}
