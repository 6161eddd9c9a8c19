package web

import (
	"net/http"
)

// userDisable stops an account signing in, or lets it again. A disabled
// user's open sessions end at their next request.
func (s *Server) userDisable(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "uid")
	if err != nil {
		return err
	}
	disable := r.PostFormValue("disabled") == "true"
	if disable && id == userFrom(r).ID {
		s.flash(r, "You cannot disable your own account.")
		return redirect(w, r, "/admin/users")
	}
	if err := s.st.DisableUser(ctx, tenant(r), id, disable); err != nil {
		return err
	}
	action := "user.enable"
	if disable {
		action = "user.disable"
	}
	s.record(ctx, tenant(r), 0, action, "user "+itoa(id))
	s.flash(r, "Saved.")
	return redirect(w, r, "/admin/users")
}
