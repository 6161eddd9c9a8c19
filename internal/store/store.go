package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// DefaultDSN is the database `triage serve` uses when not told otherwise.
const DefaultDSN = "sqlite:triage.db"

// Store is Triage's database. It is safe for concurrent use.
type Store struct {
	db    *sql.DB
	d     dialect
	now   func() time.Time
	stmts *stmtCache
}

// dialect holds the little that differs between the two databases. The SQL
// itself is shared: $1 placeholders, RETURNING and ON CONFLICT work on both.
type dialect struct {
	// name is "sqlite" or "postgres"; it picks the migrations folder.
	name string
	// skipLocked is appended to the job-claim subquery. SQLite has no row
	// locks: a single UPDATE statement holds the write lock from start to
	// end, so it needs none.
	skipLocked string
	// forUpdate locks the rows a SELECT reads until the transaction ends.
	// SQLite needs none: its transactions begin IMMEDIATE, holding the
	// database's single write lock throughout.
	forUpdate string
}

var (
	sqliteDialect   = dialect{name: "sqlite"}
	postgresDialect = dialect{name: "postgres", skipLocked: " FOR UPDATE SKIP LOCKED", forUpdate: " FOR UPDATE"}
)

// Open connects to the database named by dsn and brings its schema up to
// date. dsn is `sqlite:PATH` (a file, created when missing; `sqlite::memory:`
// for a private in-memory database) or a PostgreSQL URL
// (`postgres://user:pass@host:5432/db?sslmode=verify-full`).
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// connect opens the pool without touching the schema; backup uses it so
// that backing up never upgrades the database it is saving.
func connect(ctx context.Context, dsn string) (*Store, error) {
	driver, source, d, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	switch {
	case source == ":memory:"+sqlitePragmas:
		// Each connection would get its own empty in-memory database.
		db.SetMaxOpenConns(1)
	case d.name == sqliteDialect.name:
		setPool(db, sqlitePoolSize)
	default:
		setPool(db, postgresPoolSize)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: cannot open the database %s: %w", redact(dsn), err)
	}
	return &Store{db: db, d: d, now: time.Now, stmts: newStmtCache(d.name == sqliteDialect.name)}, nil
}

// Pool sizes. database/sql keeps only two idle connections by default, so
// under load it closes and reopens connections all the time, which on
// SQLite means reopening the file and its pragmas and on PostgreSQL a new
// server process per connection. Keeping as many idle as may be open
// avoids that; the bound keeps a burst of requests from opening hundreds
// of SQLite connections (each with its own page cache) or from using up
// PostgreSQL's max_connections (100 by default) when several instances
// share one server.
const (
	sqlitePoolSize   = 32
	postgresPoolSize = 20
)

func setPool(db *sql.DB, n int) {
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	db.SetConnMaxIdleTime(5 * time.Minute)
}

// sqlitePragmas is added to every SQLite file name. WAL lets readers work
// while one connection writes; busy_timeout makes a writer wait its turn
// instead of failing; foreign_keys makes ON DELETE CASCADE happen;
// _txlock=immediate starts every transaction with BEGIN IMMEDIATE, taking
// the write lock up front, because a transaction that reads first and
// writes later can otherwise fail with "database is locked" at once,
// without waiting, when another connection wrote in between.
const sqlitePragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"

// parseDSN turns a Triage DSN into a driver name and its data source.
func parseDSN(dsn string) (driver, source string, d dialect, err error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" || strings.ContainsAny(path, "?#") {
			return "", "", d, invalid("database %q: give a file name after sqlite:, without ? or #, e.g. sqlite:triage.db", dsn)
		}
		return "sqlite", path + sqlitePragmas, sqliteDialect, nil
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		if _, err := url.Parse(dsn); err != nil {
			return "", "", d, invalid("database: the PostgreSQL URL does not parse (check for unescaped characters in the password)")
		}
		return "pgx", dsn, postgresDialect, nil
	}
	return "", "", d, invalid("database %q: use sqlite:FILE or postgres://user@host/db", redact(dsn))
}

// redact hides a password in a DSN so error messages can quote it.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Close closes the pool.
func (s *Store) Close() error {
	s.stmts.close()
	return s.db.Close()
}

// DB is the pool, for package jobs, which shares the schema.
func (s *Store) DB() *sql.DB { return s.db }

// Postgres reports whether the store is on PostgreSQL.
func (s *Store) Postgres() bool { return s.d.name == postgresDialect.name }

// SkipLocked is the row-locking clause a claim subquery needs on this
// database: FOR UPDATE SKIP LOCKED on PostgreSQL, nothing on SQLite.
func (s *Store) SkipLocked() string { return s.d.skipLocked }

// WithClock returns a Store sharing the same pool whose notion of now is
// now, so tests can fix time. The original is unchanged.
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

// Now is the store's current time.
func (s *Store) Now() time.Time { return s.now() }

// inTx runs fn in a transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// notFound turns "no rows" into ErrNotFound, naming what was asked for.
func notFound(err error, what string, id any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s %v: %w", what, id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: %s %v: %w", what, id, err)
	}
	return nil
}

// affected turns an UPDATE or DELETE that matched no row into ErrNotFound.
func affected(res sql.Result, err error, what string, id any) error {
	if err != nil {
		return fmt.Errorf("store: %s %v: %w", what, id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %s %v: %w", what, id, err)
	}
	if n == 0 {
		return fmt.Errorf("%s %v: %w", what, id, ErrNotFound)
	}
	return nil
}
