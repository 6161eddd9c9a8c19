package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"triage/internal/store/storetest"
)

// fillSlots takes every active-request slot, as that many slow requests
// would, and returns a function that frees one.
func fillSlots(e *env) (free func()) {
	for range cap(e.srv.requests.slots) {
		e.srv.requests.slots <- struct{}{}
	}
	return e.srv.requests.leave
}

// With every slot taken, a page waits its turn and is served as soon as a
// slot frees; a download, which waits on something else, does not queue.
func TestAdmitQueuesQuickRequests(t *testing.T) {
	e := newEnvOn(t, storetest.SQLite(t), func(c *Config) { c.MaxActive = 2 })
	ctx := context.Background()
	a, err := e.st.SaveAudit(ctx, e.admin.Tenant(), e.a.ID, cacheTestResult("2026-11-20", "queued"))
	must(t, err)
	c := e.signedIn(e.userA)
	free := fillSlots(e)

	done := make(chan *response, 1)
	go func() { done <- c.get(practicePath(e.a.ID)) }()
	select {
	case res := <-done:
		t.Fatalf("a page was served (status %d) while every slot was taken", res.StatusCode)
	case <-time.After(300 * time.Millisecond):
	}

	// A download is not a quick route: it is served while the page waits.
	dl := c.get(fmt.Sprintf("%s/download/json", auditPath(e.a.ID, a.ID)))
	wantStatus(t, dl, http.StatusOK)

	free()
	select {
	case res := <-done:
		wantStatus(t, res, http.StatusOK)
	case <-time.After(5 * time.Second):
		t.Fatal("the waiting page was not served after a slot was freed")
	}
}

// A request that cannot get a slot in time is told the server is busy, and
// the log names its route, not its path (which may carry a token).
func TestAdmitBusy(t *testing.T) {
	e := newEnvOn(t, storetest.SQLite(t), func(c *Config) { c.MaxActive = 1 })
	e.srv.requests.wait = 50 * time.Millisecond
	fillSlots(e)
	res := e.client().get("/invite/secret-token-value")
	wantStatus(t, res, http.StatusServiceUnavailable)
	if res.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After on a busy answer")
	}
	wantContains(t, res, "busy")
	logs := e.logs.String()
	if !strings.Contains(logs, "server busy") || !strings.Contains(logs, "/invite/{token}") {
		t.Errorf("the log does not record the busy route:\n%s", logs)
	}
	if strings.Contains(logs, "secret-token-value") {
		t.Errorf("the log carries the token:\n%s", logs)
	}
}

// While the instance prints as many PDFs as it may, another waits, and is
// told to come back when the wait runs out; other formats are not held up.
func TestPrintersBusy(t *testing.T) {
	e := newEnv(t)
	a, err := e.st.SaveAudit(context.Background(), e.admin.Tenant(), e.a.ID, cacheTestResult("2026-11-20", "printing"))
	must(t, err)
	c := e.signedIn(e.userA)
	for range cap(e.srv.printers.slots) {
		e.srv.printers.slots <- struct{}{}
	}
	e.srv.printers.wait = 50 * time.Millisecond
	res := c.get(auditPath(e.a.ID, a.ID) + "/download/pdf")
	wantStatus(t, res, http.StatusServiceUnavailable)
	wantContains(t, res, "Other reports are being printed")
	if res.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	wantStatus(t, c.get(auditPath(e.a.ID, a.ID)+"/download/html"), http.StatusOK)
}
