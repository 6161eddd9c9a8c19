package jobs

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"triage/internal/store/storetest"
)

// TestTwoInstances runs two runners on two separate connection pools to one
// database, as two triage serve instances would, and proves each of 200
// jobs runs exactly once.
func TestTwoInstances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		const jobs = 200
		ctx := context.Background()
		st := newSetup(t, open(t, dsn))
		q1, q2 := New(st.s), New(open(t, dsn))
		for i := range jobs {
			_, err := q1.Enqueue(ctx, st.admin, "count", st.a+int64(i%2), i)
			must(t, err)
		}

		var (
			mu     sync.Mutex
			runs   = map[int64]int{}
			byWork = map[string]int{}
		)
		count := func(instance string) Handler {
			return func(ctx context.Context, j *Job) (any, error) {
				mu.Lock()
				runs[j.ID]++
				byWork[instance]++
				mu.Unlock()
				time.Sleep(200 * time.Microsecond) // let the instances interleave
				return nil, nil
			}
		}
		rctx, stop := context.WithCancel(ctx)
		var wg sync.WaitGroup
		for i, q := range []*Queue{q1, q2} {
			name := []string{"one", "two"}[i]
			r := &Runner{Queue: q, Worker: name, Concurrency: 3, Poll: 5 * time.Millisecond,
				Handlers: map[string]Handler{"count": count(name)}}
			wg.Add(1)
			go func() { defer wg.Done(); r.Run(rctx) }()
		}

		deadline := time.Now().Add(60 * time.Second)
		for {
			var done int
			must(t, st.s.DB().QueryRow(`SELECT COUNT(*) FROM jobs WHERE status = 'done'`).Scan(&done))
			if done == jobs {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("only %d of %d jobs done after a minute", done, jobs)
			}
			time.Sleep(20 * time.Millisecond)
		}
		stop()
		wg.Wait()

		if len(runs) != jobs {
			t.Errorf("%d distinct jobs ran, want %d", len(runs), jobs)
		}
		for id, n := range runs {
			if n != 1 {
				t.Errorf("job %d ran %d times", id, n)
			}
		}
		var attempts int
		must(t, st.s.DB().QueryRow(`SELECT SUM(attempts) FROM jobs`).Scan(&attempts))
		if attempts != jobs {
			t.Errorf("%d attempts recorded for %d jobs", attempts, jobs)
		}
		t.Logf("instance one ran %d jobs, instance two %d", byWork["one"], byWork["two"])
	})
}

// TestRunnerFailures: a panic, an error and an unknown kind are recorded
// as failures and the runner carries on.
func TestRunnerFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := newSetup(t, open(t, dsn))
		q := New(st.s)
		q.MaxAttempts = 1
		ids := map[string]int64{}
		for _, kind := range []string{"panic", "error", "mystery", "ok"} {
			id, err := q.Enqueue(ctx, st.admin, kind, st.a, nil)
			must(t, err)
			ids[kind] = id
		}
		r := &Runner{Queue: q, Poll: 5 * time.Millisecond, Handlers: map[string]Handler{
			"panic": func(context.Context, *Job) (any, error) { panic("boom") },
			"error": func(context.Context, *Job) (any, error) { return nil, errors.New("no route to host") },
			"ok":    func(context.Context, *Job) (any, error) { return "fine", nil },
		}}
		rctx, stop := context.WithCancel(ctx)
		go r.Run(rctx)
		defer stop()
		want := map[string]struct {
			status Status
			msg    string
		}{
			"panic":   {Failed, "the panic handler panicked: boom"},
			"error":   {Failed, "no route to host"},
			"mystery": {Failed, `no handler for jobs of kind "mystery"`},
			"ok":      {Done, ""},
		}
		deadline := time.Now().Add(10 * time.Second)
		for kind, w := range want {
			for {
				j, err := q.Job(ctx, st.admin, ids[kind])
				must(t, err)
				if j.Status == w.status && j.Error == w.msg {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s: %+v, want %s %q", kind, j, w.status, w.msg)
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
	})
}

// TestLeaseKeptAlive: a job that runs longer than its lease keeps it, so no
// other worker starts it a second time.
func TestLeaseKeptAlive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := newSetup(t, open(t, dsn))
		q := New(st.s)
		// Long enough that a renewal every third of it arrives in time on a
		// loaded two-core CI machine running the race detector.
		q.Lease = 900 * time.Millisecond
		id, err := q.Enqueue(ctx, st.admin, "slow", st.a, nil)
		must(t, err)
		started := make(chan struct{})
		release := make(chan struct{})
		var mu sync.Mutex
		runs := 0
		r := &Runner{Queue: q, Poll: 5 * time.Millisecond, Handlers: map[string]Handler{
			"slow": func(ctx context.Context, j *Job) (any, error) {
				mu.Lock()
				runs++
				mu.Unlock()
				close(started)
				<-release
				return nil, nil
			},
		}}
		rctx, stop := context.WithCancel(ctx)
		defer stop()
		go r.Run(rctx)
		<-started
		time.Sleep(3 * q.Lease) // well past the first lease
		if j, err := New(st.s).Claim(ctx, "other"); err != nil || j != nil {
			t.Fatalf("another worker claimed a job still running: %+v %v", j, err)
		}
		close(release)
		for {
			j, _ := q.Job(ctx, st.admin, id)
			if j.Status == Done {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		mu.Lock()
		defer mu.Unlock()
		if runs != 1 {
			t.Errorf("ran %d times", runs)
		}
	})
}
