package web

import (
	"net/http"
	"strings"

	"triage/internal/store"
)

// actionStatusSave records progress on one action of the plan. Progress
// is kept per action, not per audit, so it carries over to the next.
func (s *Server) actionStatusSave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	def, ok := s.cat.Action(r.PathValue("action"))
	if !ok {
		return store.ErrNotFound
	}
	back := s.backToResults(r, p.ID, "act-"+def.ID)
	note := strings.TrimSpace(r.PostFormValue("note"))
	if len(note) > 2000 {
		s.flash(r, "Not saved: keep the note under 2,000 characters.")
		return redirect(w, r, back)
	}
	st := store.ActionState(r.PostFormValue("status"))
	if _, err := s.st.SetActionStatus(ctx, tenant(r), p.ID, def.ID, st, note); err != nil {
		if isInvalid(err) {
			s.flash(r, "Not saved: "+formMessage(err))
			return redirect(w, r, back)
		}
		return err
	}
	s.record(ctx, tenant(r), p.ID, "action.status", def.ID+" "+string(st))
	s.flash(r, "Saved the progress of \u201c"+def.Title+"\u201d.")
	return redirect(w, r, back)
}
