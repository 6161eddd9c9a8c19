package web

import "net/http"

type setupView struct {
	Token string
	Name  string
	Email string
	Error string
}

// setupShow is the one-time page that creates the first admin.
func (s *Server) setupShow(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if !s.setupValid(token) {
		return s.notFound(w, r)
	}
	s.render(w, r, http.StatusOK, "setup", page{Title: "Set up Triage", Data: setupView{Token: token}})
	return nil
}
