package web

import (
	"errors"
	"net/http"

	"triage/internal/store"
)

// userCreate adds an admin or IT provider account with a first password
// the admin passes on; practice managers join by invitation instead.
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var v usersView
	v.Form.Email, v.Form.Name, v.Form.Role = r.PostFormValue("email"), r.PostFormValue("name"), r.PostFormValue("role")
	role := store.Role(v.Form.Role)
	if role != store.RoleAdmin && role != store.RoleAuditor {
		v.Error = "Choose administrator or IT provider. Practice managers join by invitation from their practice's page."
		return s.showUsers(w, r, v, http.StatusBadRequest)
	}
	password := r.PostFormValue("password")
	if err := checkNewPassword(password, r.PostFormValue("confirm")); err != nil {
		v.Error = err.Error()
		return s.showUsers(w, r, v, http.StatusBadRequest)
	}
	u, err := s.st.CreateUser(ctx, tenant(r), store.NewUser{Email: v.Form.Email, Name: v.Form.Name, Role: role, PasswordHash: hashPassword(password)})
	switch {
	case errors.Is(err, store.ErrConflict):
		v.Error = "There is already an account with that email address."
		return s.showUsers(w, r, v, http.StatusConflict)
	case err != nil && isInvalid(err):
		v.Error = formMessage(err)
		return s.showUsers(w, r, v, http.StatusBadRequest)
	case err != nil:
		return err
	}
	s.record(ctx, tenant(r), 0, "user.create", u.Email+" ("+string(u.Role)+")")
	s.flash(r, "Added "+u.Email+". Give them the password by a separate channel; they can change it under Account.")
	return redirect(w, r, "/admin/users")
}
