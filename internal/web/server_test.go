package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"triage/internal/store"
)

// countingSessions counts session writes.
type countingSessions struct {
	*store.Sessions
	commits atomic.Int64
}

func (c *countingSessions) Commit(token string, b []byte, expiry time.Time) error {
	c.commits.Add(1)
	return c.Sessions.Commit(token, b, expiry)
}

func (c *countingSessions) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	c.commits.Add(1)
	return c.Sessions.CommitCtx(ctx, token, b, expiry)
}

// Reading pages does not write the session on every request: at most
// once per sessionTouch, to keep the idle clock. A session idle for
// longer than sessionIdle ends; signing out and a password change still
// end sessions at once.
func TestSessionWrites(t *testing.T) {
	e := newEnv(t)
	cs := &countingSessions{Sessions: e.st.Sessions()}
	e.srv.sessions.Store = cs
	c := e.signedIn(e.auditor)
	wantStatus(t, c.get("/practices"), http.StatusOK) // records the first "seen"
	before := cs.commits.Load()
	for range 5 {
		wantStatus(t, c.get("/practices"), http.StatusOK)
		wantStatus(t, c.get(practicePath(e.a.ID)), http.StatusOK)
	}
	if n := cs.commits.Load() - before; n != 0 {
		t.Errorf("10 page reads wrote the session %d times, want 0", n)
	}
	e.clock.advance(sessionTouch + time.Second)
	wantStatus(t, c.get("/practices"), http.StatusOK)
	wantStatus(t, c.get("/practices"), http.StatusOK)
	if n := cs.commits.Load() - before; n != 1 {
		t.Errorf("a minute later, two reads wrote the session %d times, want 1", n)
	}
	// Kept alive by a request every 90 minutes, past the idle limit in all.
	for range 2 {
		e.clock.advance(90 * time.Minute)
		wantStatus(t, c.get("/practices"), http.StatusOK)
	}
	// Idle for too long: signed out.
	e.clock.advance(sessionIdle + time.Minute)
	res := c.get("/practices")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/signin") {
		t.Errorf("an idle session still works: %d %s", res.StatusCode, res.Header.Get("Location"))
	}

	// Signing out ends the session on the server, with no writes between.
	c = e.signedIn(e.auditor)
	wantStatus(t, c.get("/practices"), http.StatusOK)
	wantStatus(t, c.get("/practices"), http.StatusOK)
	cookie := c.http.Jar.Cookies(mustURL(e.ts.URL))
	wantStatus(t, c.postForm("/signout", nil), http.StatusSeeOther)
	replay := e.client()
	replay.http.Jar.SetCookies(mustURL(e.ts.URL), cookie)
	if res := replay.get("/practices"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a signed-out session's cookie still works: %d", res.StatusCode)
	}

	// A password change ends the user's other sessions, however recently
	// they were written.
	first, second := e.signedIn(e.userA), e.signedIn(e.userA)
	wantStatus(t, second.get("/account"), http.StatusOK)
	wantStatus(t, second.get("/account"), http.StatusOK)
	const newPassword = "a different long passphrase"
	wantStatus(t, first.postForm("/account/password", url.Values{"current": {testPassword}, "password": {newPassword}, "confirm": {newPassword}}), http.StatusSeeOther)
	wantStatus(t, first.get("/account"), http.StatusOK)
	if res := second.get("/account"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the other session survived a password change: %d", res.StatusCode)
	}
}
