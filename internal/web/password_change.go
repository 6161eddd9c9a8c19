package web

import "net/http"

// passwordChange sets a new password. The session is renewed with the new
// password's fingerprint; every other session of the user ends.
func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(r)
	again := func(msg string) error {
		s.render(w, r, http.StatusBadRequest, "account", page{Title: "Your account",
			Data: accountView{Provider: u.Role != "practice", TOTPEnabled: u.TOTPSecret != "", Error: msg}})
		return nil
	}
	if !checkPassword(u.PasswordHash, r.PostFormValue("current")) {
		return again("Your current password is not right.")
	}
	password := r.PostFormValue("password")
	if err := checkNewPassword(password, r.PostFormValue("confirm")); err != nil {
		return again(err.Error())
	}
	u.PasswordHash = hashPassword(password)
	if err := s.st.SetPassword(ctx, u.Tenant(), u.ID, u.PasswordHash); err != nil {
		return err
	}
	s.record(ctx, u.Tenant(), 0, "password.change", u.Email)
	if err := s.signIn(r, *u); err != nil {
		return err
	}
	s.flash(r, "Your password has been changed. Any other place you were signed in has been signed out.")
	return redirect(w, r, "/account")
}
