package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"triage/internal/audit"
)

// Backup and restore cover SQLite only. A PostgreSQL database is backed up
// with PostgreSQL's own tools, which handle roles, large databases and
// point-in-time recovery far better than Triage could.

// PostgresBackupHelp says how to back up and restore a PostgreSQL store.
const PostgresBackupHelp = `Triage backs up SQLite databases only. For PostgreSQL use its own tools:
  pg_dump --format=custom --file=triage.dump "$TRIAGE_DB"
  pg_restore --clean --if-exists --no-owner --dbname="$TRIAGE_DB" triage.dump
Stop every triage serve instance before pg_restore; see docs/storage.md.`

// sqliteSide are the files SQLite keeps next to a database.
var sqliteSide = []string{"-wal", "-shm", "-journal"}

// sqliteFile returns the file of a sqlite: DSN, or an error saying what to
// do instead.
func sqliteFile(dsn string) (string, error) {
	_, _, d, err := parseDSN(dsn)
	if err != nil {
		return "", err
	}
	if d.name != sqliteDialect.name {
		return "", &audit.Error{Code: audit.EInvalid, Msg: PostgresBackupHelp}
	}
	path := strings.TrimPrefix(dsn, "sqlite:")
	if path == ":memory:" {
		return "", invalid("an in-memory database cannot be backed up or restored")
	}
	return path, nil
}

// openFile opens a SQLite file without Open's pragmas or migrations: backup
// must save the database as it is, and restore must inspect a file before
// anything changes it.
func openFile(ctx context.Context, path string, busyMillis int) (*sql.DB, error) {
	db, err := sql.Open("sqlite", fmt.Sprintf("%s?_pragma=busy_timeout(%d)", path, busyMillis))
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, &audit.Error{Code: audit.EInvalid, File: path, Msg: "cannot open the database", Err: err}
	}
	return db, nil
}

// Backup writes a consistent copy of the SQLite database named by dsn to
// out, and returns its size. It is safe while triage serve runs: VACUUM
// INTO reads one snapshot. The copy is written beside out, checked, then
// renamed over out, so out is never half-written. The database itself is
// not migrated or changed.
func Backup(ctx context.Context, dsn, out string) (int64, error) {
	path, err := sqliteFile(dsn)
	if err != nil {
		return 0, err
	}
	if _, err := os.Stat(path); err != nil {
		return 0, &audit.Error{Code: audit.ENotFound, File: path, Msg: "no database here", Err: err}
	}
	db, err := openFile(ctx, path, 10000)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if _, err := checkTriage(ctx, db, path); err != nil {
		return 0, err
	}
	dir, err := os.MkdirTemp(filepath.Dir(out), ".triage-backup-")
	if err != nil {
		return 0, &audit.Error{Code: audit.EInvalid, File: out, Msg: "cannot write beside the backup file", Err: err}
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, "backup.db")
	if _, err := db.ExecContext(ctx, `VACUUM INTO $1`, tmp); err != nil {
		return 0, fmt.Errorf("store: backing up %s: %w", path, err)
	}
	if err := verifyFile(ctx, tmp); err != nil {
		return 0, fmt.Errorf("store: the backup failed its check: %w", relabel(err, out))
	}
	return replaceFile(tmp, out)
}

// Restore replaces the SQLite database named by dsn with the backup in
// from. The backup is copied beside the database, checked (a SQLite file
// that passes its integrity check, with a Triage schema no newer than this
// build), and renamed into place, so the database is either wholly the old
// one or wholly the backup. An older schema is upgraded by the next Open.
//
// Restore refuses while the database is in use: stop triage serve first.
// It takes the database's exclusive lock for the swap, and fails (after
// two seconds) when another connection holds it open.
func Restore(ctx context.Context, dsn, from string) (version int, err error) {
	path, err := sqliteFile(dsn)
	if err != nil {
		return 0, err
	}
	dir, err := os.MkdirTemp(filepath.Dir(path), ".triage-restore-")
	if err != nil {
		return 0, &audit.Error{Code: audit.EInvalid, File: path, Msg: "cannot write beside the database", Err: err}
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, "restore.db")
	if err := copyFile(from, tmp); err != nil {
		return 0, err
	}
	if err := verifyFile(ctx, tmp); err != nil {
		return 0, relabel(err, from)
	}
	version, err = fileVersion(ctx, tmp)
	if err != nil {
		return 0, err
	}
	unlock, err := lockIdle(ctx, path)
	if err != nil {
		return 0, err
	}
	defer unlock()
	for _, side := range sqliteSide {
		if err := os.Remove(path + side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, fmt.Errorf("store: %w", err)
		}
	}
	if _, err := replaceFile(tmp, path); err != nil {
		return 0, err
	}
	return version, nil
}

// checkTriage returns the schema version of a Triage database, or an error
// saying the file is something else or from a newer Triage.
func checkTriage(ctx context.Context, db *sql.DB, path string) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('schema_version', 'practices', 'users', 'audits')`).Scan(&n)
	if err != nil {
		return 0, &audit.Error{Code: audit.EInvalid, File: path, Msg: "not a SQLite database", Err: err}
	}
	if n != 4 {
		return 0, &audit.Error{Code: audit.EInvalid, File: path, Msg: "not a Triage database (its tables are missing)"}
	}
	v, err := versionOf(ctx, db)
	if err != nil {
		return 0, &audit.Error{Code: audit.EInvalid, File: path, Msg: "not a Triage database", Err: err}
	}
	if v < 1 || v > LatestVersion() {
		return 0, &audit.Error{Code: audit.EInvalid, File: path,
			Msg: fmt.Sprintf("schema version %d: this Triage reads versions 1 to %d; use the Triage that made it, or a newer one", v, LatestVersion())}
	}
	return v, nil
}

// verifyFile checks a copy before it replaces anything: SQLite's integrity
// check, then the Triage schema. It also leaves the copy in rollback-journal
// mode, one self-contained file, ready to be renamed.
func verifyFile(ctx context.Context, path string) error {
	db, err := openFile(ctx, path, 1000)
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		return &audit.Error{Code: audit.EInvalid, File: path, Msg: "the file is not an intact SQLite database: " + res, Err: err}
	}
	if _, err := checkTriage(ctx, db, path); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `PRAGMA journal_mode = DELETE`); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

func fileVersion(ctx context.Context, path string) (int, error) {
	db, err := openFile(ctx, path, 1000)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	return versionOf(ctx, db)
}

// lockIdle takes the exclusive lock of the database at path, if there is
// one, and returns the function that lets it go. Leaving WAL mode needs
// every other connection closed, so it is what tells a database in use by
// triage serve from an idle one; the exclusive lock then keeps new readers
// out until the file is swapped.
func lockIdle(ctx context.Context, path string) (func(), error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return func() {}, nil
	}
	db, err := openFile(ctx, path, 2000)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	release := func() { conn.Close(); db.Close() }
	inUse := &audit.Error{Code: audit.EInvalid, File: path, Msg: "the database is in use: stop triage serve (every instance) and try again"}
	var mode string
	if err := conn.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err != nil || mode != "delete" {
		release()
		return nil, inUse
	}
	if _, err := conn.ExecContext(ctx, `BEGIN EXCLUSIVE`); err != nil {
		release()
		return nil, inUse
	}
	return func() {
		conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
		release()
	}, nil
}

// copyFile copies src to a new file dst and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if errors.Is(err, fs.ErrNotExist) {
		return &audit.Error{Code: audit.ENotFound, File: src, Msg: "backup file not found"}
	}
	if err != nil {
		return &audit.Error{Code: audit.EInvalid, File: src, Msg: "cannot read the backup", Err: err}
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("store: copying %s: %w", src, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("store: %w", err)
	}
	return out.Close()
}

// replaceFile syncs src, renames it to dst (atomic on one file system) and
// syncs dst's folder so the rename survives a power cut. The file keeps
// mode 0600: it holds password hashes.
func replaceFile(src, dst string) (int64, error) {
	f, err := os.OpenFile(src, os.O_RDWR, 0)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	err = f.Sync()
	st, statErr := f.Stat()
	f.Close()
	if err == nil {
		err = statErr
	}
	if err == nil {
		err = os.Chmod(src, 0o600)
	}
	if err == nil {
		err = os.Rename(src, dst)
	}
	if err != nil {
		return 0, &audit.Error{Code: audit.EInvalid, File: dst, Msg: "cannot write the file", Err: err}
	}
	if d, err := os.Open(filepath.Dir(dst)); err == nil {
		d.Sync()
		d.Close()
	}
	return st.Size(), nil
}

// relabel makes an error about a temporary copy name the file the user
// gave instead.
func relabel(err error, name string) error {
	var e *audit.Error
	if errors.As(err, &e) && e.File != "" {
		c := *e
		c.File = name
		return &c
	}
	return err
}
