// Package storetest gives tests the databases to run on: a fresh SQLite
// file always, and a fresh PostgreSQL schema when TRIAGE_TEST_PG_DSN names
// a server (.ci/postgres.sh starts a throwaway one). Without it the
// PostgreSQL cases skip, unless TRIAGE_REQUIRE_PG=1 makes that a failure,
// as CI does.
//
// It returns DSNs rather than stores so that package store's own tests can
// use it, and so a test can open one database twice, as two instances of
// triage serve would. It imports the standard library and the pgx driver.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Each runs fn as a subtest on a fresh SQLite database and on a fresh
// PostgreSQL schema.
func Each(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns the DSN of a new database file in t's temporary folder.
func SQLite(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "triage.db")
}

// Postgres returns the DSN of a new, empty schema on the test server,
// dropped when the test ends. It skips the test when there is no server,
// or fails it when TRIAGE_REQUIRE_PG=1.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv("TRIAGE_TEST_PG_DSN")
	if base == "" {
		if os.Getenv("TRIAGE_REQUIRE_PG") == "1" {
			t.Fatal("TRIAGE_REQUIRE_PG=1 but TRIAGE_TEST_PG_DSN is not set: start a server with eval \"$(.ci/postgres.sh)\"")
		}
		t.Skip("PostgreSQL: TRIAGE_TEST_PG_DSN is not set (eval \"$(.ci/postgres.sh)\" starts a throwaway server)")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	schema := "test_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("PostgreSQL at TRIAGE_TEST_PG_DSN: %v", err)
	}
	// Registered before the test opens its stores, so it runs after they
	// close (cleanups run last-in first-out).
	t.Cleanup(func() {
		if _, err := db.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping %s: %v", schema, err)
		}
	})
	return WithSearchPath(t, base, schema)
}

// WithSearchPath adds search_path=schema to a PostgreSQL DSN, in URL or
// key=value form; pgx sends it when each connection starts, so every
// statement of the store lands in the schema.
func WithSearchPath(t testing.TB, dsn, schema string) string {
	t.Helper()
	if !strings.Contains(dsn, "://") {
		return dsn + " search_path=" + schema
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("TRIAGE_TEST_PG_DSN: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
