package acceptance_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestGoldenReports audits each fixture and compares the JSON report with
// its report.golden.json byte for byte. Run with -update to rewrite the
// goldens after an intended change, then review the diff.
func TestGoldenReports(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			got := audit(t, name, fixedNow)
			checkReportShape(t, name, got)
			checkGolden(t, goldenPath(name), got)
		})
	}
}

// checkGolden compares a report with its golden file, or with -update
// writes the file. It returns the golden and whether the caller should go
// on comparing (not when updating, nor when the golden could not be read).
func checkGolden(t *testing.T, path string, got []byte) ([]byte, bool) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return got, false
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("%s is missing; run go test ./internal/acceptance -update to write it", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the report differs from %s; if the change is intended, run go test ./internal/acceptance -update and review the diff\n%s",
			path, reportDiff(want, got))
	}
	return want, true
}

// checkReportShape guards the golden itself: a report of this practice, as
// of the audit date, drawn from facts.json alone (README.md and an older
// golden in the folder must never be read as evidence).
func checkReportShape(t *testing.T, name string, out []byte) {
	t.Helper()
	var r report
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("%s: the report is not valid JSON: %v", name, err)
	}
	if r.SchemaVersion != 1 || r.AsOf != asOf {
		t.Errorf("%s: schema_version %d, as_of %q; want 1 and %s", name, r.SchemaVersion, r.AsOf, asOf)
	}
	if len(r.Evidence) != 1 || r.Evidence[0].File != "facts.json" || r.Evidence[0].Kind != "facts_json" || r.Evidence[0].Facts == 0 {
		t.Errorf("%s: evidence files %+v, want only facts.json with its facts", name, r.Evidence)
	}
	if len(r.Findings) != 69 {
		t.Errorf("%s: %d findings, want one per catalogue control (69)", name, len(r.Findings))
	}
	if bytes.Contains(out, []byte("generated_at")) {
		t.Errorf("%s: the report has generated_at although --as-of was given", name)
	}
}

// reportDiff explains how two reports differ: field by field when both are
// JSON, otherwise (or when only the bytes differ) by the first lines that
// differ.
func reportDiff(want, got []byte) string {
	var w, g any
	if json.Unmarshal(want, &w) == nil && json.Unmarshal(got, &g) == nil {
		if d := cmp.Diff(w, g); d != "" {
			return "decoded JSON (-golden +got):\n" + d
		}
	}
	return lineDiff(want, got)
}

func lineDiff(want, got []byte) string {
	wl := strings.Split(string(want), "\n")
	gl := strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g || i >= len(wl) || i >= len(gl) {
			return fmt.Sprintf("first difference at line %d:\n-golden: %q\n+got:    %q", i+1, w, g)
		}
	}
	return "the reports differ only in bytes no line shows (line endings?)"
}

// TestDeterministic audits each fixture twice, with different wall clocks,
// and wants the same bytes: with --as-of nothing may depend on the clock,
// map order or the run.
func TestDeterministic(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			first := audit(t, name, fixedNow)
			second := audit(t, name, time.Date(2031, 2, 3, 23, 59, 0, 0, time.FixedZone("AEDT", 11*3600)))
			if !bytes.Equal(first, second) {
				t.Errorf("two audits of the same input differ\n%s", reportDiff(first, second))
			}
		})
	}
}
