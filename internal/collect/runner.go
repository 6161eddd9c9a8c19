package collect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Limits on what the collector runs. A command that hangs (a stuck network
// share, a Security Center that does not answer) must not hold up the
// whole run, and a command that floods its output must not fill memory.
const (
	// DefaultCommandTimeout bounds one command.
	DefaultCommandTimeout = 10 * time.Second
	// DefaultMaxOutput caps the standard output read from one command.
	DefaultMaxOutput = 8 << 20
	// maxStderr caps the error output kept for messages.
	maxStderr = 64 << 10
	// parallel is how many commands run at once: enough to hide
	// PowerShell's start-up time, few enough to stay light on an old PC.
	parallel = 4
)

// Command is one built-in command to run. ID names it for fixtures and
// messages; Name and Args are what runs.
type Command struct {
	ID   string
	Name string
	Args []string
	// Stderr merges the error output into the output, for the few
	// commands that print their answer there (macOS sysadminctl).
	Stderr bool
	// Timeout replaces the runner's timeout for a command known to be slow.
	Timeout time.Duration
}

// String renders the command line for sources and messages.
func (c Command) String() string {
	parts := []string{c.Name}
	for _, a := range c.Args {
		if strings.ContainsAny(a, " \t") {
			a = `"` + a + `"`
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// Runner runs a command and returns its standard output.
type Runner interface {
	Run(ctx context.Context, c Command) ([]byte, error)
}

// ErrNotInstalled is returned for a command the machine does not have.
var ErrNotInstalled = errors.New("command not found")

// ExitError is a command that ran and failed. Registry queries fail this
// way when a key does not exist.
type ExitError struct {
	Code   int
	Stderr string
}

func (e *ExitError) Error() string {
	msg := strings.TrimSpace(e.Stderr)
	if msg == "" {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return fmt.Sprintf("exit status %d: %s", e.Code, firstLine(msg))
}

// ExecRunner runs real commands. Dirs, when set, are the only directories
// a bare command name is looked up in, so a doctored PATH cannot swap a
// system tool for another program while the collector runs as root.
type ExecRunner struct {
	Dirs      []string
	Env       []string // added to the environment, e.g. LC_ALL=C
	Timeout   time.Duration
	MaxOutput int
}

// Run runs c with the runner's timeout and output cap.
func (r ExecRunner) Run(ctx context.Context, c Command) ([]byte, error) {
	path, err := r.lookPath(c.Name)
	if err != nil {
		return nil, err
	}
	timeout := r.Timeout
	if c.Timeout > 0 {
		timeout = c.Timeout
	}
	if timeout <= 0 {
		timeout = DefaultCommandTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// Going over the cap stops the command at once, rather than leaving
	// it blocked on a full pipe until the timeout.
	out := &capBuffer{max: r.maxOutput(), onOverflow: cancel}
	errOut := &capBuffer{max: maxStderr, quiet: true}
	cmd := exec.CommandContext(ctx, path, c.Args...)
	ownProcessGroup(cmd)
	cmd.Stdout = out
	cmd.Stderr = errOut
	if c.Stderr {
		cmd.Stderr = out
	}
	cmd.Stdin = nil
	cmd.Env = append(os.Environ(), r.Env...)
	// A grandchild that keeps the pipes open must not keep us waiting
	// past the deadline.
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	switch {
	case out.overflow:
		return nil, fmt.Errorf("%s: output larger than %d MB; not read", c.Name, r.maxOutput()>>20)
	case ctx.Err() != nil:
		return nil, fmt.Errorf("%s: no answer in time (limit %s)", c.Name, timeout)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return out.Bytes(), &ExitError{Code: ee.ExitCode(), Stderr: errOut.String()}
	}
	if err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func (r ExecRunner) maxOutput() int {
	if r.MaxOutput > 0 {
		return r.MaxOutput
	}
	return DefaultMaxOutput
}

func (r ExecRunner) lookPath(name string) (string, error) {
	if len(r.Dirs) == 0 || filepath.IsAbs(name) {
		p, err := exec.LookPath(name)
		if err != nil {
			return "", fmt.Errorf("%s: %w", name, ErrNotInstalled)
		}
		return p, nil
	}
	for _, d := range r.Dirs {
		for _, p := range candidates(d, name) {
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && (st.Mode()&0o111 != 0 || isWindowsExe(p)) {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("%s: %w", name, ErrNotInstalled)
}

// candidates adds the .exe a Windows command name leaves out.
func candidates(dir, name string) []string {
	p := filepath.Join(dir, name)
	if filepath.Ext(name) == "" {
		return []string{p, p + ".exe"}
	}
	return []string{p}
}

func isWindowsExe(p string) bool { return strings.EqualFold(filepath.Ext(p), ".exe") }

// capBuffer keeps at most max bytes. Going over fails the write, which
// closes the pipe and stops a runaway command, unless quiet, which just
// drops the rest (for error output, which is only used in messages).
//
// The buffer is a field, not embedded: an embedded bytes.Buffer would lend
// capBuffer its ReadFrom, and io.Copy would use that and bypass the cap.
type capBuffer struct {
	buf        bytes.Buffer
	max        int
	overflow   bool
	quiet      bool
	onOverflow func()
}

func (b *capBuffer) Bytes() []byte  { return b.buf.Bytes() }
func (b *capBuffer) String() string { return b.buf.String() }

func (b *capBuffer) Write(p []byte) (int, error) {
	room := b.max - b.buf.Len()
	if len(p) <= room {
		return b.buf.Write(p)
	}
	if b.quiet {
		if room > 0 {
			b.buf.Write(p[:room])
		}
		return len(p), nil
	}
	if !b.overflow && b.onOverflow != nil {
		b.onOverflow()
	}
	b.overflow = true
	return 0, errors.New("output too large")
}

// output is one command's result.
type output struct {
	cmd  Command
	data []byte
	err  error
}

// ok reports whether the command ran and succeeded. A command that was
// never asked for (the zero output) did not.
func (o output) ok() bool { return o.cmd.ID != "" && o.err == nil }

// missing reports whether the command is not on this machine.
func (o output) missing() bool { return errors.Is(o.err, ErrNotInstalled) }

// exitCode returns the exit code of a command that ran and failed, or -1.
func (o output) exitCode() int {
	var ee *ExitError
	if errors.As(o.err, &ee) {
		return ee.Code
	}
	return -1
}

// runAll runs the commands a few at a time and returns their results by
// ID. Collectors run every independent command up front so that slow
// starts (PowerShell takes most of a second) overlap.
func runAll(ctx context.Context, r Runner, cmds []Command) map[string]output {
	res := make(map[string]output, len(cmds))
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, parallel)
	for _, c := range cmds {
		wg.Add(1)
		go func(c Command) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			var o output
			if ctx.Err() != nil {
				o = output{cmd: c, err: fmt.Errorf("%s: not run: the collector ran out of time", c.Name)}
			} else {
				data, err := r.Run(ctx, c)
				o = output{cmd: c, data: data, err: err}
			}
			mu.Lock()
			res[c.ID] = o
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	return res
}

// firstLine returns the first line of s, for short messages.
func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}
