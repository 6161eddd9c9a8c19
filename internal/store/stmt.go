package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements by their text, shared by every copy
// of a Store (WithClock). The SQLite driver parses and plans a statement
// each time it is run unprepared, which on a busy page cost about a tenth
// of the CPU; a prepared *sql.Stmt is parsed once per connection and is
// safe for concurrent use. It is off on PostgreSQL, where pgx already
// keeps its own statement cache per connection and the extra layer of
// database/sql statements only cost time (about a tenth of the practice
// list's throughput, measured with bench/web).
type stmtCache struct {
	mu    sync.Mutex
	off   bool
	stmts map[string]*sql.Stmt
}

// maxCachedStmts bounds the cache. The store's statements are constants or
// built from a closed set of parts (the practice list's orders), so they
// number well under this; anything beyond runs unprepared.
const maxCachedStmts = 256

func newStmtCache(on bool) *stmtCache { return &stmtCache{off: !on, stmts: map[string]*sql.Stmt{}} }

// prepared returns the statement for query, preparing it on first use; nil
// when it cannot be prepared or the cache is full, and the caller then runs
// the query unprepared (so an error is reported where it always was).
func (c *stmtCache) prepared(ctx context.Context, db *sql.DB, query string) *sql.Stmt {
	if c.off {
		return nil
	}
	c.mu.Lock()
	st, ok := c.stmts[query]
	full := len(c.stmts) >= maxCachedStmts
	c.mu.Unlock()
	if ok {
		return st
	}
	if full {
		return nil
	}
	// Prepared without the lock held: preparing takes a connection, which
	// may have to wait for one, and other queries must not wait on that.
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if had, ok := c.stmts[query]; ok {
		st.Close() // prepared twice at once: keep the first
		return had
	}
	c.stmts[query] = st
	return st
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.stmts {
		st.Close()
		delete(c.stmts, q)
	}
}

// query runs a query through the statement cache.
func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := s.stmts.prepared(ctx, s.db, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.db.QueryContext(ctx, query, args...)
}

// queryRow runs a query expected to return at most one row through the
// statement cache.
func (s *Store) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := s.stmts.prepared(ctx, s.db, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.db.QueryRowContext(ctx, query, args...)
}
