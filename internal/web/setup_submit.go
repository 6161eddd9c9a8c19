package web

import (
	"errors"
	"net/http"

	"triage/internal/store"
)

func (s *Server) setupSubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	token := r.PathValue("token")
	if !s.setupValid(token) {
		return s.notFound(w, r)
	}
	view := setupView{Token: token, Name: r.PostFormValue("name"), Email: r.PostFormValue("email")}
	password := r.PostFormValue("password")
	if err := checkNewPassword(password, r.PostFormValue("confirm")); err != nil {
		view.Error = err.Error()
		s.render(w, r, http.StatusBadRequest, "setup", page{Title: "Set up Triage", Data: view})
		return nil
	}
	u, err := s.st.CreateFirstAdmin(ctx, store.NewUser{Email: view.Email, Name: view.Name, PasswordHash: hashPassword(password)})
	switch {
	case errors.Is(err, store.ErrForbidden):
		s.endSetup()
		s.flash(r, "Triage is set up already. Sign in.")
		return redirect(w, r, "/signin")
	case err != nil && isInvalid(err):
		view.Error = userMessage(err)
		s.render(w, r, http.StatusBadRequest, "setup", page{Title: "Set up Triage", Data: view})
		return nil
	case err != nil:
		return err
	}
	s.endSetup()
	s.record(ctx, u.Tenant(), 0, "setup.admin", u.Email)
	if err := s.signIn(r, u); err != nil {
		return err
	}
	return redirect(w, r, "/practices")
}
