package web

import (
	"net/http"
	"time"

	"triage/internal/store"
)

// inviteFor is how long an invitation link works.
const inviteFor = 7 * 24 * time.Hour

type inviteCreatedView struct {
	Email   string
	Link    string
	Expires time.Time
}

// inviteCreate invites a practice manager. The link is shown once, here,
// for the provider to send; only its hash is stored.
func (s *Server) inviteCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	email := store.NormalEmail(r.PostFormValue("email"))
	token, err := s.st.CreateInvite(ctx, tenant(r), p.ID, email, inviteFor)
	if err != nil {
		return err
	}
	s.record(ctx, tenant(r), p.ID, "invite.create", email)
	s.render(w, r, http.StatusOK, "invite_created", page{Title: "Invitation", Practice: &p, Tab: "practice",
		Data: inviteCreatedView{Email: email, Link: s.baseURL(r) + "/invite/" + token, Expires: s.cfg.Now().Add(inviteFor)}})
	return nil
}
