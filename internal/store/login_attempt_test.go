package store

import (
	"context"
	"testing"
	"time"
)

func TestLockout(t *testing.T) {
	for failures, want := range map[int]time.Duration{1: 0, 4: 0, 5: 30 * time.Second, 6: time.Minute, 8: 4 * time.Minute, 10: 15 * time.Minute, 50: 15 * time.Minute} {
		if got := lockout(failures); got != want {
			t.Errorf("lockout(%d) = %v, want %v", failures, got, want)
		}
	}
}

func TestLoginAttempts(t *testing.T) {
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		key := "email:jo@harbourside.example"
		for i := 1; i <= 5; i++ {
			wait, err := s.RecordFailure(ctx, key)
			must(t, err)
			if wait != lockout(i) {
				t.Errorf("failure %d: wait %v", i, wait)
			}
		}
		left, err := s.LockedOut(ctx, key)
		if err != nil || left != 30*time.Second {
			t.Errorf("LockedOut: %v %v", left, err)
		}
		c.advance(31 * time.Second)
		if left, _ := s.LockedOut(ctx, key); left != 0 {
			t.Errorf("still locked after the back-off: %v", left)
		}
		if left, _ := s.LockedOut(ctx, "ip:203.0.113.9"); left != 0 {
			t.Errorf("an unknown key is locked: %v", left)
		}
		must(t, s.ResetFailures(ctx, key))
		if wait, _ := s.RecordFailure(ctx, key); wait != 0 {
			t.Errorf("after a reset: %v", wait)
		}
	})
}

// Old failures are forgotten, but never a lock-out still running.
func TestPruneLoginAttempts(t *testing.T) {
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		for range freeFailures + 1 { // one too many: locked for a while
			_, err := s.RecordFailure(ctx, "locked@example.com")
			must(t, err)
		}
		_, err := s.RecordFailure(ctx, "old@example.com")
		must(t, err)

		n, err := s.PruneLoginAttempts(ctx, c.now().Add(time.Second))
		must(t, err)
		if n != 1 {
			t.Errorf("pruned %d keys, want 1 (the unlocked one)", n)
		}
		if wait, err := s.LockedOut(ctx, "locked@example.com"); err != nil || wait == 0 {
			t.Errorf("a running lock-out was forgotten: %v, %v", wait, err)
		}
		c.advance(maxLockout + time.Second)
		n, err = s.PruneLoginAttempts(ctx, c.now())
		must(t, err)
		if n != 1 {
			t.Errorf("after the lock-out: pruned %d keys, want 1", n)
		}
	})
}
