package store

import (
	"context"
	"database/sql"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"triage/internal/audit"
	"triage/internal/store/storetest"
)

func TestParseDSN(t *testing.T) {
	for _, dsn := range []string{"", "triage.db", "sqlite:", "sqlite:a?b.db", "mysql://x", "postgres://u:secret@h/db\x7f"} {
		if _, _, _, err := parseDSN(dsn); audit.ErrorCode(err) != audit.EInvalid {
			t.Errorf("parseDSN(%q) = %v, want an invalid-input error", dsn, err)
		}
	}
	_, _, _, err := parseDSN("mysql://u:secret@h/db")
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("the error shows the password: %v", err)
	}
	for dsn, want := range map[string]string{"sqlite:x.db": "sqlite", "sqlite::memory:": "sqlite", "postgres://h/db": "postgres", "postgresql://h/db": "postgres"} {
		if _, _, d, err := parseDSN(dsn); err != nil || d.name != want {
			t.Errorf("parseDSN(%q) = %q, %v; want %q", dsn, d.name, err, want)
		}
	}
}

// TestPlaceholders proves what the shared SQL relies on: $n placeholders
// bind by number, in any order and more than once, on both databases.
func TestPlaceholders(t *testing.T) {
	each(t, func(t *testing.T, s *Store, _ *clock) {
		var a, b, c string
		err := s.db.QueryRow(`SELECT CAST($2 AS TEXT), CAST($1 AS TEXT), CAST($2 AS TEXT)`, "one", "two").Scan(&a, &b, &c)
		if err != nil || a != "two" || b != "one" || c != "two" {
			t.Fatalf("got %q %q %q, %v", a, b, c, err)
		}
		if err := s.db.QueryRow(`SELECT 1 WHERE $1 OR 1 = $2`, false, 1).Scan(new(int)); err != nil {
			t.Fatalf("a bool placeholder in OR: %v", err)
		}
	})
}

func TestMemory(t *testing.T) {
	s := openStore(t, "sqlite::memory:")
	if _, err := s.CreateFirstAdmin(context.Background(), NewUser{Email: "a@b.example", Name: "A"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UserByEmail(context.Background(), "a@b.example"); err != nil {
		t.Fatal(err)
	}
}

// TestOpenTwice: reopening applies nothing, and several instances starting
// at once on one database agree on the schema.
func TestOpenTwice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(ctx, dsn)
				if err == nil {
					s.Close()
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		s := openStore(t, dsn)
		v, err := s.SchemaVersion(ctx)
		if err != nil || v != LatestVersion() || v < 1 {
			t.Fatalf("version %d, %v; want %d", v, err, LatestVersion())
		}
		var n int
		must(t, s.db.QueryRow(`SELECT COUNT(*) FROM schema_version`).Scan(&n))
		if n != v {
			t.Errorf("schema_version has %d rows for version %d", n, v)
		}
	})
}

func TestTooNew(t *testing.T) {
	dsn := storetest.SQLite(t)
	s := openStore(t, dsn)
	_, err := s.db.Exec(`INSERT INTO schema_version (version, applied_at) VALUES ($1, 'x')`, LatestVersion()+1)
	must(t, err)
	if _, err := Open(context.Background(), dsn); err == nil || !strings.Contains(err.Error(), "upgrade Triage") {
		t.Fatalf("Open on a newer schema: %v", err)
	}
}

// TestSchemasMatch: both dialects' migrations end at the same version with
// the same tables and columns.
func TestSchemasMatch(t *testing.T) {
	sq, err := loadMigrations("sqlite")
	must(t, err)
	pg, err := loadMigrations("postgres")
	must(t, err)
	if len(sq) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(sq), len(pg))
	}
	for i := range sq {
		if sq[i].name != pg[i].name {
			t.Errorf("migration %d: sqlite %s, postgres %s", i+1, sq[i].name, pg[i].name)
		}
	}
	lite := openStore(t, storetest.SQLite(t))
	want := sqliteColumns(t, lite.db)
	if len(want) < 10 {
		t.Fatalf("only %d tables on SQLite", len(want))
	}
	post := openStore(t, storetest.Postgres(t))
	got := postgresColumns(t, post.db)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tables and columns differ:\npostgres %v\nsqlite   %v", got, want)
	}
	vs, _ := lite.SchemaVersion(context.Background())
	vp, _ := post.SchemaVersion(context.Background())
	if vs != vp {
		t.Errorf("sqlite at version %d, postgres at %d", vs, vp)
	}
}

func sqliteColumns(t *testing.T, db *sql.DB) map[string][]string {
	tables := map[string][]string{}
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	must(t, err)
	var names []string
	for rows.Next() {
		var n string
		must(t, rows.Scan(&n))
		names = append(names, n)
	}
	rows.Close()
	for _, n := range names {
		cols, err := db.Query(`SELECT name FROM pragma_table_xinfo($1)`, n)
		must(t, err)
		for cols.Next() {
			var c string
			must(t, cols.Scan(&c))
			tables[n] = append(tables[n], c)
		}
		cols.Close()
		sort.Strings(tables[n])
	}
	return tables
}

func postgresColumns(t *testing.T, db *sql.DB) map[string][]string {
	tables := map[string][]string{}
	rows, err := db.Query(`SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() ORDER BY table_name, column_name`)
	must(t, err)
	defer rows.Close()
	for rows.Next() {
		var tb, c string
		must(t, rows.Scan(&tb, &c))
		tables[tb] = append(tables[tb], c)
	}
	return tables
}

// TestSQLitePragmas: every pooled connection has WAL, the busy timeout and
// foreign keys.
func TestSQLitePragmas(t *testing.T) {
	s := openStore(t, storetest.SQLite(t))
	ctx := context.Background()
	for i := 0; i < 3; i++ { // several connections at once, not just the first
		conn, err := s.db.Conn(ctx)
		must(t, err)
		defer conn.Close()
		var mode string
		var fk, busy int
		must(t, conn.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode))
		must(t, conn.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk))
		must(t, conn.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy))
		if mode != "wal" || fk != 1 || busy != 10000 {
			t.Errorf("connection %d: journal_mode %s, foreign_keys %d, busy_timeout %d", i, mode, fk, busy)
		}
	}
}
