package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"triage/internal/audit"
	"triage/internal/jobs"
	"triage/internal/store"
)

// startRunner runs the server's job handlers in the background until the
// test ends, as `triage serve` does. Scan jobs call e.scan.
func (e *env) startRunner(extra map[string]jobs.Handler) {
	q := jobs.New(e.st)
	q.RetryBase, q.RetryMax = time.Millisecond, time.Millisecond
	h := e.srv.JobHandlers(func(ctx context.Context, p audit.Practice, progress func(string)) ([]audit.Fact, error) {
		if e.scan == nil {
			return nil, errors.New("this test scans nothing")
		}
		return e.scan(ctx, p, progress)
	})
	for k, v := range extra {
		h[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		(&jobs.Runner{Queue: q, Handlers: h, Poll: 5 * time.Millisecond}).Run(ctx)
	}()
	e.t.Cleanup(func() { cancel(); wg.Wait() })
}

// lastJob is the newest job of a practice.
func lastJob(t *testing.T, e *env, practiceID int64) int64 {
	t.Helper()
	var id int64
	must(t, e.st.DB().QueryRow(`SELECT max(id) FROM jobs WHERE practice_id = $1`, practiceID).Scan(&id))
	return id
}

// waitIdle waits until no job is due or running.
func (e *env) waitIdle() {
	e.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var n int
		must(e.t, e.st.DB().QueryRow(`SELECT count(*) FROM jobs WHERE status = 'running' OR (status = 'queued' AND run_after <= $1)`,
			store.FormatTime(e.st.Now())).Scan(&n))
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("%d jobs still queued or running", n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitJob follows a redirect to a job's status page and polls it until the
// job is done or failed, and returns the last page.
func (c *client) waitJob(res *response) *response {
	c.t.Helper()
	wantStatus(c.t, res, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	if !strings.Contains(loc, "/jobs/") {
		c.t.Fatalf("expected a redirect to a job, got %q", loc)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		page := c.get(loc)
		wantStatus(c.t, page, http.StatusOK)
		if strings.Contains(page.body, ">Done<") || strings.Contains(page.body, ">Failed<") {
			return page
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("job %s did not finish:\n%s", loc, page.body)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// runAudit runs the audit of a practice through its job and returns the
// saved audit's path.
func (c *client) runAudit(practice string) string {
	c.t.Helper()
	page := c.waitJob(c.postForm(practice+"/audits", nil))
	i := strings.Index(page.body, `<a href="`+practice+`/audits/`)
	if i < 0 {
		c.t.Fatalf("the finished audit job links to no results:\n%s", page.body)
	}
	rest := page.body[i+len(`<a href="`):]
	return rest[:strings.Index(rest, `"`)]
}

// Run audit queues a job; its status page links to the saved results.
func TestAuditJob(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(e.userA)
	a := practicePath(e.a.ID)
	res := c.postForm(a+"/audits", nil)
	wantStatus(t, res, http.StatusSeeOther)
	jobURL := res.Header.Get("Location")
	page := c.waitJob(res)
	wantContains(t, page, "Done", "See the results")
	auditURL := c.runAudit(a)
	results := c.get(auditURL)
	wantStatus(t, results, http.StatusOK)
	wantContains(t, results, "Results as of 2026-11-20")
	audits, err := e.st.Audits(context.Background(), e.admin.Tenant(), e.a.ID)
	must(t, err)
	if len(audits) != 2 {
		t.Fatalf("%d audits saved, want 2", len(audits))
	}
	// The log names who queued it.
	log, err := e.st.AuditLog(context.Background(), e.admin.Tenant(), store.LogFilter{Action: "audit.run"})
	must(t, err)
	if len(log) != 2 || log[0].UserID != e.userA.ID {
		t.Errorf("audit log: %+v", log)
	}

	// htmx polling gets the status box alone.
	req, err := http.NewRequest("GET", e.ts.URL+jobURL, nil)
	must(t, err)
	req.Header.Set("HX-Request", "true")
	frag := c.do(req)
	wantStatus(t, frag, http.StatusOK)
	if strings.Contains(frag.body, "<html") || !strings.Contains(frag.body, `id="job-status"`) {
		t.Errorf("the htmx answer is not the status box:\n%s", frag.body)
	}
	if strings.Contains(frag.body, "hx-trigger") {
		t.Error("a finished job is still polled")
	}

	// Practice B, and A's job under B's path, are not found.
	other := e.signedIn(e.userB)
	wantStatus(t, other.get(jobURL), http.StatusNotFound)
	wantStatus(t, other.get(strings.Replace(jobURL, a, practicePath(e.b.ID), 1)), http.StatusNotFound)
	wantStatus(t, c.get(strings.Replace(jobURL, a, practicePath(e.b.ID), 1)), http.StatusNotFound)
	wantStatus(t, e.signedIn(e.auditor).get(jobURL), http.StatusOK)
}

// A queued job that has not run yet shows as queued, with a Refresh link
// and htmx polling.
func TestJobQueuedPage(t *testing.T) {
	e := newEnv(t)
	// Queued as of ten years from now, so it is not due: the runner claims
	// only due jobs. (Queuing it now and holding it back afterwards left a
	// moment in which the runner could claim it first.)
	later := e.st.WithClock(func() time.Time { return e.clock.now().AddDate(10, 0, 0) })
	id, err := jobs.New(later).Enqueue(context.Background(), e.userA.Tenant(), "later", e.a.ID, nil)
	must(t, err)
	res := e.signedIn(e.userA).get(jobPath(e.a.ID, id))
	wantStatus(t, res, http.StatusOK)
	wantContains(t, res, "Queued", ">Refresh</a>", `hx-trigger="every 2s"`)
}

// A failed job shows its error.
func TestFailedJobShowsError(t *testing.T) {
	e := newEnv(t)
	e.scan = func(context.Context, audit.Practice, func(string)) ([]audit.Fact, error) {
		return nil, errors.New("the resolver did not answer")
	}
	c := e.signedIn(e.userA)
	page := c.waitJob(c.postForm(practicePath(e.a.ID)+"/scans", nil))
	wantContains(t, page, "Failed", "It failed: the resolver did not answer")

	// A practice with nothing to scan is told so, and nothing is queued.
	res := e.signedIn(e.userB).postForm(practicePath(e.b.ID)+"/scans", nil)
	wantStatus(t, res, http.StatusBadRequest)
	wantContains(t, res, "nothing to scan")
}

// A scan stores its facts as external-scan.json, which the next audit
// reads, and its progress shows on the status page.
func TestScanJob(t *testing.T) {
	e := newEnv(t)
	var scanned audit.Practice
	e.scan = func(_ context.Context, p audit.Practice, progress func(string)) ([]audit.Fact, error) {
		scanned = p
		progress("dns harboursidefp.com.au ... done")
		return []audit.Fact{{Kind: audit.FactEmailDomain, EmailDomain: &audit.EmailDomain{Domain: "harboursidefp.com.au"}}}, nil
	}
	c := e.signedIn(e.userA)
	a := practicePath(e.a.ID)
	wantContains(t, c.get(a+"/workspace"), `action="`+a+`/scans"`)
	page := c.waitJob(c.postForm(a+"/scans", nil))
	wantContains(t, page, "Done", "dns harboursidefp.com.au ... done", "external-scan.json")
	if fmt.Sprint(scanned.Domains) != "[harboursidefp.com.au]" {
		t.Errorf("scanned %v", scanned.Domains)
	}
	files, err := e.st.EvidenceFiles(context.Background(), e.admin.Tenant(), e.a.ID)
	must(t, err)
	if len(files) != 1 || files[0].Name != ScanEvidenceName || files[0].Facts != 1 || files[0].Error != "" {
		t.Fatalf("evidence %+v", files)
	}
	wantStatus(t, c.get(c.runAudit(a)), http.StatusOK)
	latest, err := e.st.LatestAudit(context.Background(), e.admin.Tenant(), e.a.ID)
	must(t, err)
	if len(latest.Result.Evidence) != 1 || latest.Result.Evidence[0].File != ScanEvidenceName {
		t.Errorf("the audit after the scan read %+v", latest.Result.Evidence)
	}
}

// While a scan runs, its status page (and the fragment htmx polls for)
// lists the steps finished so far; when it ends, all of them.
func TestScanProgressWhileRunning(t *testing.T) {
	e := newEnv(t)
	release := make(chan struct{})
	e.scan = func(ctx context.Context, p audit.Practice, progress func(string)) ([]audit.Fact, error) {
		progress("dns harboursidefp.com.au ... done")
		progress("tcp 203.0.113.10:3389 ... open")
		select {
		case <-release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		progress("tls harboursidefp.com.au:443 ... done")
		return []audit.Fact{{Kind: audit.FactEmailDomain, EmailDomain: &audit.EmailDomain{Domain: "harboursidefp.com.au"}}}, nil
	}
	c := e.signedIn(e.userA)
	res := c.postForm(practicePath(e.a.ID)+"/scans", nil)
	wantStatus(t, res, http.StatusSeeOther)
	loc := res.Header.Get("Location")

	deadline := time.Now().Add(10 * time.Second)
	for {
		page := c.get(loc)
		if strings.Contains(page.body, "2 steps finished so far") {
			wantContains(t, page, "dns harboursidefp.com.au ... done", "tcp 203.0.113.10:3389 ... open", "Running")
			break
		}
		if time.Now().After(deadline) {
			close(release)
			t.Fatalf("the running scan's steps never showed:\n%s", page.body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	req, err := http.NewRequest("GET", e.ts.URL+loc, nil)
	must(t, err)
	req.Header.Set("HX-Request", "true")
	frag := c.do(req)
	wantContains(t, frag, "2 steps finished so far", `hx-trigger="every 2s"`)

	close(release)
	page := c.waitJob(res)
	wantContains(t, page, "Done", "3 steps finished.", "tls harboursidefp.com.au:443 ... done")
}

// The audit is as of today where the practice is: at 15:00 UTC it is
// already the next day in Sydney (practice A is Australian).
func TestAuditJobAsOfPracticeDate(t *testing.T) {
	e := newEnv(t)
	e.clock.advance(6 * time.Hour) // 2026-11-20 15:00 UTC, 02:00 on the 21st in Sydney
	c := e.signedIn(e.userA)
	wantStatus(t, c.get(c.runAudit(practicePath(e.a.ID))), http.StatusOK)
	latest, err := e.st.LatestAudit(context.Background(), e.admin.Tenant(), e.a.ID)
	must(t, err)
	if latest.AsOf != "2026-11-21" {
		t.Errorf("audit as of %s, want 2026-11-21", latest.AsOf)
	}
}
