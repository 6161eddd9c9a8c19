package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"triage/internal/audit"
)

// TestBackupRestore: data, back up, change everything, restore, and the
// data is as it was.
func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "triage.db")
	s, err := Open(ctx, dsn)
	must(t, err)
	w := newWorld(t, s)
	must(t, s.Sessions().Commit("tok", []byte("session"), time.Now().Add(time.Hour)))
	before := dump(t, s.db)

	// A live backup, with the store open, as under triage serve.
	out := filepath.Join(dir, "backups", "triage-2026-11-20.db")
	must(t, os.Mkdir(filepath.Dir(out), 0o700))
	size, err := Backup(ctx, dsn, out)
	must(t, err)
	if st, err := os.Stat(out); err != nil || st.Size() != size || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v (size %d)", st, err, size)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "backups", ".triage-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	// Wipe.
	must(t, s.DeletePractice(ctx, w.admin, w.b.ID))
	_, err = s.CreateUser(ctx, w.admin, NewUser{Email: "late@provider.example", Name: "Late", Role: RoleAuditor})
	must(t, err)
	if reflect.DeepEqual(dump(t, s.db), before) {
		t.Fatal("the wipe changed nothing")
	}

	// Restore refuses while the database is open.
	if _, err := Restore(ctx, dsn, out); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("restore over an open database: %v", err)
	}
	s.Close()

	v, err := Restore(ctx, dsn, out)
	must(t, err)
	if v != LatestVersion() {
		t.Errorf("restored version %d", v)
	}
	s2 := openStore(t, dsn)
	if after := dump(t, s2.db); !reflect.DeepEqual(after, before) {
		t.Errorf("restored data differs:\n%v\n%v", after, before)
	}
	if _, err := s2.Practice(ctx, w.userB, w.b.ID); err != nil {
		t.Errorf("practice B after restore: %v", err)
	}
	if b, ok, _ := s2.Sessions().Find("tok"); !ok || string(b) != "session" {
		t.Error("the session did not survive")
	}
	// The restored database is a normal, writable store again.
	if _, err := s2.CreatePractice(ctx, w.admin, yamlA); err != nil {
		t.Errorf("writing after restore: %v", err)
	}
	leftovers, _ = filepath.Glob(filepath.Join(dir, ".triage-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestRestoreNewFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := "sqlite:" + filepath.Join(dir, "a.db")
	s := openStore(t, src)
	_, err := s.CreateFirstAdmin(ctx, NewUser{Email: "a@b.example", Name: "A"})
	must(t, err)
	out := filepath.Join(dir, "a.backup")
	_, err = Backup(ctx, src, out)
	must(t, err)
	dst := "sqlite:" + filepath.Join(dir, "new", "b.db")
	must(t, os.Mkdir(filepath.Join(dir, "new"), 0o700))
	_, err = Restore(ctx, dst, out)
	must(t, err)
	if _, err := openStore(t, dst).UserByEmail(ctx, "a@b.example"); err != nil {
		t.Error(err)
	}
}

func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	target := "sqlite:" + filepath.Join(dir, "triage.db")
	s := openStore(t, target)
	_, err := s.CreateFirstAdmin(ctx, NewUser{Email: "keep@b.example", Name: "Keep"})
	must(t, err)
	s.Close()

	junk := filepath.Join(dir, "junk.db")
	must(t, os.WriteFile(junk, []byte("not a database at all, but long enough to look like a header......"), 0o600))
	other := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", other)
	must(t, err)
	_, err = db.Exec(`CREATE TABLE notes (x TEXT)`)
	must(t, err)
	db.Close()
	newer := filepath.Join(dir, "newer.db")
	ns := openStore(t, "sqlite:"+newer)
	_, err = ns.db.Exec(`INSERT INTO schema_version (version, applied_at) VALUES ($1, 'x')`, LatestVersion()+1)
	must(t, err)
	ns.Close()

	for name, tc := range map[string]struct{ file, want string }{
		"missing":     {filepath.Join(dir, "nope.db"), "not found"},
		"not sqlite":  {junk, "not"},
		"not triage":  {other, "not a Triage database"},
		"from future": {newer, "schema version"},
	} {
		_, err := Restore(ctx, target, tc.file)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error containing %q", name, err, tc.want)
		}
		if code := audit.ErrorCode(err); code != audit.EInvalid && code != audit.ENotFound {
			t.Errorf("%s: code %s", name, code)
		}
	}
	// The target is untouched.
	if _, err := openStore(t, target).UserByEmail(ctx, "keep@b.example"); err != nil {
		t.Errorf("the target changed: %v", err)
	}
}

func TestBackupPostgres(t *testing.T) {
	_, err := Backup(context.Background(), "postgres://triage@db.example/triage", "x.db")
	if err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("Backup on PostgreSQL: %v", err)
	}
	_, err = Restore(context.Background(), "postgres://triage@db.example/triage", "x.db")
	if err == nil || !strings.Contains(err.Error(), "pg_restore") {
		t.Errorf("Restore on PostgreSQL: %v", err)
	}
	_, err = Backup(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "none.db"), "x.db")
	if audit.ErrorCode(err) != audit.ENotFound {
		t.Errorf("Backup of a missing file: %v", err)
	}
}

// dump is every row of every table, as sorted text, for comparing whole
// databases.
func dump(t *testing.T, db *sql.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for table := range sqliteColumns(t, db) {
		if table == "sqlite_sequence" {
			continue
		}
		rows, err := db.Query(`SELECT * FROM ` + table)
		must(t, err)
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			must(t, rows.Scan(ptrs...))
			out[table] = append(out[table], fmt.Sprintf("%v", vals))
		}
		rows.Close()
		sort.Strings(out[table])
	}
	return out
}
