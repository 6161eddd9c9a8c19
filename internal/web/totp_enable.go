package web

import "net/http"

func (s *Server) totpEnable(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(r)
	secret := s.sessions.GetString(ctx, sessTOTPSecret)
	if u.TOTPSecret != "" || secret == "" {
		return redirect(w, r, "/account/totp")
	}
	step, ok := totpMatch(secret, r.PostFormValue("code"), s.cfg.Now())
	if !ok {
		s.render(w, r, http.StatusBadRequest, "totp", page{Title: "Two-step sign-in",
			Data: totpView{Secret: secret, URI: totpURI(secret, u.Email),
				Error: "That code is not right. Check the secret was typed correctly and the phone's clock is right."}})
		return nil
	}
	// The code that confirmed the set-up is spent: it cannot sign in.
	if err := s.st.SetTOTP(ctx, u.Tenant(), u.ID, secret, step); err != nil {
		return err
	}
	s.sessions.Remove(ctx, sessTOTPSecret)
	s.record(ctx, u.Tenant(), 0, "totp.enable", u.Email)
	s.flash(r, "Two-step sign-in is on. From now on you will be asked for a code after your password.")
	return redirect(w, r, "/account")
}
