package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// migrations holds the schema as numbered files per dialect:
// migrations/sqlite/0001_init.sql and migrations/postgres/0001_init.sql.
// Both folders must hold the same numbers; a test checks that they end at
// the same version with the same tables and columns.
//
//go:embed migrations
var migrations embed.FS

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// createVersionTable is the same on both databases. It is not in a
// migration file because it records which files have run.
const createVersionTable = `CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
)`

// pgMigrationLock is the PostgreSQL advisory lock key that keeps two
// instances starting at once from applying the same migration twice.
const pgMigrationLock = 0x7472696167 // "triag"

// loadMigrations reads a dialect's migrations in version order.
func loadMigrations(dialect string) ([]migration, error) {
	dir := path.Join("migrations", dialect)
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("store: migration %s/%s: name must be NNNN_what.sql", dir, e.Name())
		}
		b, err := fs.ReadFile(migrations, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("store: migrations/%s: expected version %d, found %s", dialect, i+1, m.name)
		}
	}
	return ms, nil
}

// LatestVersion is the schema version this build of Triage creates.
func LatestVersion() int {
	ms, err := loadMigrations(sqliteDialect.name)
	if err != nil {
		return 0
	}
	return len(ms)
}

// migrate applies the pending migrations, each in its own transaction
// together with its schema_version row, so a failure leaves the database at
// the last version that applied cleanly.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations(s.d.name)
	if err != nil {
		return err
	}
	// One connection throughout: PostgreSQL's advisory lock belongs to it.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer conn.Close()
	if s.Postgres() {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, pgMigrationLock); err != nil {
			return fmt.Errorf("store: waiting for the migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, pgMigrationLock)
	}
	for _, m := range ms {
		if err := s.apply(ctx, conn, m, len(ms)); err != nil {
			return err
		}
	}
	return nil
}

// apply runs one migration unless the database already has it. On SQLite
// the transaction begins IMMEDIATE, which serialises instances as the
// advisory lock does on PostgreSQL; the version is re-read inside it.
func (s *Store) apply(ctx context.Context, conn *sql.Conn, m migration, latest int) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, createVersionTable); err != nil {
		return fmt.Errorf("store: creating schema_version: %w", err)
	}
	current, err := versionOf(ctx, tx)
	if err != nil {
		return err
	}
	if current > latest {
		return &tooNew{current, latest}
	}
	if current >= m.version {
		return tx.Commit()
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("store: migration %s/%s: %w", s.d.name, m.name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)`,
		m.version, FormatTime(s.now())); err != nil {
		return fmt.Errorf("store: migration %s: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: migration %s: %w", m.name, err)
	}
	return nil
}

// queryer is what *sql.DB, *sql.Tx and *sql.Conn share.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// versionOf is the highest applied migration, 0 for an empty database.
func versionOf(ctx context.Context, q queryer) (int, error) {
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: reading schema_version: %w", err)
	}
	return int(v.Int64), nil
}

// SchemaVersion is the database's schema version.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	return versionOf(ctx, s.db)
}

// tooNew: a newer Triage has upgraded this database. Running an older one
// against it could misread or damage data, so Open refuses.
type tooNew struct{ have, know int }

func (e *tooNew) Error() string {
	return fmt.Sprintf("store: the database is at schema version %d but this Triage knows only up to %d: upgrade Triage", e.have, e.know)
}
