package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"sync"
	"time"
)

// Handler does one job. Its result is stored as JSON. Return Permanent(err)
// for a failure that retrying cannot fix. The context is cancelled when the
// runner stops or the job's lease is lost.
type Handler func(ctx context.Context, j *Job) (result any, err error)

// Runner polls a queue and runs jobs with the handler for their kind.
type Runner struct {
	Queue    *Queue
	Handlers map[string]Handler
	// Worker names this runner in the jobs table (locked_by); default
	// DefaultWorker(). Each of several instances needs its own.
	Worker string
	// Poll is the wait between looks at an empty queue; default 1s.
	Poll time.Duration
	// Concurrency is how many jobs run at once; default 1.
	Concurrency int
	// Log receives job failures; nil discards them.
	Log *slog.Logger
}

// DefaultWorker is host-pid-random: unique per process, and readable in the
// jobs table.
func DefaultWorker() string {
	host, _ := os.Hostname()
	b := make([]byte, 3)
	rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Run claims and runs jobs until ctx is cancelled, then waits for the jobs
// in hand to return. A job interrupted by shutdown counts as a failed
// attempt and is retried later, by this instance or another.
func (r *Runner) Run(ctx context.Context) error {
	if r.Queue == nil {
		return errors.New("jobs: Runner has no Queue")
	}
	worker := r.Worker
	if worker == "" {
		worker = DefaultWorker()
	}
	n := max(r.Concurrency, 1)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := worker
			if n > 1 {
				name = fmt.Sprintf("%s/%d", worker, i)
			}
			r.loop(ctx, name)
		}()
	}
	wg.Wait()
	return nil
}

func (r *Runner) loop(ctx context.Context, worker string) {
	poll := r.Poll
	if poll <= 0 {
		poll = time.Second
	}
	for ctx.Err() == nil {
		j, err := r.Queue.Claim(ctx, worker)
		if err != nil && ctx.Err() == nil {
			r.log("claiming a job", "worker", worker, "err", err)
		}
		if j == nil {
			wait(ctx, poll)
			continue
		}
		r.run(ctx, j)
	}
}

// wait sleeps for d or until ctx is done.
func wait(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// run calls the job's handler while keeping its lease alive, then records
// the outcome. The outcome is written even during shutdown.
func (r *Runner) run(ctx context.Context, j *Job) {
	h, ok := r.Handlers[j.Kind]
	if !ok {
		h = func(context.Context, *Job) (any, error) {
			return nil, Permanent(fmt.Errorf("no handler for jobs of kind %q", j.Kind))
		}
	}
	hctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go r.keepLease(hctx, cancel, j, done)
	result, err := r.call(hctx, h, j)
	close(done)
	cancel()

	out := context.WithoutCancel(ctx)
	if err != nil {
		r.log("job failed", "id", j.ID, "kind", j.Kind, "attempt", j.Attempts, "err", err)
		err = r.Queue.Fail(out, j, err)
	} else {
		err = r.Queue.Complete(out, j, result)
	}
	if err != nil {
		r.log("recording a job's outcome", "id", j.ID, "kind", j.Kind, "err", err)
	}
}

// keepLease extends the lease every third of it while the handler runs, and
// cancels the handler if the lease is lost: another worker has the job.
func (r *Runner) keepLease(ctx context.Context, cancel func(), j *Job, done <-chan struct{}) {
	tick := time.NewTicker(max(r.Queue.Lease/3, time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			return
		case <-tick.C:
			if err := r.Queue.Extend(ctx, j); errors.Is(err, ErrLeaseLost) {
				r.log("lease lost; stopping the job", "id", j.ID, "kind", j.Kind)
				cancel()
				return
			}
		}
	}
}

// call runs a handler, turning a panic into an error so one bad job cannot
// stop the runner.
func (r *Runner) call(ctx context.Context, h Handler, j *Job) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			r.log("handler panicked", "id", j.ID, "kind", j.Kind, "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("the %s handler panicked: %v", j.Kind, p)
		}
	}()
	return h(ctx, j)
}

func (r *Runner) log(msg string, args ...any) {
	if r.Log != nil {
		r.Log.Warn("jobs: "+msg, args...)
	}
}
