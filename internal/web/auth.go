package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"

	"triage/internal/store"
)

// Session keys.
const (
	sessUserID    = "uid"
	sessPassword  = "pw"          // fingerprint of the password hash at sign-in
	sessPending   = "pending_uid" // passed the password, owes a TOTP code
	sessPendingAt = "pending_at"  // unix seconds
	sessFlash     = "flash"
	sessNext      = "next"
)

// passwordPrint fingerprints a password hash. A session remembers the
// print it was made with; when the password changes the print changes, so
// every other session of that user ends at its next request.
func passwordPrint(hash string) string {
	sum := sha256.Sum256([]byte(hash))
	return hex.EncodeToString(sum[:8])
}

// sessionUser is the signed-in user, nil when there is none, the account
// has been disabled or its password changed since this session began.
func (s *Server) sessionUser(r *http.Request) (*store.User, error) {
	ctx := r.Context()
	id := s.sessions.GetInt64(ctx, sessUserID)
	if id == 0 {
		return nil, nil
	}
	u, err := s.st.UserByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, s.sessions.Destroy(ctx)
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled || s.sessions.GetString(ctx, sessPassword) != passwordPrint(u.PasswordHash) {
		return nil, s.sessions.Destroy(ctx)
	}
	return &u, nil
}

// signIn starts a new session for u: a new token, so a token planted
// before sign-in is worthless after it.
func (s *Server) signIn(r *http.Request, u store.User) error {
	ctx := r.Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Remove(ctx, sessPending)
	s.sessions.Remove(ctx, sessPendingAt)
	s.sessions.Put(ctx, sessUserID, u.ID)
	s.sessions.Put(ctx, sessPassword, passwordPrint(u.PasswordHash))
	return nil
}

// home is where a user lands after signing in.
func home(u store.User) string {
	if u.Role == store.RolePractice {
		return practicePath(u.PracticeID)
	}
	return "/practices"
}

// localPath accepts only a path on this site as a place to return to, so
// the sign-in page cannot be used to send people elsewhere.
func localPath(p string) string {
	if p == "" || p[0] != '/' || len(p) > 1 && (p[1] == '/' || p[1] == '\\') {
		return ""
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return ""
	}
	return p
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// flash keeps a message for the next page this user sees.
func (s *Server) flash(r *http.Request, msg string) {
	s.sessions.Put(r.Context(), sessFlash, msg)
}
