package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// LogEntry is one line of the audit log: who did what, to which practice,
// when. Detail names things (a file, a control id, an email), never an
// answer's value, a password, a token or a secret.
type LogEntry struct {
	ID         int64
	At         time.Time
	UserID     int64 // 0 for the system or someone not signed in
	PracticeID int64 // 0 when no practice is concerned
	Action     string
	Detail     string
}

// LogFilter narrows AuditLog. Zero fields do not filter.
type LogFilter struct {
	UserID     int64
	PracticeID int64
	Action     string
	Since      time.Time // inclusive
	Until      time.Time // exclusive
	Limit      int       // newest first; default and maximum 1000
}

// maxLogRows bounds one page of the audit log.
const maxLogRows = 1000

// Log appends to the audit log as the tenant. It records what it is told,
// whether or not the tenant may see the practice named: a refused attempt
// is worth logging too, and nothing is read.
func (s *Store) Log(ctx context.Context, t Tenant, practiceID int64, action, detail string) error {
	return logEntry(ctx, s.db, s.now(), t, practiceID, action, detail)
}

// execer is what *sql.DB and *sql.Tx share for writes.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// logEntry writes a log line, inside the caller's transaction when given
// one, so an action and its record commit together.
func logEntry(ctx context.Context, db execer, now time.Time, t Tenant, practiceID int64, action, detail string) error {
	if action == "" {
		return invalid("a log entry needs an action")
	}
	_, err := db.ExecContext(ctx, `
		INSERT INTO audit_log (at, user_id, practice_id, action, detail) VALUES ($1, $2, $3, $4, $5)`,
		FormatTime(now), nullID(t.UserID), nullID(practiceID), action, detail)
	if err != nil {
		return fmt.Errorf("store: writing the audit log: %w", err)
	}
	return nil
}

// AuditLog reads the log, newest first. Admins only: the log spans every
// practice.
func (s *Store) AuditLog(ctx context.Context, t Tenant, f LogFilter) ([]LogEntry, error) {
	if !t.isAdmin() {
		return nil, fmt.Errorf("reading the audit log: %w", ErrForbidden)
	}
	if f.Limit <= 0 || f.Limit > maxLogRows {
		f.Limit = maxLogRows
	}
	until := "9999" // sorts after every stored instant
	if !f.Until.IsZero() {
		until = FormatTime(f.Until)
	}
	rows, err := s.query(ctx, `
		SELECT id, at, user_id, practice_id, action, detail FROM audit_log
		WHERE (user_id = $1 OR $1 = 0) AND (practice_id = $2 OR $2 = 0) AND (action = $3 OR $3 = '')
		  AND at >= $4 AND at < $5
		ORDER BY id DESC LIMIT $6`,
		f.UserID, f.PracticeID, f.Action, FormatTime(f.Since), until, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("store: reading the audit log: %w", err)
	}
	defer rows.Close()
	var list []LogEntry
	for rows.Next() {
		var e LogEntry
		if err := rows.Scan(&e.ID, scanTime(&e.At), scanID(&e.UserID), scanID(&e.PracticeID), &e.Action, &e.Detail); err != nil {
			return nil, fmt.Errorf("store: reading the audit log: %w", err)
		}
		list = append(list, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: reading the audit log: %w", err)
	}
	return list, nil
}
