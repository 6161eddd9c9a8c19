package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"time"
)

// setupFor is how long the first-admin link works.
const setupFor = time.Hour

// setupToken is the one-time link that creates the first admin. Only its
// hash is kept, in memory: a restart before anyone used it prints a new
// one, and the old one stops working.
type setupToken struct {
	hash    [32]byte
	expires time.Time
}

// SetupPath makes a new one-time link for creating the first admin and
// returns its path (/setup/TOKEN), or "" when the instance has users
// already. The link works for an hour.
func (s *Server) SetupPath(ctx context.Context) (string, error) {
	set, err := s.st.HasUsers(ctx)
	if err != nil || set {
		return "", err
	}
	raw := make([]byte, 32)
	rand.Read(raw) // never fails
	token := base64.RawURLEncoding.EncodeToString(raw)
	s.setupMu.Lock()
	s.setup = setupToken{hash: sha256.Sum256([]byte(token)), expires: s.cfg.Now().Add(setupFor)}
	s.setupMu.Unlock()
	return "/setup/" + token, nil
}

// setupValid reports whether token is the current set-up link.
func (s *Server) setupValid(token string) bool {
	s.setupMu.Lock()
	defer s.setupMu.Unlock()
	if s.setup.expires.IsZero() || s.cfg.Now().After(s.setup.expires) {
		return false
	}
	h := sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare(h[:], s.setup.hash[:]) == 1
}

func (s *Server) endSetup() {
	s.setupMu.Lock()
	s.setup = setupToken{}
	s.setupMu.Unlock()
}
