package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"triage/internal/store"
)

// signinSubmit checks an email and password. Failures are counted per
// account and per address (the store's login_attempts); after a few, each
// further one locks that key out for longer. The lock-out is checked
// before the password, so a guess made while locked out teaches nothing.
func (s *Server) signinSubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	email := store.NormalEmail(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	view := signinView{Email: email, Next: next}
	keys := s.loginKeys(r, email)
	if wait, err := s.lockedOut(ctx, keys); err != nil {
		return err
	} else if wait > 0 {
		view.Error = lockoutMessage(wait)
		s.render(w, r, http.StatusTooManyRequests, "signin", page{Title: "Sign in", Data: view})
		return nil
	}
	u, err := s.st.UserByEmail(ctx, email)
	found := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	hash := dummyHash()
	if found && u.PasswordHash != "" {
		hash = u.PasswordHash
	}
	ok := checkPassword(hash, password) && found && u.PasswordHash != "" && !u.Disabled
	if !ok {
		if err := s.recordFailure(ctx, keys); err != nil {
			return err
		}
		s.record(ctx, store.Tenant{UserID: u.ID}, 0, "signin.fail", email)
		view.Error = "The email address or password is not right."
		s.render(w, r, http.StatusUnauthorized, "signin", page{Title: "Sign in", Data: view})
		return nil
	}
	if err := s.st.ResetFailures(ctx, keys[0]); err != nil {
		return err
	}
	if u.TOTPSecret != "" {
		// The password was right; the session remembers that for a few
		// minutes while the code is asked for, and nothing more.
		if err := s.sessions.RenewToken(ctx); err != nil {
			return err
		}
		s.sessions.Put(ctx, sessPending, u.ID)
		s.sessions.Put(ctx, sessPendingAt, s.cfg.Now().Unix())
		s.sessions.Put(ctx, sessNext, next)
		return redirect(w, r, "/signin/code")
	}
	if err := s.signIn(r, u); err != nil {
		return err
	}
	s.record(ctx, u.Tenant(), u.PracticeID, "signin", u.Email)
	if next == "" {
		next = home(u)
	}
	return redirect(w, r, next)
}

// loginKeys are the back-off counters a sign-in attempt counts against:
// the account (first) and the address it came from.
func (s *Server) loginKeys(r *http.Request, email string) []string {
	return []string{"email:" + email, "ip:" + s.clientAddr(r)}
}

func (s *Server) lockedOut(ctx context.Context, keys []string) (time.Duration, error) {
	var longest time.Duration
	for _, k := range keys {
		wait, err := s.st.LockedOut(ctx, k)
		if err != nil {
			return 0, err
		}
		longest = max(longest, wait)
	}
	return longest, nil
}

func (s *Server) recordFailure(ctx context.Context, keys []string) error {
	for _, k := range keys {
		if _, err := s.st.RecordFailure(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

func lockoutMessage(wait time.Duration) string {
	secs := int(wait.Round(time.Second) / time.Second)
	if secs < 60 {
		return fmt.Sprintf("Too many failed sign-ins. Wait %d seconds, then try again.", max(secs, 1))
	}
	return fmt.Sprintf("Too many failed sign-ins. Wait %d minutes, then try again.", (secs+59)/60)
}
