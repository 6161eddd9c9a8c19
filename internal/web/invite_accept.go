package web

import (
	"errors"
	"net/http"

	"triage/internal/store"
)

func (s *Server) inviteAccept(w http.ResponseWriter, r *http.Request) error {
	view := inviteView{Token: r.PathValue("token"), Name: r.PostFormValue("name")}
	again := func(status int, msg string) error {
		view.Error = msg
		if inv, err := s.st.InviteByToken(r.Context(), view.Token); err == nil {
			view.Invite = &inv // the form again, unless the link is gone
		}
		s.render(w, r, status, "invite", page{Title: "Join your practice", Data: view})
		return nil
	}
	password := r.PostFormValue("password")
	if err := checkNewPassword(password, r.PostFormValue("confirm")); err != nil {
		return again(http.StatusBadRequest, err.Error())
	}
	u, err := s.st.UseInvite(r.Context(), view.Token, view.Name, hashPassword(password))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return again(http.StatusNotFound, inviteGone)
	case errors.Is(err, store.ErrConflict):
		return again(http.StatusConflict, "There is already an account with this email address. Sign in instead.")
	case err != nil && isInvalid(err):
		return again(http.StatusBadRequest, userMessage(err))
	case err != nil:
		return err
	}
	if err := s.signIn(r, u); err != nil {
		return err
	}
	return redirect(w, r, home(u))
}
