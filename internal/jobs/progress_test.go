package jobs

import (
	"context"
	"errors"
	"testing"
	"time"

	"triage/internal/store/storetest"
)

// A running job's progress is readable by whoever may see the job, only
// the worker holding the lease can write it, and a new attempt starts it
// afresh.
func TestProgress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
		st := newSetup(t, open(t, dsn).WithClock(c.now))
		q := New(st.s)
		id, err := q.Enqueue(ctx, st.userA, "scan", st.a, nil)
		must(t, err)
		j, err := q.Claim(ctx, "w1")
		must(t, err)
		must(t, q.Progress(ctx, j, "dns a.example ... done\nmx a.example ... done"))
		seen, err := q.Job(ctx, st.userA, id)
		must(t, err)
		if seen.Progress != "dns a.example ... done\nmx a.example ... done" {
			t.Fatalf("progress read back as %q", seen.Progress)
		}

		// The lease runs out and w2 takes the job: w1 can no longer write,
		// and w2's attempt starts with no progress.
		c.advance(q.Lease + time.Second)
		j2, err := q.Claim(ctx, "w2")
		must(t, err)
		if j2 == nil || j2.ID != id || j2.Progress != "" {
			t.Fatalf("reclaimed %+v", j2)
		}
		if err := q.Progress(ctx, j, "stale"); !errors.Is(err, ErrLeaseLost) {
			t.Fatalf("a worker without the lease wrote progress: %v", err)
		}
		must(t, q.Progress(ctx, j2, "dns a.example ... done"))
		seen, err = q.Job(ctx, st.admin, id)
		must(t, err)
		if seen.Progress != "dns a.example ... done" {
			t.Fatalf("progress after the second attempt wrote: %q", seen.Progress)
		}
	})
}
