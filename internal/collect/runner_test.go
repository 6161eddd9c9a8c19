package collect

import (
	"context"
	"errors"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The real runner's limits, on commands every Unix has.

func unixOnly(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("uses /bin/sh")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
}

func TestExecRunnerTimeout(t *testing.T) {
	unixOnly(t)
	r := ExecRunner{Dirs: []string{"/bin", "/usr/bin"}, Timeout: 200 * time.Millisecond}
	start := time.Now()
	_, err := r.Run(context.Background(), Command{ID: "sleep", Name: "sh", Args: []string{"-c", "sleep 5"}})
	if err == nil || !strings.Contains(err.Error(), "no answer in time") {
		t.Errorf("err = %v, want a timeout", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("a timed-out command held the runner for %s", took)
	}
}

func TestExecRunnerOutputCap(t *testing.T) {
	unixOnly(t)
	r := ExecRunner{Dirs: []string{"/bin", "/usr/bin"}, MaxOutput: 1 << 20}
	start := time.Now()
	_, err := r.Run(context.Background(), Command{ID: "flood", Name: "sh", Args: []string{"-c", "yes flooding"}})
	if err == nil || !strings.Contains(err.Error(), "output larger than") {
		t.Errorf("err = %v, want the output cap", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("an endless command held the runner for %s", took)
	}
}

func TestExecRunnerExitAndMissing(t *testing.T) {
	unixOnly(t)
	r := ExecRunner{Dirs: []string{"/bin", "/usr/bin"}}
	out, err := r.Run(context.Background(), Command{ID: "exit3", Name: "sh", Args: []string{"-c", "echo inactive; echo oops >&2; exit 3"}})
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != 3 || strings.TrimSpace(ee.Stderr) != "oops" || strings.TrimSpace(string(out)) != "inactive" {
		t.Errorf("exit 3: out %q, err %v", out, err)
	}
	merged, err := r.Run(context.Background(), Command{ID: "merged", Name: "sh", Args: []string{"-c", "echo answer >&2"}, Stderr: true})
	if err != nil || strings.TrimSpace(string(merged)) != "answer" {
		t.Errorf("merged error output: %q, %v", merged, err)
	}
	_, err = r.Run(context.Background(), Command{ID: "nope", Name: "triage-no-such-command"})
	if !errors.Is(err, ErrNotInstalled) {
		t.Errorf("missing command: %v, want ErrNotInstalled", err)
	}
	// A name found only on PATH is not run when the runner has its own
	// directories.
	_, err = r.Run(context.Background(), Command{ID: "path", Name: "go"})
	if p, lookErr := exec.LookPath("go"); lookErr == nil && !strings.HasPrefix(p, "/bin/") && !strings.HasPrefix(p, "/usr/bin/") && !errors.Is(err, ErrNotInstalled) {
		t.Errorf("go at %s was run from PATH: %v", p, err)
	}
}

func TestCollectRefusals(t *testing.T) {
	if _, err := Collect(context.Background(), System{OS: "plan9", Hostname: "x"}); err == nil || !strings.Contains(err.Error(), "no collector") {
		t.Errorf("unknown platform: %v", err)
	}
	sys, _ := scenarios()[0].system()
	sys.Hostname = "  "
	if _, err := Collect(context.Background(), sys); err == nil || !strings.Contains(err.Error(), "name") {
		t.Errorf("no host name: %v", err)
	}
}

// A collection whose time runs out still returns the device, with what
// it could not read left unknown.
func TestCollectDeadline(t *testing.T) {
	sys, _ := scenarios()[0].system()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Collect(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	d := device(t, res)
	if d.Name != "RECEPTION-01" || d.OSName != "" || d.Firewall != nil {
		t.Errorf("after the deadline: %+v", d)
	}
	if why := notesText(res) + strings.Join(gapReasons(res), "\n"); !strings.Contains(why, "ran out of time") {
		t.Errorf("neither notes nor gaps say why:\n%s", why)
	}
}
