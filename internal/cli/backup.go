package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"triage/internal/store"
)

// runBackup writes a consistent copy of a SQLite store; safe while triage
// serve runs. PostgreSQL stores are backed up with pg_dump, which it says.
func runBackup(ctx context.Context, args []string, env Env) error {
	fs := newFlags("backup", "[--db sqlite:FILE] --out FILE", env)
	db := fs.String("db", store.DefaultDSN, "the database to back up (for PostgreSQL use pg_dump; see docs/storage.md)")
	out := fs.String("out", "", "the backup file to write; an existing file is replaced whole, never half-written")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		return errUsage{"--out FILE is required"}
	}
	size, err := store.Backup(ctx, *db, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Backed up %s to %s (%s).\n", *db, *out, byteSize(size))
	return nil
}

// runRestore replaces a SQLite store with a backup. --db has no default:
// the database to overwrite is always named.
func runRestore(ctx context.Context, args []string, env Env) error {
	fs := newFlags("restore", "--db sqlite:FILE BACKUP", env)
	db := fs.String("db", "", "the database to replace (required); stop triage serve first")
	from, err := parseOneArg(fs, args)
	if err != nil {
		return err
	}
	if *db == "" || from == "" {
		fs.Usage()
		return errUsage{"restore needs --db sqlite:FILE and the backup file"}
	}
	version, err := store.Restore(ctx, *db, from)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Restored %s from %s (schema version %d", *db, from, version)
	if version < store.LatestVersion() {
		fmt.Fprintf(env.Stdout, "; upgraded to %d when Triage next opens it", store.LatestVersion())
	}
	fmt.Fprintln(env.Stdout, ").")
	return nil
}

// parseOneArg parses flags that may come before or after one positional
// argument (Go's flag package stops at the first argument otherwise), and
// returns that argument, "" when absent.
func parseOneArg(fs *flag.FlagSet, args []string) (string, error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", err
		}
		return "", errUsage{}
	}
	if fs.NArg() == 0 {
		return "", nil
	}
	arg := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", err
		}
		return "", errUsage{}
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return "", errUsage{fmt.Sprintf("unexpected argument %q: give one backup file", strings.Join(fs.Args(), " "))}
	}
	return arg, nil
}

// byteSize is a size for people: 12.3 MB.
func byteSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	v, i := float64(n), 0
	for v >= unit && i < 3 {
		v /= unit
		i++
	}
	return fmt.Sprintf("%.1f %s", v, []string{"bytes", "kB", "MB", "GB"}[i])
}
