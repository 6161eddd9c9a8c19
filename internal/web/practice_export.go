package web

import (
	"net/http"
)

// practiceExport downloads the profile exactly as stored, comments and
// all when it was imported from a file.
func (s *Server) practiceExport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.practiceFor(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="practice.yaml"`)
	_, err = w.Write([]byte(p.ProfileYAML))
	return err
}
