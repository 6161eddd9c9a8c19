package web

import (
	"context"
	"time"
)

// turnstile lets a bounded number of requests through at once; the others
// wait their turn, in order of arrival, up to a time limit. It bounds both
// the quick requests a server runs at once (Server.admit) and the PDFs it
// prints at once (Server.waitForPrinter).
type turnstile struct {
	slots chan struct{}
	wait  time.Duration
}

func newTurnstile(n int, wait time.Duration) *turnstile {
	return &turnstile{slots: make(chan struct{}, n), wait: wait}
}

// enter takes a slot, at once when one is free, else when one frees within
// the wait. ok says the caller may go on and must call leave when done;
// otherwise timedOut tells a wait that ran out from a client that left.
func (t *turnstile) enter(ctx context.Context) (ok, timedOut bool) {
	select {
	case t.slots <- struct{}{}:
		return true, false
	default:
	}
	timer := time.NewTimer(t.wait)
	defer timer.Stop()
	select {
	case t.slots <- struct{}{}:
		return true, false
	case <-ctx.Done():
		return false, false
	case <-timer.C:
		return false, true
	}
}

// leave frees the slot enter took.
func (t *turnstile) leave() { <-t.slots }
