package web

import "net/http"

type inviteView struct {
	Token string
	Name  string
	Error string
}

// inviteShow is where an invited practice manager chooses a password. The
// token is only checked when the form is sent: looking at it must not use
// it up.
func (s *Server) inviteShow(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "invite", page{Title: "Join your practice", Data: inviteView{Token: r.PathValue("token")}})
	return nil
}
