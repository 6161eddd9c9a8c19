package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"triage/internal/audit"
	"triage/internal/demo"
)

// run executes the CLI in-process with a fixed clock.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errw bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errw,
		Now: func() time.Time { return time.Date(2026, 11, 30, 9, 30, 0, 0, time.UTC) }}
	code = Run(context.Background(), args, env)
	return code, out.String(), errw.String()
}

// demoDir writes the embedded demo evidence to a temporary folder, so the
// audit command can be tested on a real, complete practice.
func demoDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(demo.Files(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(demo.Files(), path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, path), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUsage(t *testing.T) {
	if code, _, stderr := run(t); code != ExitInvalid || !strings.Contains(stderr, "Commands:") {
		t.Fatalf("no arguments: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := run(t, "audti"); code != ExitInvalid || !strings.Contains(stderr, `unknown command "audti"`) {
		t.Fatalf("unknown command: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := run(t, "help"); code != ExitOK {
		t.Fatalf("help: exit %d", code)
	}
	if code, _, stderr := run(t, "audit", "--bogus"); code != ExitInvalid || !strings.Contains(stderr, "flag provided but not defined") {
		t.Fatalf("bad flag: exit %d, stderr %q", code, stderr)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := run(t, "version")
	if code != ExitOK || !strings.HasPrefix(out, "triage "+Version) {
		t.Fatalf("exit %d, output %q", code, out)
	}
}

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := run(t, "demo", "--out", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Harbourside Family Practice", "as of 2026-11-20", "Do these first", " 1. [now]"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo summary lacks %q:\n%s", want, out)
		}
	}
	var r audit.Result
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 69 || r.AsOf != "2026-11-20" || r.GeneratedAt != "" {
		t.Fatalf("report.json: %d findings, as of %s, generated_at %q", len(r.Findings), r.AsOf, r.GeneratedAt)
	}
	// The demo's story (issue text) must show in its findings.
	want := map[string]audit.Status{
		"ACC-LEAVER-REVOKE": audit.Fail, "ACC-UNIQUE-NO-SHARED": audit.Fail, "ACC-MFA-ADMIN": audit.Fail,
		"TEC-EMAIL-AUTH": audit.Fail, "TEC-OS-SUPPORTED": audit.Fail, "BAK-RESTORE-TESTED": audit.Fail,
		"IR-PLAN": audit.Fail, "PPL-TRAINING-ANNUAL": audit.Pass, "PPL-PHISH-SIM": audit.Fail, "TEC-APP-CONTROL": audit.Accepted,
	}
	for id, status := range want {
		if f, _ := r.Finding(id); f.Status != status {
			t.Errorf("%s is %s (%s), want %s", id, f.Status, f.Reason, status)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "report.md")); err != nil {
		t.Errorf("report.md not written: %v", err)
	}
}

func TestAuditIsDeterministic(t *testing.T) {
	dir := demoDir(t)
	args := []string{"audit", "--evidence", dir, "--as-of", "2026-11-20", "--format", "json"}
	_, first, _ := run(t, args...)
	code, second, stderr := run(t, args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if first != second {
		t.Fatal("the same evidence and --as-of gave different output")
	}
	if strings.Contains(first, "generated_at") {
		t.Fatal("generated_at must be omitted with --as-of")
	}
	_, undated, _ := run(t, "audit", "--evidence", dir, "--format", "json")
	if !strings.Contains(undated, `"generated_at": "2026-11-30T09:30:00Z"`) || !strings.Contains(undated, `"as_of": "2026-11-30"`) {
		t.Fatal("without --as-of the report must say when it was generated, as of today")
	}
}

func TestAuditFailOn(t *testing.T) {
	dir := demoDir(t)
	code, _, stderr := run(t, "audit", "--evidence", dir, "--as-of", "2026-11-20", "--format", "json", "--fail-on", "now")
	if code != ExitFailOn || !strings.Contains(stderr, `"now" band`) {
		t.Fatalf("exit %d, stderr %q; want 1 because the demo has actions due now", code, stderr)
	}
	if code, _, stderr := run(t, "audit", "--evidence", dir, "--fail-on", "soon"); code != ExitInvalid || !strings.Contains(stderr, "--fail-on") {
		t.Fatalf("bad --fail-on: exit %d, stderr %q", code, stderr)
	}
}

func TestAuditFormatsAndOut(t *testing.T) {
	dir := demoDir(t)
	out := filepath.Join(t.TempDir(), "report.md")
	if code, stdout, stderr := run(t, "audit", "--evidence", dir, "--as-of", "2026-11-20", "--out", out); code != ExitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(data), "# ") {
		t.Fatalf("--out report.md did not write Markdown: %v %.40q", err, data)
	}
	code, text, _ := run(t, "audit", "--evidence", dir, "--as-of", "2026-11-20", "--format", "text")
	if code != ExitOK || !strings.Contains(text, "Do these first") {
		t.Fatalf("text format: exit %d\n%s", code, text)
	}
	if code, _, stderr := run(t, "audit", "--evidence", dir, "--format", "docx"); code != ExitInvalid || !strings.Contains(stderr, "docx") {
		t.Fatalf("unknown format: exit %d, stderr %q", code, stderr)
	}
}

func TestAuditPrevious(t *testing.T) {
	dir := demoDir(t)
	prev := filepath.Join(t.TempDir(), "old.json")
	if code, _, stderr := run(t, "audit", "--evidence", dir, "--as-of", "2026-05-20", "--out", prev); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, out, stderr := run(t, "audit", "--evidence", dir, "--as-of", "2026-11-20", "--format", "json", "--previous", prev)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r audit.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Diff == nil || r.Diff.PreviousAsOf != "2026-05-20" {
		t.Fatalf("diff missing or wrong: %+v", r.Diff)
	}
	// Six months on, the same evidence has aged: something must have changed.
	if len(r.Diff.New)+len(r.Diff.Fixed)+len(r.Diff.Changed) == 0 {
		t.Fatal("a re-audit six months later found no change at all")
	}
	other := writeFile(t, t.TempDir(), "other.json", strings.Replace(readFile(t, prev), "Harbourside Family Practice", "Another Clinic", 1))
	if code, _, stderr := run(t, "audit", "--evidence", dir, "--previous", other); code != ExitInvalid || !strings.Contains(stderr, "same practice") {
		t.Fatalf("previous of another practice: exit %d, stderr %q", code, stderr)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Bad input stops with exit 2, names file and line, and writes nothing.
func TestAuditBadInput(t *testing.T) {
	cases := []struct {
		name, file, find, replace, want string
	}{
		{"practice role", "practice.yaml", "role: reception, email: hannah", "role: receptionist, email: hannah", "practice.yaml:22:"},
		{"practice country", "practice.yaml", "country: AU", "country: NZ", "practice.yaml:5:"},
		{"answers unknown control", "answers.yaml", "  BAK-PMS-DAILY: yes", "  BAK-PMS-DIALY: yes", "answers.yaml:15:"},
		{"answers bad date", "answers.yaml", "BCP-PLAN: 2023-05-10", "BCP-PLAN: 2023-13-10", "answers.yaml:18:"},
		{"facts truncated", "facts.json", "", "", "facts.json:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := demoDir(t)
			path := filepath.Join(dir, c.file)
			body := readFile(t, path)
			if c.find == "" {
				body = body[:len(body)/2]
			} else {
				if !strings.Contains(body, c.find) {
					t.Fatalf("test setup: %q not in %s", c.find, c.file)
				}
				body = strings.Replace(body, c.find, c.replace, 1)
			}
			writeFile(t, dir, c.file, body)
			out := filepath.Join(t.TempDir(), "report.json")
			code, _, stderr := run(t, "audit", "--evidence", dir, "--as-of", "2026-11-20", "--out", out)
			if code != ExitInvalid {
				t.Fatalf("exit %d, want 2; stderr %q", code, stderr)
			}
			if !strings.Contains(stderr, c.want) {
				t.Fatalf("stderr %q does not name %q", stderr, c.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Fatal("a report was written despite bad input")
			}
		})
	}
}

func TestAuditNeedsPractice(t *testing.T) {
	code, _, stderr := run(t, "audit", "--evidence", t.TempDir())
	if code != ExitInvalid || !strings.Contains(stderr, "no practice profile") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = run(t, "audit", "--practice", filepath.Join(t.TempDir(), "missing.yaml"))
	if code != ExitInvalid || !strings.Contains(stderr, "missing.yaml") {
		t.Fatalf("missing practice file: exit %d, stderr %q", code, stderr)
	}
}

func TestCatalogue(t *testing.T) {
	code, text, _ := run(t, "catalogue")
	if code != ExitOK || !strings.Contains(text, "69 controls") || !strings.Contains(text, "ACC-MFA-ALL") {
		t.Fatalf("text: exit %d\n%.300s", code, text)
	}
	_, js, _ := run(t, "catalogue", "--format", "json")
	var cat audit.Catalog
	if err := json.Unmarshal([]byte(js), &cat); err != nil || len(cat.Controls) != 69 {
		t.Fatalf("json: %v, %d controls", err, len(cat.Controls))
	}
	_, md, _ := run(t, "catalogue", "--format", "md")
	if !strings.Contains(md, "### ACC-MFA-ALL") || !strings.Contains(md, "**How to fix it:**") {
		t.Fatal("markdown catalogue lacks control sections")
	}
	if code, _, _ := run(t, "catalogue", "--format", "pdf"); code != ExitInvalid {
		t.Fatalf("bad format: exit %d", code)
	}
}

// runAt is run with the clock at now.
func runAt(t *testing.T, now time.Time, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errw bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errw, Now: func() time.Time { return now }}
	code = Run(context.Background(), args, env)
	return code, out.String(), errw.String()
}

// Without --as-of the audit is as of today where the practice is: an
// Australian practice's morning is still the day before in UTC.
func TestAsOfIsTodayWherePracticeIs(t *testing.T) {
	dir := demoDir(t)
	asOf := func(now time.Time) string {
		t.Helper()
		code, out, stderr := runAt(t, now, "audit", "--evidence", dir, "--format", "json")
		if code != ExitOK && code != ExitFailOn {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var r struct {
			AsOf string `json:"as_of"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		return r.AsOf
	}
	// 09:30 on 30 November in Sydney (the default for AU).
	if got := asOf(time.Date(2026, 11, 29, 22, 30, 0, 0, time.UTC)); got != "2026-11-30" {
		t.Errorf("as of %s, want 2026-11-30 (Sydney's date)", got)
	}
	// Named in practice.yaml: 23:30 on 29 November in Perth, when it is
	// already 30 November in Sydney.
	path := filepath.Join(dir, "practice.yaml")
	y, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	y = []byte(strings.Replace(string(y), "country: AU\n", "country: AU\ntime_zone: Australia/Perth\n", 1))
	if !strings.Contains(string(y), "time_zone: Australia/Perth") {
		t.Fatal("could not set the demo's time zone")
	}
	if err := os.WriteFile(path, y, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := asOf(time.Date(2026, 11, 29, 15, 30, 0, 0, time.UTC)); got != "2026-11-29" {
		t.Errorf("as of %s, want 2026-11-29 (Perth's date)", got)
	}
}
