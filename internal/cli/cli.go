package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"triage/internal/audit"
)

// Exit codes.
const (
	ExitOK       = 0
	ExitFailOn   = 1
	ExitInvalid  = 2
	ExitInternal = 3
)

// Env is what a command may touch of the outside world. Now is injected so
// tests can fix the clock.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Now    func() time.Time
}

func (e Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, env Env) error
}

func commands() []command {
	return []command{
		{"audit", "audit a practice from its evidence and answers", runAudit},
		{"scan", "check the practice's domains and public addresses from the internet", runScan},
		{"collect", "read this computer's security state into a facts.json file", runCollect},
		{"demo", "audit the built-in demo practice", runDemo},
		{"serve", "run the web application for IT providers and practice managers", runServe},
		{"catalogue", "print the control catalogue", runCatalogue},
		{"refdata", "show or update the reference data (KEV, lifecycles)", runRefdata},
		{"backup", "back up the SQLite database (PostgreSQL: pg_dump)", runBackup},
		{"restore", "replace the SQLite database with a backup", runRestore},
		{"version", "print the version", runVersion},
	}
}

// Run executes the command named by args[0] and returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stderr)
		if len(args) == 0 {
			return ExitInvalid
		}
		return ExitOK
	}
	name := args[0]
	if name == "catalog" {
		name = "catalogue"
	}
	for _, c := range commands() {
		if c.name == name {
			return exitCode(env.Stderr, c.run(ctx, args[1:], env))
		}
	}
	fmt.Fprintf(env.Stderr, "triage: unknown command %q\n\n", args[0])
	usage(env.Stderr)
	return ExitInvalid
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Triage: a cyber security audit for medical practices.")
	fmt.Fprintln(w, "\nUsage: triage <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'triage <command> -h' for a command's flags.")
}

// errFailOn reports that the plan has actions in the --fail-on band.
type errFailOn struct {
	band  audit.Band
	count int
}

func (e errFailOn) Error() string {
	return fmt.Sprintf("%d action(s) fall in the %q band or sooner", e.count, e.band)
}

// errUsage is a command-line mistake; the flag set has printed its usage.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

func exitCode(stderr io.Writer, err error) int {
	if err == nil {
		return ExitOK
	}
	var fo errFailOn
	if errors.As(err, &fo) {
		fmt.Fprintln(stderr, "triage:", err)
		return ExitFailOn
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	var u errUsage
	if errors.As(err, &u) {
		if u.msg != "" {
			fmt.Fprintln(stderr, "triage:", u.msg)
		}
		return ExitInvalid
	}
	fmt.Fprintln(stderr, "triage:", err)
	switch audit.ErrorCode(err) {
	case audit.EInvalid, audit.ENotFound, audit.EForbidden, audit.EConflict:
		return ExitInvalid
	}
	if errors.Is(err, os.ErrNotExist) {
		return ExitInvalid
	}
	return ExitInternal
}

// newFlags makes a FlagSet that reports errors instead of exiting.
func newFlags(name, synopsis string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: triage %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage{}
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// isTerminal reports whether w is a character device, such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
