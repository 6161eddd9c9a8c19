package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Sign-in back-off: the first few failures cost nothing, then each one
// locks the key for twice as long as the last, up to a ceiling, which
// makes guessing a password hopeless without locking out the real user for
// long.
const (
	freeFailures = 5
	firstLockout = 30 * time.Second
	maxLockout   = 15 * time.Minute
)

// lockout is the back-off after the given number of failures.
func lockout(failures int) time.Duration {
	if failures < freeFailures {
		return 0
	}
	d := firstLockout
	for i := freeFailures; i < failures && d < maxLockout; i++ {
		d *= 2
	}
	return min(d, maxLockout)
}

// RecordFailure counts a failed sign-in for key (the caller's choice, such
// as "email:jo@clinic.example" or "ip:203.0.113.9") and returns how long
// the key is now locked out, 0 when it is not. It takes no Tenant: the
// person is not signed in.
func (s *Store) RecordFailure(ctx context.Context, key string) (time.Duration, error) {
	var wait time.Duration
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var failures int
		err := tx.QueryRowContext(ctx, `
			INSERT INTO login_attempts (login_key, failures, updated_at) VALUES ($1, 1, $2)
			ON CONFLICT (login_key) DO UPDATE SET failures = login_attempts.failures + 1, updated_at = excluded.updated_at
			RETURNING failures`, key, FormatTime(now)).Scan(&failures)
		if err != nil {
			return fmt.Errorf("store: recording a failed sign-in: %w", err)
		}
		wait = lockout(failures)
		_, err = tx.ExecContext(ctx, `UPDATE login_attempts SET locked_until = $1 WHERE login_key = $2`,
			nullTime(timeIf(wait > 0, now.Add(wait))), key)
		if err != nil {
			return fmt.Errorf("store: recording a failed sign-in: %w", err)
		}
		return nil
	})
	return wait, err
}

func timeIf(ok bool, t time.Time) time.Time {
	if ok {
		return t
	}
	return time.Time{}
}

// LockedOut returns how much longer key is locked out, 0 when it is free.
// Check it before checking a password, so a locked-out guesser learns
// nothing from a right guess.
func (s *Store) LockedOut(ctx context.Context, key string) (time.Duration, error) {
	var until time.Time
	err := s.queryRow(ctx, `SELECT locked_until FROM login_attempts WHERE login_key = $1`, key).Scan(scanTime(&until))
	if err == sql.ErrNoRows || until.IsZero() {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: reading sign-in back-off: %w", err)
	}
	return max(until.Sub(s.now()), 0), nil
}

// ResetFailures forgets key's failures, after a successful sign-in.
func (s *Store) ResetFailures(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM login_attempts WHERE login_key = $1`, key); err != nil {
		return fmt.Errorf("store: resetting sign-in back-off: %w", err)
	}
	return nil
}

// PruneLoginAttempts forgets the failures of keys that have had none since
// before and are not locked out now, and returns how many keys it forgot.
// Without it a burst of wrong passwords months ago would leave an account
// one mistake from a lock-out for ever, and the table would only grow.
func (s *Store) PruneLoginAttempts(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `
		DELETE FROM login_attempts
		WHERE updated_at < $1 AND (locked_until IS NULL OR locked_until < $2)`,
		FormatTime(before), FormatTime(s.now()))
	if err != nil {
		return 0, fmt.Errorf("store: pruning sign-in back-off: %w", err)
	}
	return res.RowsAffected()
}
