package web

import "net/http"

type accountView struct {
	Provider    bool
	TOTPEnabled bool
	Error       string
}

func (s *Server) accountShow(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r)
	s.render(w, r, http.StatusOK, "account", page{Title: "Your account",
		Data: accountView{Provider: u.Role != "practice", TOTPEnabled: u.TOTPSecret != ""}})
	return nil
}
