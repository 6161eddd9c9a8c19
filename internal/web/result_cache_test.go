package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"triage/internal/audit"
	"triage/internal/store"
)

func cacheTestResult(asOf, reason string) *audit.Result {
	return &audit.Result{SchemaVersion: 1, ToolVersion: "test", AsOf: asOf,
		Practice: audit.PracticeRef{Name: "Test"},
		Scores:   audit.Scores{Overall: 50, Rating: "fair"},
		Counts:   map[audit.Status]int{audit.Fail: 1},
		Findings: []audit.Finding{{ControlID: "ACC-MFA-ALL", Area: audit.Areas[0], Title: "MFA", Status: audit.Fail, Reason: reason, Risk: 20}}}
}

// The results page serves a decoded result from the cache, but only after
// the store has confirmed the tenant may see that audit of that practice.
func TestResultsCache(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	aA, err := e.st.SaveAudit(ctx, e.admin.Tenant(), e.a.ID, cacheTestResult("2026-11-20", "reason of practice A"))
	must(t, err)
	aB, err := e.st.SaveAudit(ctx, e.admin.Tenant(), e.b.ID, cacheTestResult("2026-11-20", "reason of practice B"))
	must(t, err)
	pathA := practicePath(e.a.ID) + fmt.Sprintf("/audits/%d", aA.ID)
	pathB := practicePath(e.b.ID) + fmt.Sprintf("/audits/%d", aB.ID)

	// Fill the cache with both audits, as the auditor.
	aud := e.signedIn(e.auditor)
	wantContains(t, aud.get(pathA), "reason of practice A")
	wantContains(t, aud.get(pathB), "reason of practice B")
	if results.get(e.st, aA) == nil || results.get(e.st, aB) == nil {
		t.Fatal("the results were not cached")
	}
	// A's user reads A from the cache, and never B, by either URL.
	userA := e.signedIn(e.userA)
	wantContains(t, userA.get(pathA), "reason of practice A")
	for _, path := range []string{pathB, practicePath(e.a.ID) + fmt.Sprintf("/audits/%d", aB.ID)} {
		res := userA.get(path)
		wantStatus(t, res, http.StatusNotFound)
		if strings.Contains(res.body, "reason of practice B") {
			t.Errorf("%s: A's user read B's cached result", path)
		}
	}
	// Even the auditor gets "not found" for B's audit under A's URL.
	wantStatus(t, aud.get(practicePath(e.a.ID)+fmt.Sprintf("/audits/%d", aB.ID)), http.StatusNotFound)
	// Once the practice is gone, its cached audit is not served.
	must(t, e.st.DeletePractice(ctx, e.admin.Tenant(), e.b.ID))
	wantStatus(t, aud.get(pathB), http.StatusNotFound)
}

func TestResultCacheLRU(t *testing.T) {
	c := newResultCache(3)
	st := &store.Store{}
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mk := func(id int64) store.Audit {
		a := store.Audit{PracticeID: 7, Result: cacheTestResult("2026-11-20", fmt.Sprint(id))}
		a.ID, a.CreatedAt = id, at
		return a
	}
	for id := int64(1); id <= 3; id++ {
		c.put(st, mk(id))
	}
	c.get(st, mk(1)) // 1 is now the most recent; 2 the least
	c.put(st, mk(4))
	if c.len() != 3 || c.get(st, mk(2)) != nil {
		t.Errorf("the least recently used entry was kept (%d entries)", c.len())
	}
	for _, id := range []int64{1, 3, 4} {
		if e := c.get(st, mk(id)); e == nil || e.result.Findings[0].Reason != fmt.Sprint(id) {
			t.Errorf("audit %d: %+v", id, e)
		}
	}
	// Another store, another practice or another creation time: a miss.
	if c.get(&store.Store{}, mk(1)) != nil {
		t.Error("an entry was shared between stores")
	}
	other := mk(1)
	other.PracticeID = 8
	if c.get(st, other) != nil {
		t.Error("an entry matched an audit of another practice")
	}
	later := mk(3)
	later.CreatedAt = at.Add(time.Second)
	if c.get(st, later) != nil || c.len() != 1 { // both mismatches dropped their entries
		t.Error("an entry matched an audit saved at another time, or stayed")
	}
}

// The results page keeps the audit's drawn parts, but the accept-risk
// forms offer dates from today, so they are drawn again on a new day.
func TestResultsAcceptFormFollowsTheDay(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a, err := e.st.SaveAudit(ctx, e.admin.Tenant(), e.a.ID, cacheTestResult("2026-11-20", "open finding"))
	must(t, err)
	c := e.signedIn(e.userA)
	path := auditPath(e.a.ID, a.ID)
	wantContains(t, c.get(path), `value="2027-11-20" min="2026-11-20"`)
	for range 15 { // 09:00 to midnight, never idle long enough to be signed out
		e.clock.advance(time.Hour)
		wantStatus(t, c.get(practicePath(e.a.ID)), http.StatusOK)
	}
	res := c.get(path)
	wantContains(t, res, `value="2027-11-21" min="2026-11-21"`)
	if strings.Contains(res.body, `min="2026-11-20"`) {
		t.Error("yesterday's accept form is still served")
	}
}

// An area with no score (nothing in it could be judged) says so, rather
// than showing 0, which would read as failing.
func TestResultsAreaNotJudged(t *testing.T) {
	e := newEnv(t)
	r := cacheTestResult("2026-11-20", "judged")
	r.Scores.Areas = map[audit.Area]int{audit.AreaAccess: 40}
	a, err := e.st.SaveAudit(context.Background(), e.admin.Tenant(), e.a.ID, r)
	must(t, err)
	res := e.signedIn(e.userA).get(auditPath(e.a.ID, a.ID))
	wantContains(t, res, `<th scope="row">Access</th><td><meter`, `value="40"`,
		`<th scope="row">Continuity</th><td colspan="2" class="hint">Not judged`)
	if strings.Count(res.body, "Not judged") != len(audit.Areas)-1 {
		t.Errorf("want %d areas not judged:\n%s", len(audit.Areas)-1, res.body)
	}
}
