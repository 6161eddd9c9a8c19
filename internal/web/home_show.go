package web

import "net/http"

// homeShow sends a provider to the list of practices and a practice user
// to their practice.
func (s *Server) homeShow(w http.ResponseWriter, r *http.Request) error {
	return redirect(w, r, home(*userFrom(r)))
}
