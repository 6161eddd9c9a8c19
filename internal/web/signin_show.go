package web

import (
	"net/http"
)

type signinView struct {
	Email string
	Next  string
	Error string
}

func (s *Server) signinShow(w http.ResponseWriter, r *http.Request) error {
	if u, err := s.sessionUser(r); err == nil && u != nil {
		return redirect(w, r, home(*u))
	}
	s.render(w, r, http.StatusOK, "signin", page{Title: "Sign in",
		Data: signinView{Next: localPath(r.URL.Query().Get("next"))}})
	return nil
}
