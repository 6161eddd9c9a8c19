package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"triage/internal/store"
)

// runCmd runs one command function the way Run does, for commands tested
// before they are listed.
func runCmd(t *testing.T, fn func(context.Context, []string, Env) error, args ...string) (int, string, string) {
	t.Helper()
	var out, errw bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errw}
	code := exitCode(&errw, fn(context.Background(), args, env))
	return code, out.String(), errw.String()
}

func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "triage.db")
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := s.CreateFirstAdmin(ctx, store.NewUser{Email: "admin@provider.example", Name: "Admin"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePractice(ctx, admin.Tenant(), "name: Harbourside\ncountry: AU\npms:\nstaff:\n"); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	code, stdout, stderr := runCmd(t, runBackup, "--db", dsn, "--out", backup)
	if code != ExitOK || !strings.Contains(stdout, "Backed up") {
		t.Fatalf("backup: exit %d, %q %q", code, stdout, stderr)
	}

	// Restoring over the open database is refused.
	code, _, stderr = runCmd(t, runRestore, "--db", dsn, backup)
	if code != ExitInvalid || !strings.Contains(stderr, "in use") {
		t.Fatalf("restore while open: exit %d, %q", code, stderr)
	}
	if err := s.DeletePractice(ctx, admin.Tenant(), 1); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// The file may come before the flag.
	code, stdout, stderr = runCmd(t, runRestore, backup, "--db", dsn)
	if code != ExitOK || !strings.Contains(stdout, "Restored") {
		t.Fatalf("restore: exit %d, %q %q", code, stdout, stderr)
	}
	s, err = store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.Practices(ctx, admin.Tenant(), "", store.SortName)
	if err != nil || len(list) != 1 || list[0].Name != "Harbourside" {
		t.Fatalf("after restore: %+v %v", list, err)
	}
}

func TestBackupUsage(t *testing.T) {
	for name, tc := range map[string]struct {
		fn   func(context.Context, []string, Env) error
		args []string
		want string
	}{
		"backup without --out":    {runBackup, []string{"--db", "sqlite:x.db"}, "--out FILE is required"},
		"backup of PostgreSQL":    {runBackup, []string{"--db", "postgres://triage@db.example/triage", "--out", "x"}, "pg_dump"},
		"backup of a missing db":  {runBackup, []string{"--db", "sqlite:" + filepath.Join(t.TempDir(), "none.db"), "--out", "x"}, "no database here"},
		"restore without --db":    {runRestore, []string{"backup.db"}, "needs --db"},
		"restore without a file":  {runRestore, []string{"--db", "sqlite:x.db"}, "needs --db"},
		"restore two files":       {runRestore, []string{"--db", "sqlite:x.db", "a.db", "b.db"}, "unexpected argument"},
		"restore into PostgreSQL": {runRestore, []string{"--db", "postgres://triage@db.example/triage", "x.db"}, "pg_restore"},
	} {
		code, _, stderr := runCmd(t, tc.fn, tc.args...)
		if code != ExitInvalid || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", name, code, stderr, tc.want)
		}
	}
}

func TestByteSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 999: "999 bytes", 1000: "1.0 kB", 12_345_678: "12.3 MB", 5_000_000_000: "5.0 GB"} {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}
