package web

import (
	"errors"
	"net/http"

	"triage/internal/store"
)

type inviteView struct {
	Token string
	Name  string
	Error string
	// Invite is what the link invites to; nil when it no longer works, and
	// then the page offers no form.
	Invite *store.Invite
}

// inviteGone is what a link that no longer works says, at once on opening
// it and again if the form is sent after it stopped working.
const inviteGone = "This invitation has expired or has been used already. Ask your IT provider for a new one."

// inviteShow is where an invited practice manager chooses a password.
// Looking at the invitation does not use it up; one that no longer works
// says so at once, before anyone types a password.
func (s *Server) inviteShow(w http.ResponseWriter, r *http.Request) error {
	view := inviteView{Token: r.PathValue("token")}
	inv, err := s.st.InviteByToken(r.Context(), view.Token)
	switch {
	case errors.Is(err, store.ErrNotFound):
		view.Error = inviteGone
		s.render(w, r, http.StatusNotFound, "invite", page{Title: "Join your practice", Data: view})
		return nil
	case err != nil:
		return err
	}
	view.Invite = &inv
	s.render(w, r, http.StatusOK, "invite", page{Title: "Join your practice", Data: view})
	return nil
}
