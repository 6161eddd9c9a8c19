package web

import (
	"context"
	"time"
)

// How long finished work and old sign-in failures are kept.
const (
	// keepFinishedJobs: a finished job's page (its result, a scan's steps)
	// stays reachable this long; the audit or evidence it made is kept
	// for good elsewhere.
	keepFinishedJobs = 30 * 24 * time.Hour
	// keepLoginFailures: failures with no new one for this long are
	// forgotten (a running lock-out never is).
	keepLoginFailures = 24 * time.Hour
	// HousekeepingEvery is how often `triage serve` tidies up.
	HousekeepingEvery = time.Hour
)

// Housekeep deletes what is no longer needed: expired sessions, finished
// jobs older than keepFinishedJobs and stale sign-in failures. Each
// instance may run it; the deletions do not conflict.
func (s *Server) Housekeep(ctx context.Context) error {
	now := s.st.Now()
	sessions, err := s.st.Sessions().DeleteExpired(ctx)
	if err != nil {
		return err
	}
	finished, err := s.queue().Prune(ctx, now.Add(-keepFinishedJobs))
	if err != nil {
		return err
	}
	failures, err := s.st.PruneLoginAttempts(ctx, now.Add(-keepLoginFailures))
	if err != nil {
		return err
	}
	if sessions+finished+failures > 0 {
		s.log.Info("housekeeping", "expired_sessions", sessions, "finished_jobs", finished, "stale_signin_failures", failures)
	}
	return nil
}

// RunHousekeeping runs Housekeep now and then every interval until ctx
// ends; a failure is logged and tried again next time.
func (s *Server) RunHousekeeping(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := s.Housekeep(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("housekeeping", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
