package web

import (
	"context"
)

// nameCache returns a function naming users by id for one page, asking
// the store once per user. The store's lists carry ids only (answers carry
// names; evidence and action progress do not yet), and UserByID is how a
// name is had without the admin-only user list.
func (s *Server) nameCache() func(ctx context.Context, id int64) string {
	seen := map[int64]string{}
	return func(ctx context.Context, id int64) string {
		if id == 0 {
			return "Triage"
		}
		if n, ok := seen[id]; ok {
			return n
		}
		n := "a former user"
		if u, err := s.st.UserByID(ctx, id); err == nil {
			n = u.Name
		}
		seen[id] = n
		return n
	}
}
