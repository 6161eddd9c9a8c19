package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"triage/internal/store"
)

// The practice list shows practicesPerPage rows a page, with Previous and
// Next links that keep the search and order; a practice user still sees
// only their practice, whatever page they ask for.
func TestPracticeListPages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for i := 1; i <= 60; i++ {
		_, err := e.st.CreatePractice(ctx, e.admin.Tenant(), fmt.Sprintf("name: Practice %03d\ncountry: AU\n", i))
		must(t, err)
	}
	row := func(n int) string { return fmt.Sprintf(">Practice %03d</a>", n) }
	aud := e.signedIn(e.auditor)

	// By name: Bayview, Harbour Street, then Practice 001 to 048 on page 1.
	res := aud.get("/practices")
	wantStatus(t, res, http.StatusOK)
	wantContains(t, res, ">Bayview Medical</a>", row(1), row(48), `href="/practices?page=2"`, "Next",
		"Practices 1&ndash;50 of 62")
	for _, absent := range []string{row(49), row(60), ">Previous<"} {
		if strings.Contains(res.body, absent) {
			t.Errorf("page 1 shows %q", absent)
		}
	}
	res = aud.get("/practices?page=2")
	wantStatus(t, res, http.StatusOK)
	wantContains(t, res, row(49), row(60), `href="/practices"`, "Previous", "Practices 51&ndash;62 of 62")
	for _, absent := range []string{row(48), ">Bayview Medical</a>", ">Next<"} {
		if strings.Contains(res.body, absent) {
			t.Errorf("page 2 shows %q", absent)
		}
	}
	// Past the end is the last page; nonsense is the first.
	wantContains(t, aud.get("/practices?page=9"), row(60), "page 2 of 2")
	wantContains(t, aud.get("/practices?page=x"), row(1), "page 1 of 2")

	// The links keep the search and the order.
	res = aud.get("/practices?q=practice&sort=open_now")
	wantContains(t, res, `href="/practices?page=2&amp;q=practice&amp;sort=open_now"`, "Practices 1&ndash;50 of 60")
	res = aud.get("/practices?page=2&q=practice&sort=open_now")
	wantContains(t, res, `href="/practices?q=practice&amp;sort=open_now"`, "Practices 51&ndash;60 of 60")

	// A practice user cannot open the list, on any page (the store test
	// TestPracticesPage checks they would see their practice alone).
	a := e.signedIn(e.userA)
	for _, path := range []string{"/practices", "/practices?page=2", "/practices?q=practice"} {
		res := a.get(path)
		wantStatus(t, res, http.StatusForbidden)
		if strings.Contains(res.body, ">Bayview Medical</a>") || strings.Contains(res.body, row(1)) {
			t.Errorf("%s: practice A's user sees other practices", path)
		}
	}
}

// A practice audited more than once shows its trend: the recent scores as
// a line and the change since the audit before; one audited once says so.
func TestPracticeListTrend(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, a := range []struct {
		asOf  string
		score int
	}{{"2026-05-20", 30}, {"2026-08-20", 50}, {"2026-11-20", 42}} {
		r := cacheTestResult(a.asOf, "x")
		r.Scores.Overall = a.score
		_, err := e.st.SaveAudit(ctx, e.admin.Tenant(), e.a.ID, r)
		must(t, err)
	}
	_, err := e.st.SaveAudit(ctx, e.admin.Tenant(), e.b.ID, cacheTestResult("2026-11-20", "y"))
	must(t, err)
	res := e.signedIn(e.auditor).get("/practices")
	wantStatus(t, res, http.StatusOK)
	wantContains(t, res, `aria-label="Scores of the last 3 audits, oldest first: 30, 50, 42"`,
		`<polyline points="2.0,13.2 32.0,10.0 62.0,11.3"/>`, // y = 18 - score × 16/100,
		`<span class="delta down"><span aria-hidden="true">&#9660;</span> -8</span><span class="sr-only"> since the audit of 2026-08-20</span>`,
		`<span class="hint">first audit</span>`)
}

func TestNewTrend(t *testing.T) {
	if newTrend(nil) != nil || newTrend([]store.ScorePoint{{AsOf: "2026-01-01", Score: 50}}) != nil {
		t.Error("a trend from fewer than two audits")
	}
	tr := newTrend([]store.ScorePoint{{AsOf: "2026-01-01", Score: 0}, {AsOf: "2026-02-01", Score: 100}, {AsOf: "2026-03-01", Score: 100}})
	if tr.Points != "2.0,18.0 32.0,2.0 62.0,2.0" || tr.Change != 0 || tr.PrevAsOf != "2026-02-01" ||
		tr.Label != "Scores of the last 3 audits, oldest first: 0, 100, 100" {
		t.Errorf("trend %+v", tr)
	}
}
