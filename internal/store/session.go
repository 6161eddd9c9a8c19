package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Sessions is the session table with the methods of scs's Store and
// CtxStore interfaces, so the web package can hand it to scs (sm.Store =
// st.Sessions()) without this package importing scs.
// Tokens are stored as SHA-256 hashes (see tokenHash): a stolen backup holds
// no live session. These take no Tenant: scs calls them before anyone is
// known, and the token is the secret.
type Sessions struct{ s *Store }

// Sessions returns the session table.
func (s *Store) Sessions() *Sessions { return &Sessions{s} }

// Find returns a session's data; found is false when the token is unknown
// or expired.
func (ss *Sessions) Find(token string) (b []byte, found bool, err error) {
	return ss.FindCtx(context.Background(), token)
}

// FindCtx is Find with a context.
func (ss *Sessions) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := ss.s.queryRow(ctx, `SELECT data FROM sessions WHERE token_hash = $1 AND expiry > $2`,
		tokenHash(token), FormatTime(ss.s.now())).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: reading a session: %w", err)
	}
	return b, true, nil
}

// Commit saves a session, replacing any earlier data under the token.
func (ss *Sessions) Commit(token string, b []byte, expiry time.Time) error {
	return ss.CommitCtx(context.Background(), token, b, expiry)
}

// CommitCtx is Commit with a context.
func (ss *Sessions) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	_, err := ss.s.db.ExecContext(ctx, `
		INSERT INTO sessions (token_hash, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token_hash) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`,
		tokenHash(token), b, FormatTime(expiry))
	if err != nil {
		return fmt.Errorf("store: saving a session: %w", err)
	}
	return nil
}

// Delete removes a session; an unknown token is not an error.
func (ss *Sessions) Delete(token string) error {
	return ss.DeleteCtx(context.Background(), token)
}

// DeleteCtx is Delete with a context.
func (ss *Sessions) DeleteCtx(ctx context.Context, token string) error {
	if _, err := ss.s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash(token)); err != nil {
		return fmt.Errorf("store: deleting a session: %w", err)
	}
	return nil
}

// DeleteExpired removes sessions past their expiry and returns how
// many; Find already ignores them, and the web server's housekeeping runs
// this now and then so the table does not grow for ever.
func (ss *Sessions) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := ss.s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= $1`, FormatTime(ss.s.now()))
	if err != nil {
		return 0, fmt.Errorf("store: deleting expired sessions: %w", err)
	}
	return res.RowsAffected()
}
