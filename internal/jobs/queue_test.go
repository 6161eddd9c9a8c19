package jobs

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"triage/internal/store"
	"triage/internal/store/storetest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// setup opens a store on dsn with an admin, two practices and a user of
// the first.
type setup struct {
	s            *store.Store
	admin, userA store.Tenant
	a, b         int64
}

func open(t *testing.T, dsn string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newSetup(t *testing.T, s *store.Store) setup {
	t.Helper()
	ctx := context.Background()
	admin, err := s.CreateFirstAdmin(ctx, store.NewUser{Email: "admin@provider.example", Name: "Admin"})
	must(t, err)
	st := setup{s: s, admin: admin.Tenant()}
	for i, y := range []string{"name: A\ncountry: AU\npms:\nstaff:\n", "name: B\ncountry: US\npms:\nstaff:\n"} {
		p, err := s.CreatePractice(ctx, st.admin, y)
		must(t, err)
		if i == 0 {
			st.a = p.ID
		} else {
			st.b = p.ID
		}
	}
	u, err := s.CreateUser(ctx, st.admin, store.NewUser{Email: "jo@a.example", Name: "Jo", Role: store.RolePractice, PracticeID: st.a})
	must(t, err)
	st.userA = u.Tenant()
	return st
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestEnqueueTenancy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := newSetup(t, open(t, dsn))
		q := New(st.s)
		idB, err := q.Enqueue(ctx, st.admin, "scan", st.b, map[string]string{"domain": "b.example"})
		must(t, err)
		if _, err := q.Enqueue(ctx, st.userA, "scan", st.b, nil); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("A's user queued a job for B: %v", err)
		}
		if _, err := q.Job(ctx, st.userA, idB); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("A's user read B's job: %v", err)
		}
		if _, err := q.Enqueue(ctx, st.userA, "sessions.clean", 0, nil); !errors.Is(err, store.ErrForbidden) {
			t.Errorf("A's user queued an instance-wide job: %v", err)
		}
		idA, err := q.Enqueue(ctx, st.userA, "scan", st.a, map[string]int{"n": 1})
		must(t, err)
		j, err := q.Job(ctx, st.userA, idA)
		must(t, err)
		if j.Status != Queued || j.PracticeID != st.a || string(j.Payload) != `{"n":1}` || j.MaxAttempts != 5 {
			t.Errorf("job: %+v", j)
		}
		if _, err := q.Enqueue(ctx, st.admin, "sessions.clean", 0, nil); err != nil {
			t.Errorf("an instance-wide job: %v", err)
		}
	})
}

// TestRetryAndLease walks a job through failure, back-off, a lost lease
// and completion, on a fixed clock.
func TestRetryAndLease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
		st := newSetup(t, open(t, dsn).WithClock(c.now))
		q := New(st.s)
		q.MaxAttempts = 3
		id, err := q.Enqueue(ctx, st.userA, "scan", st.a, nil)
		must(t, err)

		j, err := q.Claim(ctx, "w1")
		must(t, err)
		if j == nil || j.ID != id || j.Attempts != 1 || j.LockedBy != "w1" || !j.LockedUntil.Equal(c.now().Add(q.Lease)) {
			t.Fatalf("claimed %+v", j)
		}
		if again, _ := q.Claim(ctx, "w2"); again != nil {
			t.Fatalf("a leased job was claimed twice: %+v", again)
		}
		must(t, q.Fail(ctx, j, errors.New("DNS timed out")))

		// Due again after the back-off, not before.
		if j, _ := q.Claim(ctx, "w2"); j != nil {
			t.Fatalf("claimed during the back-off: %+v", j)
		}
		c.advance(q.RetryBase)
		j, err = q.Claim(ctx, "w2")
		must(t, err)
		if j == nil || j.Attempts != 2 || j.Error != "DNS timed out" {
			t.Fatalf("retry: %+v", j)
		}

		// w2 hangs; its lease runs out and w3 takes over.
		c.advance(q.Lease + time.Second)
		j3, err := q.Claim(ctx, "w3")
		must(t, err)
		if j3 == nil || j3.ID != id || j3.Attempts != 3 {
			t.Fatalf("reclaim: %+v", j3)
		}
		if err := q.Complete(ctx, j, "late"); !errors.Is(err, ErrLeaseLost) {
			t.Errorf("the stale worker's Complete: %v", err)
		}
		if err := q.Extend(ctx, j); !errors.Is(err, ErrLeaseLost) {
			t.Errorf("the stale worker's Extend: %v", err)
		}
		must(t, q.Extend(ctx, j3))
		must(t, q.Complete(ctx, j3, map[string]int{"records": 7}))
		done, err := q.Job(ctx, st.admin, id)
		must(t, err)
		if done.Status != Done || string(done.Result) != `{"records":7}` || done.LockedBy != "" {
			t.Errorf("done: %+v", done)
		}

		// Out of attempts: failed for good, with the last error.
		id2, _ := q.Enqueue(ctx, st.userA, "scan", st.a, nil)
		for i := 1; i <= q.MaxAttempts; i++ {
			c.advance(time.Hour)
			j, err := q.Claim(ctx, "w1")
			must(t, err)
			must(t, q.Fail(ctx, j, errors.New("still broken")))
		}
		failed, _ := q.Job(ctx, st.admin, id2)
		if failed.Status != Failed || failed.Attempts != 3 || failed.Error != "still broken" {
			t.Errorf("after %d failures: %+v", q.MaxAttempts, failed)
		}

		// A permanent error fails at once.
		id3, _ := q.Enqueue(ctx, st.userA, "scan", st.a, nil)
		j, _ = q.Claim(ctx, "w1")
		must(t, q.Fail(ctx, j, Permanent(errors.New("no such domain"))))
		if j, _ := q.Job(ctx, st.admin, id3); j.Status != Failed {
			t.Errorf("after a permanent error: %+v", j)
		}

		// A job whose workers all die is given up after MaxAttempts.
		id4, _ := q.Enqueue(ctx, st.userA, "scan", st.a, nil)
		for i := 0; i < q.MaxAttempts; i++ {
			j, _ := q.Claim(ctx, "doomed")
			if j == nil || j.ID != id4 {
				t.Fatalf("claim %d: %+v", i, j)
			}
			c.advance(q.Lease + time.Second)
		}
		if j, _ := q.Claim(ctx, "w1"); j != nil {
			t.Errorf("an abandoned job was handed out again: %+v", j)
		}
		if j, _ := q.Job(ctx, st.admin, id4); j.Status != Failed || !strings.Contains(j.Error, "abandoned") {
			t.Errorf("abandoned job: %+v", j)
		}

		n, err := q.Prune(ctx, c.now().Add(time.Second))
		must(t, err)
		if n != 4 {
			t.Errorf("pruned %d, want 4", n)
		}
	})
}

func TestRetryDelay(t *testing.T) {
	q := &Queue{RetryBase: 30 * time.Second, RetryMax: 5 * time.Minute}
	for attempt, want := range map[int]time.Duration{1: 30 * time.Second, 2: time.Minute, 4: 4 * time.Minute, 5: 5 * time.Minute, 40: 5 * time.Minute} {
		if got := q.retryDelay(attempt); got != want {
			t.Errorf("retryDelay(%d) = %v, want %v", attempt, got, want)
		}
	}
}
