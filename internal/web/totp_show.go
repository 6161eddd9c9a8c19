package web

import "net/http"

const sessTOTPSecret = "totp_secret"

type totpView struct {
	Enabled bool
	Secret  string
	URI     string
	Error   string
}

// totpShow offers a provider account a second sign-in step. The new
// secret is kept in the session until a code from it is typed back, so a
// mistyped secret never locks anyone out.
func (s *Server) totpShow(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r)
	if u.TOTPSecret != "" {
		s.render(w, r, http.StatusOK, "totp", page{Title: "Two-step sign-in", Data: totpView{Enabled: true}})
		return nil
	}
	secret := s.sessions.GetString(r.Context(), sessTOTPSecret)
	if secret == "" {
		secret = newTOTPSecret()
		s.sessions.Put(r.Context(), sessTOTPSecret, secret)
	}
	s.render(w, r, http.StatusOK, "totp", page{Title: "Two-step sign-in",
		Data: totpView{Secret: secret, URI: totpURI(secret, u.Email)}})
	return nil
}
