package web

import (
	"context"
	"net/http"
	"testing"
	"time"

	"triage/internal/jobs"
)

// Housekeeping removes expired sessions, finished jobs past their keeping
// time and stale sign-in failures, and leaves everything else.
func TestHousekeep(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	live := e.signedIn(e.auditor)
	e.client().postForm("/signin", map[string][]string{"email": {e.userA.Email}, "password": {"wrong password!!"}})
	done := lastJobAfterAudit(t, e, live)
	count := func(table string) int {
		t.Helper()
		var n int
		must(t, e.st.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n))
		return n
	}
	sessions, attempts := count("sessions"), count("login_attempts")
	if sessions == 0 || attempts == 0 {
		t.Fatalf("set-up: %d sessions, %d sign-in failure keys", sessions, attempts)
	}

	// Now: nothing is old enough to go.
	must(t, e.srv.Housekeep(ctx))
	if count("sessions") != sessions || count("login_attempts") != attempts || count("jobs") == 0 {
		t.Fatal("housekeeping removed something still current")
	}
	wantStatus(t, live.get("/practices"), http.StatusOK)

	// A month and a day later: the finished job, the expired sessions and
	// the failures are gone.
	e.clock.advance(keepFinishedJobs + 24*time.Hour)
	must(t, e.srv.Housekeep(ctx))
	if n := count("sessions"); n != 0 {
		t.Errorf("%d expired sessions left", n)
	}
	if n := count("login_attempts"); n != 0 {
		t.Errorf("%d stale sign-in failure keys left", n)
	}
	if _, err := jobs.New(e.st).Job(ctx, e.admin.Tenant(), done); err == nil {
		t.Error("the month-old finished job is still there")
	}
}

// lastJobAfterAudit runs an audit of practice A as c and returns its job.
func lastJobAfterAudit(t *testing.T, e *env, c *client) int64 {
	t.Helper()
	c.runAudit(practicePath(e.a.ID))
	return lastJob(t, e, e.a.ID)
}
