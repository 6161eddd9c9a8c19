package web

import (
	"net/http"
	"strconv"

	"triage/internal/store"
)

type usersView struct {
	Users []store.User
	Form  struct{ Email, Name, Role string }
	Roles []choice
	Error string
}

// userList shows the accounts of this instance, for admins, with a form
// to add a provider account.
func (s *Server) userList(w http.ResponseWriter, r *http.Request) error {
	return s.showUsers(w, r, usersView{}, http.StatusOK)
}

func (s *Server) showUsers(w http.ResponseWriter, r *http.Request, v usersView, status int) error {
	users, err := s.st.Users(r.Context(), tenant(r))
	if err != nil {
		return err
	}
	v.Users = users
	v.Roles = []choice{{string(store.RoleAuditor), roleLabel(store.RoleAuditor)}, {string(store.RoleAdmin), roleLabel(store.RoleAdmin)}}
	if v.Form.Role == "" {
		v.Form.Role = string(store.RoleAuditor)
	}
	s.render(w, r, status, "users", page{Title: "Users", Tab: "users", Data: v})
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
