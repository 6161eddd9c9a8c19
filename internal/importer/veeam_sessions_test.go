package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

// Helpers shared by the backup and training importer tests.

// fixture reads testdata/dir/file.
func bkFixture(t testing.TB, dir, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", dir, file))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// mustImport checks that imp recognises data and reads it without error,
// and that every fact meets the fact rules.
func bkImport(t *testing.T, imp Importer, name string, data []byte) []audit.Fact {
	t.Helper()
	if !imp.Detect(name, data[:min(len(data), HeadSize)]) {
		t.Fatalf("%s does not recognise %s", imp.Name(), name)
	}
	facts, err := imp.Import(name, bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for i, f := range facts {
		if err := ValidateFact(f); err != nil {
			t.Errorf("%s: facts[%d] is invalid: %v", name, i, err)
		}
	}
	return facts
}

// wantInvalid checks that importing data fails with an EInvalid error at
// name:line whose text holds every one of want, and yields nothing.
func bkInvalid(t *testing.T, imp Importer, name string, data []byte, line int, want ...string) {
	t.Helper()
	facts, err := imp.Import(name, bytes.NewReader(data))
	if err == nil {
		t.Fatalf("%s: no error; read %d facts", name, len(facts))
	}
	if facts != nil {
		t.Errorf("%s: %d facts returned with the error; nothing may be half-imported", name, len(facts))
	}
	var e *audit.Error
	if !errors.As(err, &e) || e.Code != audit.EInvalid || e.File != name || e.Line != line {
		t.Errorf("%s: error %q (%#v), want an EInvalid error at line %d", name, err, err, line)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s: error %q does not mention %q", name, err, w)
		}
	}
}

// run is a backup fact in short, for tables of expectations.
type bkRun struct {
	Line   int
	Path   string
	Job    string
	Asset  string
	End    string // RFC 3339
	Result string
}

func bkRuns(t *testing.T, facts []audit.Fact) []bkRun {
	t.Helper()
	var out []bkRun
	for _, f := range facts {
		if f.Kind != audit.FactBackup {
			continue
		}
		out = append(out, bkRun{f.Source.Line, f.Source.Path, f.Backup.Job, f.Backup.Asset, f.Backup.End.Format(time.RFC3339), f.Backup.Result})
	}
	return out
}

// utf16LE encodes text as Windows PowerShell 5.1's Out-File does.
func bkUTF16(text string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(text)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// ---- Veeam sessions CSV

func TestVeeamSessionsCSVWindowsPowerShell(t *testing.T) {
	data := bkFixture(t, "veeam", "sessions-ps51.csv")
	facts := bkImport(t, VeeamSessionsCSV{}, "sessions-ps51.csv", data)
	const n, c = "Bp Premier nightly", "Bp Premier offsite copy"
	want := []bkRun{
		{3, "", n, n, "2026-11-13T22:38:51Z", "success"},
		{4, "", c, c, "2026-11-14T01:12:09Z", "success"},
		{5, "", n, n, "2026-11-14T22:41:27Z", "success"},
		{6, "", c, c, "2026-11-15T01:09:45Z", "success"},
		{8, "", n, n, "2026-11-15T22:37:19Z", "warning"},
		{9, "", c, c, "2026-11-16T01:10:02Z", "success"},
		{10, "", n, n, "2026-11-16T22:21:40Z", "failed"},
		{11, "", n, n, "2026-11-16T23:31:12Z", "success"},
		{12, "", c, c, "2026-11-17T00:47:33Z", "failed"},
		{13, "", n, n, "2026-11-17T22:39:58Z", "success"},
		{14, "", c, c, "2026-11-18T01:11:20Z", "success"},
	}
	if diff := cmp.Diff(want, bkRuns(t, facts)); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
	for _, f := range facts {
		b := f.Backup
		if b.System != "veeam" || b.Offsite != nil || b.Immutable != nil || b.Encrypted != nil || b.Alerting != nil {
			t.Errorf("line %d: %+v; a session list says nothing of off-site, immutability, encryption or alerts", f.Source.Line, *b)
		}
	}
	_, skipped, err := veeamCSVFacts("sessions-ps51.csv", data)
	if err != nil || skipped != (veeamSkipped{running: 1, logs: 1}) {
		t.Errorf("skipped %+v, err %v; want the running copy session and the log backup", skipped, err)
	}
}

func TestVeeamSessionsCSVPowerShell7USDates(t *testing.T) {
	facts := bkImport(t, VeeamSessionsCSV{}, "sessions-ps7.csv", bkFixture(t, "veeam", "sessions-ps7.csv"))
	want := []bkRun{
		{2, "", "File server", "File server", "2026-11-18T19:20:44Z", "success"},
		{3, "", "File server", "File server", "2026-11-19T19:03:10Z", "failed"},
		{4, "", "Bp Premier nightly", "Bp Premier nightly", "2026-11-19T22:40:30Z", "success"},
	}
	if diff := cmp.Diff(want, bkRuns(t, facts)); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
}

func TestVeeamSessionsCSVEncodingsAndDelimiters(t *testing.T) {
	ps51 := bkFixture(t, "veeam", "sessions-ps51.csv")
	want := bkRuns(t, bkImport(t, VeeamSessionsCSV{}, "a.csv", ps51))
	text := string(bytes.TrimPrefix(ps51, utf8BOM))
	for name, data := range map[string][]byte{
		"utf16.csv":     bkUTF16(text),
		"no-bom.csv":    []byte(text),
		"lf.csv":        []byte(strings.ReplaceAll(text, "\r\n", "\n")),
		"semicolon.csv": []byte(strings.ReplaceAll(text, `","`, `";"`)),
	} {
		if diff := cmp.Diff(want, bkRuns(t, bkImport(t, VeeamSessionsCSV{}, name, data))); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

func TestVeeamSessionsCSVErrors(t *testing.T) {
	header := "\"JobName\",\"JobType\",\"Result\",\"State\",\"CreationTime\",\"EndTime\"\r\n"
	for _, tc := range []struct {
		name, text string
		line       int
		want       []string
	}{
		{"bad-result.csv", header + "\"Bp\",\"Backup\",\"Success\",\"Stopped\",\"13/11/2026 10:00:04 pm\",\"13/11/2026 10:38:51 pm\"\r\n\"Bp\",\"Backup\",\"Done\",\"Stopped\",\"14/11/2026 10:00:04 pm\",\"14/11/2026 10:38:51 pm\"\r\n",
			3, []string{`column Result`, `"Done"`}},
		{"bad-end.csv", header + "\"Bp\",\"Backup\",\"Success\",\"Stopped\",\"13/11/2026 10:00:04 pm\",\"yesterday\"\r\n",
			2, []string{`column EndTime`, `"yesterday"`}},
		{"no-job.csv", header + "\"\",\"Backup\",\"Success\",\"Stopped\",\"13/11/2026 10:00:04 pm\",\"13/11/2026 10:38:51 pm\"\r\n",
			2, []string{`column JobName`, "empty"}},
		{"both-orders.csv", header + "\"Bp\",\"Backup\",\"Success\",\"Stopped\",\"13/11/2026 10:00:04 pm\",\"13/11/2026 10:38:51 pm\"\r\n\"Bp\",\"Backup\",\"Success\",\"Stopped\",\"11/14/2026 10:00:04 PM\",\"11/14/2026 10:38:51 PM\"\r\n",
			3, []string{"day-first (line 2", "month-first (line 3"}},
		{"finished-no-end.csv", header + "\"Bp\",\"Backup\",\"Failed\",\"Stopped\",\"13/11/2026 10:00:04 pm\",\"1/01/1900 12:00:00 am\"\r\n",
			2, []string{`column EndTime`, "not a real end time"}},
		{"short-row.csv", header + "\"Bp\",\"Backup\",\"Success\"\r\n",
			2, []string{"3 cells", "6 columns"}},
		{"mixed-delimiters.csv", header + "\"Bp\";\"Backup\";\"Success\";\"Stopped\";\"13/11/2026 10:00:04 pm\";\"13/11/2026 10:38:51 pm\"\r\n",
			2, []string{"semicolons"}},
		{"no-endtime-column.csv", "\"JobName\",\"Result\",\"CreationTime\"\r\n\"Bp\",\"Success\",\"13/11/2026 10:00:04 pm\"\r\n",
			1, []string{"EndTime is missing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bkInvalid(t, VeeamSessionsCSV{}, tc.name, []byte(tc.text), tc.line, tc.want...)
		})
	}
}

func TestVeeamSessionsCSVRunningSessionsAreSkipped(t *testing.T) {
	text := "JobName,Result,State,EndTime\nBp,Success,Stopped,2026-11-19 22:40:00\nBp,None,Working,1/01/1900 12:00:00 am\nBp,Failed,Working,1/01/1900 12:00:00 am\nBp,,Starting,\n"
	facts, skipped, err := veeamCSVFacts("s.csv", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(facts) != 1 || skipped.running != 3 {
		t.Errorf("%d facts, %d running; want 1 and 3", len(facts), skipped.running)
	}
}

// ---- Veeam REST sessions

func TestVeeamSessionsJSON(t *testing.T) {
	data := bkFixture(t, "veeam", "sessions-api.json")
	facts := bkImport(t, VeeamSessionsJSON{}, "sessions-api.json", data)
	want := []bkRun{
		{0, "$.data[0]", "Bp Premier nightly", "Bp Premier nightly", "2026-11-18T11:39:51Z", "success"},
		{0, "$.data[1]", "Bp Premier offsite copy", "Bp Premier offsite copy", "2026-11-18T14:10:44Z", "success"},
		{0, "$.data[4]", "Bp Premier offsite copy", "Bp Premier offsite copy", "2026-11-19T13:41:02Z", "failed"},
	}
	got := bkRuns(t, facts)
	for i := range got {
		got[i].End = facts[i].Backup.End.Truncate(time.Second).Format(time.RFC3339)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
	_, skipped, err := veeamJSONFacts("sessions-api.json", data)
	if err != nil || skipped.running != 1 {
		t.Errorf("skipped %+v, err %v; want one running session", skipped, err)
	}
}

func TestVeeamSessionsJSONBareList(t *testing.T) {
	text := `[{"name": "Bp", "sessionType": "BackupJob", "state": "Stopped", "creationTime": "2026-11-19T22:00:00Z", "endTime": "2026-11-19T22:40:00Z", "result": {"result": "Warning"}}]`
	facts := bkImport(t, VeeamSessionsJSON{}, "s.json", []byte(text))
	if diff := cmp.Diff([]bkRun{{0, "$[0]", "Bp", "Bp", "2026-11-19T22:40:00Z", "warning"}}, bkRuns(t, facts)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestVeeamSessionsJSONErrors(t *testing.T) {
	good := string(bkFixture(t, "veeam", "sessions-api.json"))
	for _, tc := range []struct {
		name, text string
		line       int
		want       []string
	}{
		{"truncated.json", good[:len(good)/2], strings.Count(good[:len(good)/2], "\n") + 1, []string{"ends before the JSON is complete"}},
		{"bad-result.json", `{"data": [` + "\n" + `{"name": "Bp", "sessionType": "BackupJob", "state": "Stopped", "creationTime": "2026-11-19T22:00:00Z", "endTime": "2026-11-19T22:40:00Z", "result": {"result": "Great"}}]}`,
			2, []string{"$.data[0]", `"Great"`}},
		{"bad-end.json", `{"data": [{"name": "Bp", "sessionType": "BackupJob", "state": "Stopped", "creationTime": "2026-11-19T22:00:00Z",` + "\n" + `"endTime": "19/11/2026", "result": {"result": "Success"}}]}`,
			1, []string{"endTime", `"19/11/2026"`}},
		{"wrong-type.json", `{"data": [{"name": "Bp", "sessionType": "BackupJob", "state": "Stopped", "creationTime": "2026-11-19T22:00:00Z",` + "\n" + `"endTime": 1763590800, "result": {"result": "Success"}}]}`,
			2, []string{"$.data[0]", "endTime must be text"}},
		{"finished-no-end.json", `{"data": [{"name": "Bp", "sessionType": "BackupJob", "state": "Stopped", "creationTime": "2026-11-19T22:00:00Z", "result": {"result": "Failed"}}]}`,
			1, []string{"endTime is missing"}},
		{"no-data.json", `{"pagination": {"total": 0}, "items": [{"sessionType": "BackupJob", "creationTime": "x"}]}`, 1, []string{`no "data" list`}},
		{"trailing.json", `{"data": []}` + "\n" + `{"data": []}`, 2, []string{"after the end"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bkInvalid(t, VeeamSessionsJSON{}, tc.name, []byte(tc.text), tc.line, tc.want...)
		})
	}
}

// ---- shared: dates and times as Windows writes them

func TestStampParse(t *testing.T) {
	for _, tc := range []struct {
		in         string
		monthFirst bool
		want       string // RFC 3339, "" for unreadable
	}{
		{"19/11/2026 10:41:12 pm", false, "2026-11-19T22:41:12Z"},
		{"19/11/2026 10:41:12 PM", false, "2026-11-19T22:41:12Z"},
		{"11/19/2026 10:41:12 PM", true, "2026-11-19T22:41:12Z"},
		{"11/19/2026 10:41:12\u202fPM", true, "2026-11-19T22:41:12Z"},
		{"19.11.2026 22:41:12", false, "2026-11-19T22:41:12Z"},
		{"19/11/2026", false, "2026-11-19T00:00:00Z"},
		{"2026-11-19 22:41:12.000", false, "2026-11-19T22:41:12Z"},
		{"2026-11-19T22:41:12+11:00", true, "2026-11-19T11:41:12Z"},
		{"2026/11/19 22:41", true, "2026-11-19T22:41:00Z"},
		{"12/01/2026 12:00:00 am", false, "2026-01-12T00:00:00Z"},
		{"12/01/2026 12:30:00 pm", false, "2026-01-12T12:30:00Z"},
		{"/Date(1763552472000)/", false, "2025-11-19T11:41:12Z"},
		{`\/Date(1763552472000+1100)\/`, false, "2025-11-19T11:41:12Z"},
		{"1/01/0001 12:00:00 am", false, "0001-01-01T00:00:00Z"},
		{"31/02/2026 10:00:00", false, ""},
		{"19/11/26 10:00", false, ""},
		{"13:00:00 pm 19/11/2026", false, ""},
		{"19/11/2026 13:00:00 pm", false, ""},
		{"Thursday, 19 November 2026", false, ""},
		{"", false, ""},
	} {
		got, ok := stampParse(tc.in, tc.monthFirst)
		s := ""
		if ok {
			s = got.Format(time.RFC3339)
		}
		if s != tc.want {
			t.Errorf("stampParse(%q, %v) = %q, want %q", tc.in, tc.monthFirst, s, tc.want)
		}
	}
}

func TestStampOrderOf(t *testing.T) {
	cells := func(vals ...string) []stampCell {
		var out []stampCell
		for i, v := range vals {
			out = append(out, stampCell{line: i + 2, column: "EndTime", value: v})
		}
		return out
	}
	for _, tc := range []struct {
		name       string
		cells      []stampCell
		monthFirst bool
		err        bool
	}{
		{"day over 12", cells("3/11/2026 1:00:00 PM", "13/11/2026 1:00:00 PM"), false, false},
		{"month-first proof", cells("3/11/2026 1:00:00 pm", "11/13/2026 1:00:00 pm"), true, false},
		{"capital AM/PM, no proof", cells("3/11/2026 1:00:00 PM"), true, false},
		{"lower am/pm, no proof", cells("3/11/2026 1:00:00 pm"), false, false},
		{"24-hour clock, no proof", cells("3/11/2026 13:00:00"), false, false},
		{"ISO only", cells("2026-11-13 13:00:00"), false, false},
		{"both", cells("13/11/2026 1:00:00 pm", "11/14/2026 1:00:00 pm"), false, true},
	} {
		got, err := stampOrderOf("f.csv", tc.cells)
		if (err != nil) != tc.err || (err == nil && got != tc.monthFirst) {
			t.Errorf("%s: month-first %v, err %v; want %v, error %v", tc.name, got, err, tc.monthFirst, tc.err)
		}
	}
}

// ---- shared: JSON lists read record by record

func TestJrecReadLines(t *testing.T) {
	text := "\xEF\xBB\xBF{\n  \"pagination\": {\"total\": 2},\n  \"data\": [\n    {\"a\": 1},\n\n    {\"a\": 2}\n  ]\n}\n"
	recs, err := jrecRead("f.json", []byte(text), "data")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.path+"@"+string(rune('0'+r.line)))
	}
	if diff := cmp.Diff([]string{"$.data[0]@4", "$.data[1]@6"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := jrecRead("f.json", bkUTF16(text[3:]), "data"); err != nil {
		t.Errorf("UTF-16: %v", err)
	}
	one, err := jrecRead("f.json", []byte("\n\n{\"x\": 1}\n"), "")
	if err != nil || len(one) != 1 || one[0].path != "$" || one[0].line != 3 {
		t.Errorf("single object: %+v, %v", one, err)
	}
}

// ---- detection: by content, never by name, and not of each other's files

// bkImporters are the importers of this change.
var bkImporters = []Importer{VeeamSessionsCSV{}, VeeamSessionsJSON{}, WSBSummary{}, MsdbBackupsetCSV{}, BackupJobsCSV{}, KnowBe4JSON{}, TrainingCSV{}}

// bkDetectionFixtures are, per importer, the fixture files it must
// recognise; every other importer must not.
var bkDetectionFixtures = map[string][]string{
	"veeam_sessions_csv":  {"veeam/sessions-ps51.csv", "veeam/sessions-ps7.csv"},
	"veeam_sessions_json": {"veeam/sessions-api.json"},
	"wsb_summary":         {"wsb/summary-ps51.txt", "wsb/summary-remote.txt", "wsb/summary-ps51.json", "wsb/summary-ps7.json"},
	"msdb_backupset_csv":  {"msdb/backupset-ssms.csv", "msdb/backupset-headers.csv", "msdb/backupset-sqlcmd.csv", "msdb/backupset-invoke-sqlcmd.csv"},
	"backup_jobs_csv":     {"backup_jobs_csv/jobs.csv", "backup_jobs_csv/restore-log.csv"},
	"knowbe4_json":        {"knowbe4/users.json", "knowbe4/security_tests.json", "knowbe4/recipients.json", "knowbe4/enrollments.json"},
	"training_csv":        {"training_csv/training.csv"},
}

func TestBackupAndTrainingDetection(t *testing.T) {
	all := append(Builtin(), bkImporters...)
	for owner, files := range bkDetectionFixtures {
		for _, file := range files {
			data := bkFixture(t, filepath.Dir(file), filepath.Base(file))
			head := data[:min(len(data), HeadSize)]
			for _, imp := range all {
				got := imp.Detect("evidence.bin", head) // the name must not matter
				if want := imp.Name() == owner; got != want {
					t.Errorf("%s.Detect(%s) = %v, want %v", imp.Name(), file, got, want)
				}
			}
		}
	}
}

// TestBackupAndTrainingIgnoreOtherFormats: none of these importers claims
// another importer's fixture or a fixture practice's facts.json.
func TestBackupAndTrainingIgnoreOtherFormats(t *testing.T) {
	mine := map[string]bool{"veeam": true, "wsb": true, "msdb": true, "backup_jobs_csv": true, "knowbe4": true, "training_csv": true}
	var files []string
	dirs, _ := os.ReadDir("testdata")
	for _, d := range dirs {
		if !d.IsDir() || mine[d.Name()] {
			continue
		}
		entries, _ := os.ReadDir(filepath.Join("testdata", d.Name()))
		for _, e := range entries {
			if !e.IsDir() && e.Name() != "SOURCE.md" && e.Name() != "LICENSE" {
				files = append(files, filepath.Join("testdata", d.Name(), e.Name()))
			}
		}
	}
	practices, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "practices", "*", "*.json"))
	files = append(files, practices...)
	if len(files) < 10 {
		t.Fatalf("only %d other fixtures found", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range bkImporters {
			if imp.Detect(f, data[:min(len(data), HeadSize)]) {
				t.Errorf("%s claims %s", imp.Name(), f)
			}
		}
	}
}

// ---- fuzzing

// fuzzImport feeds arbitrary bytes to Detect and Import: neither may
// panic, every error is a located EInvalid *audit.Error, and every fact
// read meets the fact rules.
func bkFuzz(f *testing.F, imp Importer, seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		imp.Detect("f", data)
		facts, err := imp.Import("f", bytes.NewReader(data))
		if err != nil {
			var e *audit.Error
			if !errors.As(err, &e) || e.Code != audit.EInvalid || e.File != "f" || e.Line < 0 || facts != nil {
				t.Fatalf("bad error %#v (with %d facts)", err, len(facts))
			}
			return
		}
		for i, fact := range facts {
			if err := ValidateFact(fact); err != nil {
				t.Fatalf("facts[%d] was read but is invalid: %v", i, err)
			}
		}
	})
}

// bkLines keeps the first n lines of a fixture, for fuzz seeds: whole
// fixtures make every new input slow to minimise.
func bkLines(data []byte, n int) []byte {
	end := 0
	for i := 0; i < n && end < len(data); i++ {
		j := bytes.IndexByte(data[end:], '\n')
		if j < 0 {
			return data
		}
		end += j + 1
	}
	return data[:end]
}

func FuzzVeeamCSV(f *testing.F) {
	bkFuzz(f, VeeamSessionsCSV{}, bkLines(bkFixture(f, "veeam", "sessions-ps51.csv"), 5), bkLines(bkFixture(f, "veeam", "sessions-ps7.csv"), 3),
		[]byte("JobName,Result,EndTime\nBp,Success,13/11/2026 10:38:51 pm\nBp,Failed,11/14/2026 10:38:51 PM\n"),
		[]byte("JobName,Result,State,EndTime\nBp,Failed,Stopped,1/01/1900 12:00:00 am\n"))
}

func FuzzVeeamJSON(f *testing.F) {
	bkFuzz(f, VeeamSessionsJSON{},
		[]byte(`[{"name": "Bp", "sessionType": "BackupJob", "state": "Stopped", "creationTime": "2026-11-19T22:00:00Z", "endTime": "2026-11-19T22:40:00Z", "result": {"result": "Warning"}}]`),
		[]byte(`{"data": [{"name": "Bp", "endTime": 5}]}`))
}
