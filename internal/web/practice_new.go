package web

import (
	"net/http"

	"triage/internal/profile"
)

type practiceNewView struct {
	Name      string
	Country   string
	Countries []string
	Error     string
}

func (s *Server) practiceNew(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "practice_new", page{Title: "Add a practice", Tab: "practices",
		Data: practiceNewView{Country: "AU", Countries: profile.Countries}})
	return nil
}
