package acceptance_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"triage/internal/cli"
)

var update = flag.Bool("update", false, "rewrite testdata/practices/*/report.golden.json from the current audit")

// fixtures are the practices under testdata/practices, best run first.
var fixtures = []string{"near-perfect", "typical", "neglected"}

// asOf is the audit date every fixture and golden is written for.
const asOf = "2026-11-20"

// practiceDir is a fixture's evidence folder, relative to this package.
func practiceDir(name string) string {
	return filepath.Join("..", "..", "testdata", "practices", name)
}

func goldenPath(name string) string {
	return filepath.Join(practiceDir(name), "report.golden.json")
}

// audit runs `triage audit` on a fixture through cli.Run with the given wall
// clock and returns the JSON report. Any exit code but 0 fails the test, and
// so does anything on stderr other than the notes about the fixture's
// README.md and golden report, which are not evidence.
func audit(t *testing.T, name string, now time.Time) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := cli.Env{
		Stdin:  strings.NewReader(""),
		Stdout: &stdout,
		Stderr: &stderr,
		Now:    func() time.Time { return now },
	}
	args := []string{"audit", "--evidence", practiceDir(name), "--as-of", asOf, "--format", "json"}
	if code := cli.Run(context.Background(), args, env); code != cli.ExitOK {
		t.Fatalf("triage %s: exit code %d, want %d; stderr:\n%s", strings.Join(args, " "), code, cli.ExitOK, stderr.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		if line == "" {
			continue
		}
		skipped := strings.HasSuffix(line, "not a format Triage reads; skipped") &&
			(strings.Contains(line, "README.md") || strings.Contains(line, "report.golden.json"))
		if !skipped {
			t.Errorf("triage audit %s wrote to stderr: %s", name, line)
		}
	}
	return stdout.Bytes()
}

// fixedNow is the wall clock the golden runs use; with --as-of it must not
// matter.
var fixedNow = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

// The parts of the JSON report (docs/report-schema.md) the tests read.
type report struct {
	SchemaVersion int               `json:"schema_version"`
	Practice      practiceRef       `json:"practice"`
	AsOf          string            `json:"as_of"`
	Scores        scores            `json:"scores"`
	Counts        map[string]int    `json:"counts"`
	Findings      []finding         `json:"findings"`
	Actions       []action          `json:"actions"`
	Evidence      []evidenceFile    `json:"evidence"`
	E8            map[string]e8Item `json:"essential_eight"`
}

type practiceRef struct {
	Name    string `json:"name"`
	Country string `json:"country"`
}

type scores struct {
	Overall  int    `json:"overall"`
	Rating   string `json:"rating"`
	Coverage int    `json:"coverage"`
	Cap      string `json:"cap"`
}

type finding struct {
	ControlID     string      `json:"control_id"`
	Status        string      `json:"status"`
	Reason        string      `json:"reason"`
	Risk          int         `json:"risk"`
	Urgency       []string    `json:"urgency"`
	Severity      string      `json:"severity"`
	Subjects      []subject   `json:"subjects"`
	Answer        string      `json:"answer"`
	Contradiction string      `json:"contradiction"`
	Accepted      *acceptance `json:"accepted"`
}

type subject struct {
	ID     string  `json:"id"`
	Kind   string  `json:"kind"`
	Detail string  `json:"detail"`
	Source *source `json:"source"`
}

type source struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

type acceptance struct {
	Owner  string `json:"owner"`
	Reason string `json:"reason"`
	Until  string `json:"until"`
}

type action struct {
	Rank       int      `json:"rank"`
	ID         string   `json:"id"`
	Band       string   `json:"band"`
	Risk       int      `json:"risk"`
	Urgent     bool     `json:"urgent"`
	ControlIDs []string `json:"control_ids"`
}

type evidenceFile struct {
	File   string `json:"file"`
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"`
	Facts  int    `json:"facts"`
}

type e8Item struct {
	Level int `json:"level"`
}

// load audits a fixture and decodes the report.
func load(t *testing.T, name string) report {
	t.Helper()
	var r report
	if err := json.Unmarshal(audit(t, name, fixedNow), &r); err != nil {
		t.Fatalf("%s: the report is not valid JSON: %v", name, err)
	}
	return r
}

// find returns the finding for a control, failing the test when it is absent.
func (r report) find(t *testing.T, id string) finding {
	t.Helper()
	for _, f := range r.Findings {
		if f.ControlID == id {
			return f
		}
	}
	t.Fatalf("the report has no finding for %s", id)
	return finding{}
}

// subject returns the finding's subject with the id, or nil.
func (f finding) subject(id string) *subject {
	for i := range f.Subjects {
		if f.Subjects[i].ID == id {
			return &f.Subjects[i]
		}
	}
	return nil
}

func (f finding) subjectIDs() []string {
	ids := make([]string, 0, len(f.Subjects))
	for _, s := range f.Subjects {
		ids = append(ids, s.ID)
	}
	return ids
}

func (f finding) String() string {
	return fmt.Sprintf("%s %s (urgency %v): %s", f.ControlID, f.Status, f.Urgency, f.Reason)
}

func has(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
