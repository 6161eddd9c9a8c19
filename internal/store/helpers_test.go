package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"triage/internal/audit"
	"triage/internal/store/storetest"
)

// clock is a settable time for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// openStore opens dsn and closes it when the test ends.
func openStore(t *testing.T, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// each runs fn on both databases, with a fresh store and clock.
func each(t *testing.T, fn func(t *testing.T, s *Store, c *clock)) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		c := newClock()
		fn(t, openStore(t, dsn).WithClock(c.now), c)
	})
}

const (
	yamlA = "name: Harbourside Family Practice\ncountry: AU\npms:\n  product: Best Practice\nstaff:\n"
	yamlB = "name: Bayview Medical\ncountry: US\npms:\nstaff:\n"
)

// world is two practices, A and B, with users of every role and some data
// in B, for tests that need someone to be kept out of something.
type world struct {
	admin, auditor, userA, userB Tenant
	a, b                         Practice
	adminID, userBID             int64
	evidenceB                    Evidence
	auditB                       Audit
}

func newWorld(t *testing.T, s *Store) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{}
	admin, err := s.CreateFirstAdmin(ctx, NewUser{Email: "Admin@Provider.example", Name: "Ada Admin"})
	must(t, err)
	w.admin, w.adminID = admin.Tenant(), admin.ID
	w.a, err = s.CreatePractice(ctx, w.admin, yamlA)
	must(t, err)
	w.b, err = s.CreatePractice(ctx, w.admin, yamlB)
	must(t, err)
	aud, err := s.CreateUser(ctx, w.admin, NewUser{Email: "audrey@provider.example", Name: "Audrey", Role: RoleAuditor})
	must(t, err)
	w.auditor = aud.Tenant()
	ua, err := s.CreateUser(ctx, w.admin, NewUser{Email: "jo@harbourside.example", Name: "Jo", Role: RolePractice, PracticeID: w.a.ID})
	must(t, err)
	w.userA = ua.Tenant()
	ub, err := s.CreateUser(ctx, w.admin, NewUser{Email: "sam@bayview.example", Name: "Sam", Role: RolePractice, PracticeID: w.b.ID})
	must(t, err)
	w.userB, w.userBID = ub.Tenant(), ub.ID

	w.evidenceB, err = s.SaveEvidence(ctx, w.userB, w.b.ID, sampleEvidence("users.csv", "jo@bayview.example"))
	must(t, err)
	_, err = s.SaveAnswer(ctx, w.userB, w.b.ID, "ACC-MFA-EMAIL", audit.Answer{Kind: audit.KindChoice, Choice: "yes"})
	must(t, err)
	_, err = s.SaveAcceptance(ctx, w.userB, w.b.ID, "CON-BACKUP-OFFLINE", acceptance())
	must(t, err)
	w.auditB, err = s.SaveAudit(ctx, w.userB, w.b.ID, sampleResult("2026-11-20", 61, "enforce-mfa"))
	must(t, err)
	_, err = s.SetActionStatus(ctx, w.userB, w.b.ID, "enforce-mfa", ActionInProgress, "")
	must(t, err)
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("got error %v, want %v", err, want)
	}
}

func accountFact(id string) audit.Fact {
	return audit.Fact{Kind: audit.FactAccount, Source: audit.Source{File: "users.csv", Line: 2},
		Account: &audit.Account{System: "entra", ID: id, Kind: audit.AccountMember, Enabled: true}}
}

func sampleEvidence(name string, accounts ...string) NewEvidence {
	e := NewEvidence{Name: name, Kind: "entra_users_csv", SHA256: "ab12", Size: 1234}
	for _, a := range accounts {
		e.Facts = append(e.Facts, accountFact(a))
	}
	return e
}

func acceptance() audit.Acceptance {
	d, _ := audit.ParseDate("2027-03-31")
	return audit.Acceptance{Owner: "Dr Lee", Reason: "offline copy due in March", Until: d}
}

// sampleResult is an audit with one "do now" action per id and one for
// later.
func sampleResult(asOf string, score int, nowIDs ...string) *audit.Result {
	r := &audit.Result{SchemaVersion: audit.SchemaVersion, AsOf: asOf, CatalogVersion: "1",
		Practice: audit.PracticeRef{Name: "X", Country: "AU"},
		Scores:   audit.Scores{Overall: score, Rating: "fair", Areas: map[audit.Area]int{}},
		E8Level:  1, Counts: map[audit.Status]int{}}
	for i, id := range nowIDs {
		r.Actions = append(r.Actions, audit.Action{Rank: i + 1, ID: id, Title: id, Band: audit.BandNow})
	}
	r.Actions = append(r.Actions, audit.Action{Rank: len(nowIDs) + 1, ID: "review-vendors", Band: audit.Band90d})
	return r
}
