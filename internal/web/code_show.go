package web

import (
	"net/http"
	"time"
)

// pendingFor is how long after the password the second step may come.
const pendingFor = 5 * time.Minute

type codeView struct{ Error string }

func (s *Server) codeShow(w http.ResponseWriter, r *http.Request) error {
	if s.pendingUser(r) == 0 {
		return redirect(w, r, "/signin")
	}
	s.render(w, r, http.StatusOK, "signin_code", page{Title: "Enter your code", Data: codeView{}})
	return nil
}

// pendingUser is the user who gave the right password in this session in
// the last few minutes and still owes a code; 0 when there is none.
func (s *Server) pendingUser(r *http.Request) int64 {
	ctx := r.Context()
	id := s.sessions.GetInt64(ctx, sessPending)
	at := time.Unix(s.sessions.GetInt64(ctx, sessPendingAt), 0)
	if id == 0 || s.cfg.Now().Sub(at) > pendingFor {
		return 0
	}
	return id
}
