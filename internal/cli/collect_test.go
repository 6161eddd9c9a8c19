package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"triage/internal/audit"
	"triage/internal/importer"
)

// collectEnv is a test environment with the fixed clock of run().
func collectEnv() (Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errw bytes.Buffer
	return Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errw,
		Now: func() time.Time { return time.Date(2026, 11, 30, 9, 30, 0, 0, time.UTC) }}, &out, &errw
}

func TestCollectUploadRefused(t *testing.T) {
	for _, args := range [][]string{
		{"--upload", "https://triage.example/api", "--token", "s3cret-token"},
		{"--token", "s3cret-token"},
	} {
		env, _, errw := collectEnv()
		code := exitCode(env.Stderr, runCollect(context.Background(), args, env))
		if code != ExitInvalid {
			t.Errorf("%q: exit %d, want %d", args, code, ExitInvalid)
		}
		if strings.Contains(errw.String(), "s3cret-token") {
			t.Errorf("%q: the token was printed: %q", args, errw.String())
		}
		if args[0] == "--upload" && !strings.Contains(errw.String(), "uploading needs a Triage server; not available in this version — use --out and copy the file") {
			t.Errorf("--upload: stderr %q", errw.String())
		}
	}
}

func TestCollectBadFlag(t *testing.T) {
	env, _, errw := collectEnv()
	if code := exitCode(env.Stderr, runCollect(context.Background(), []string{"--bogus"}, env)); code != ExitInvalid {
		t.Errorf("exit %d, stderr %q", code, errw.String())
	}
}

// TestCollectThenAudit is the acceptance test of issue 8: `triage collect
// --out host.json` on this machine writes facts.json that reads back, and
// `triage audit --evidence DIR` on a folder holding it and a minimal
// practice.yaml judges this machine's device controls.
func TestCollectThenAudit(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the collector is exercised for real on Linux; other platforms are tested on fixtures")
	}
	dir := t.TempDir()
	host := filepath.Join(dir, "host.json")
	env, stdout, errw := collectEnv()
	if err := runCollect(context.Background(), []string{"--out", host}, env); err != nil {
		t.Fatalf("collect: %v\n%s", err, errw.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("with --out, nothing should go to standard output; got %d bytes", stdout.Len())
	}
	if !strings.Contains(errw.String(), "written to "+host) {
		t.Errorf("summary %q does not say where the facts went", errw.String())
	}
	facts, err := importer.ReadFactsFile(host)
	if err != nil {
		t.Fatalf("host.json does not read back as facts.json: %v", err)
	}
	var name string
	for _, f := range facts {
		if f.Kind == audit.FactDevice {
			name = f.Device.Name
		}
	}
	if name == "" {
		t.Fatal("host.json has no device")
	}

	writeFile(t, dir, "practice.yaml", "name: Collector Test Practice\ncountry: AU\n")
	code, out, stderr := run(t, "audit", "--evidence", dir, "--format", "json", "--as-of", "2026-11-30")
	if code != ExitOK {
		t.Fatalf("audit: exit %d\n%s", code, stderr)
	}
	var res audit.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range res.Evidence {
		if e.File == "host.json" && e.Facts == len(facts) {
			found = true
		}
	}
	if !found {
		t.Errorf("the report's evidence %+v does not list host.json with %d facts", res.Evidence, len(facts))
	}
	deviceControls := map[string]bool{"TEC-OS-SUPPORTED": true, "TEC-OS-PATCH": true, "TEC-ENDPOINT-PROTECTION": true,
		"TEC-DISK-ENCRYPTION": true, "TEC-FIREWALLS": true, "ACC-ADMIN-SEPARATE": true, "ACC-SESSION-LOCK": true}
	decided := 0
	for _, f := range res.Findings {
		if !deviceControls[f.ControlID] {
			continue
		}
		t.Logf("%s: %s: %s", f.ControlID, f.Status, f.Reason)
		if f.Status == audit.Pass || f.Status == audit.Warn || f.Status == audit.Fail {
			decided++
		}
		for _, s := range f.Subjects {
			if s.Kind == "device" && s.ID != name {
				t.Errorf("%s names device %q; the evidence holds only %q", f.ControlID, s.ID, name)
			}
			if s.Kind == "device" && (s.Source == nil || s.Source.File != "collect:"+name) {
				t.Errorf("%s: subject %q does not point back to the collector: %+v", f.ControlID, s.ID, s.Source)
			}
		}
	}
	if decided == 0 {
		t.Errorf("no device control was judged from this machine's facts")
	}
}
