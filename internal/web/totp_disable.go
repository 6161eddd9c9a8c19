package web

import "net/http"

// totpDisable turns the second step off; it takes a current code, so a
// session left open on a shared computer cannot do it.
func (s *Server) totpDisable(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(r)
	if u.TOTPSecret == "" {
		return redirect(w, r, "/account")
	}
	step, ok := totpMatch(u.TOTPSecret, r.PostFormValue("code"), s.cfg.Now())
	if ok {
		fresh, err := s.st.UseTOTPStep(ctx, u.ID, step)
		if err != nil {
			return err
		}
		ok = fresh
	}
	if !ok {
		s.render(w, r, http.StatusBadRequest, "totp", page{Title: "Two-step sign-in",
			Data: totpView{Enabled: true, Error: "That code is not right, or it was used already: wait for the next one."}})
		return nil
	}
	if err := s.st.SetTOTP(ctx, u.Tenant(), u.ID, "", 0); err != nil {
		return err
	}
	s.record(ctx, u.Tenant(), 0, "totp.disable", u.Email)
	s.flash(r, "Two-step sign-in is off.")
	return redirect(w, r, "/account")
}
