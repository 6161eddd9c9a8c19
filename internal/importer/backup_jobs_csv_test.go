package importer

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

func bjobBool(b bool) *bool { return &b }

func TestBackupJobsCSV(t *testing.T) {
	facts := bkImport(t, BackupJobsCSV{}, "jobs.csv", bkFixture(t, "backup_jobs_csv", "jobs.csv"))
	const siris, srv = "Datto SIRIS nightly", "CBM-SRV01"
	wantRuns := []bkRun{
		{2, "", siris, srv, "2026-11-18T23:40:00Z", "success"},
		{3, "", "Datto cloud replication", srv, "2026-11-18T16:15:00Z", "success"},
		{4, "", siris, srv, "2026-11-19T23:38:00Z", "warning"},
		{5, "", "USB disk rotation", srv, "2026-11-17T00:00:00Z", "success"},
		{7, "", "Synology Hyper Backup (scans)", "Scanned documents share", "2026-11-19T01:05:00Z", "failed"},
	}
	if diff := cmp.Diff(wantRuns, bkRuns(t, facts)); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
	byLine := map[int]*audit.Backup{}
	var tests []audit.Fact
	for _, f := range facts {
		if f.Backup != nil {
			byLine[f.Source.Line] = f.Backup
		} else {
			tests = append(tests, f)
		}
	}
	thirty := 30
	for line, want := range map[int]audit.Backup{
		2: {System: "datto", Offsite: bjobBool(false), Immutable: bjobBool(false), Encrypted: bjobBool(true), Alerting: bjobBool(true)},
		3: {System: "datto", Offsite: bjobBool(true), Immutable: bjobBool(true), ImmutableDays: &thirty, Encrypted: bjobBool(true), Alerting: bjobBool(true)},
		5: {Offsite: bjobBool(true), Immutable: bjobBool(true), Encrypted: bjobBool(true), Alerting: bjobBool(false)},
	} {
		got := *byLine[line]
		got.Job, got.Asset, got.End, got.Result = "", "", want.End, ""
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("line %d (-want +got):\n%s", line, diff)
		}
	}
	// The restore test written on two rows is one test, from its first row.
	want := []audit.Fact{{Kind: audit.FactRestoreTest, Source: audit.Source{Line: 4},
		RestoreTest: &audit.RestoreTest{Asset: srv, Date: bjobDate(t, "2026-10-02"), Hours: 3.5, Result: "success", Full: true}}}
	if diff := cmp.Diff(want, tests, cmp.Comparer(func(a, b audit.Date) bool { return a == b })); diff != "" {
		t.Errorf("restore tests (-want +got):\n%s", diff)
	}
}

func bjobDate(t *testing.T, s string) audit.Date {
	t.Helper()
	d, err := audit.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestBackupJobsCSVRestoreLog: a restore log alone, with semicolons, a
// decimal comma, mixed-case headers and a notes column that is ignored.
func TestBackupJobsCSVRestoreLog(t *testing.T) {
	facts := bkImport(t, BackupJobsCSV{}, "restore-log.csv", bkFixture(t, "backup_jobs_csv", "restore-log.csv"))
	var got []audit.RestoreTest
	for _, f := range facts {
		if f.Kind != audit.FactRestoreTest {
			t.Fatalf("unexpected %s fact", f.Kind)
		}
		got = append(got, *f.RestoreTest)
	}
	want := []audit.RestoreTest{
		{Asset: "CBM-SRV01", Date: bjobDate(t, "2025-03-14"), Hours: 6.5, Result: "success", Full: true},
		{Asset: "CBM-SRV01", Date: bjobDate(t, "2024-09-02"), Result: "failed", Full: true},
		{Asset: "Microsoft 365 email", Date: bjobDate(t, "2026-08-20"), Hours: 0.5, Result: "success", Full: true},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b audit.Date) bool { return a == b })); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestBackupJobsCSVErrors(t *testing.T) {
	const h = "job,asset,end,result,offsite,immutable,immutable_days,encrypted,alerting,restore_tested_on,restore_hours,restore_result\n"
	for _, tc := range []struct {
		name, text string
		line       int
		want       []string
	}{
		{"no-job.csv", h + ",SRV,2026-11-19 23:00,success,,,,,,,,\n", 2, []string{"column job", "empty"}},
		{"day-first.csv", h + "Bp,SRV,19/11/2026 23:00,success,,,,,,,,\n", 2, []string{"column end", `"19/11/2026 23:00"`, "day-first"}},
		{"bad-result.csv", h + "Bp,SRV,2026-11-19 23:00,done,,,,,,,,\n", 2, []string{"column result", `"done"`}},
		{"end-no-result.csv", h + "Bp,SRV,2026-11-19 23:00,,,,,,,,,\n", 2, []string{"column result", "empty"}},
		{"result-no-end.csv", h + "Bp,SRV,,failed,,,,,,,,\n", 2, []string{"column end", "empty"}},
		{"bad-bool.csv", h + "Bp,SRV,2026-11-19 23:00,success,offsite,,,,,,,\n", 2, []string{"column offsite", `"offsite"`}},
		{"bad-days.csv", h + "Bp,SRV,2026-11-19 23:00,success,,,two weeks,,,,,\n", 2, []string{"column immutable_days", `"two weeks"`}},
		{"days-not-immutable.csv", h + "Bp,SRV,2026-11-19 23:00,success,,no,14,,,,,\n", 2, []string{"column immutable_days", "immutable is no"}},
		{"restore-bad-date.csv", h + "Bp,SRV,,,,,,,,14/03/2025,2,success\n", 2, []string{"column restore_tested_on", `"14/03/2025"`}},
		{"restore-no-result.csv", h + "Bp,SRV,,,,,,,,2025-03-14,2,\n", 2, []string{"column restore_result", "empty"}},
		{"restore-warning.csv", h + "Bp,SRV,,,,,,,,2025-03-14,2,warning\n", 2, []string{"column restore_result", `"warning"`}},
		{"restore-bad-hours.csv", h + "Bp,SRV,,,,,,,,2025-03-14,all day,success\n", 2, []string{"column restore_hours", `"all day"`}},
		{"hours-no-date.csv", h + "Bp,SRV,2026-11-19 23:00,success,,,,,,,2,\n", 2, []string{"column restore_hours", "restore_tested_on is empty"}},
		{"flags-no-run.csv", h + "Bp,SRV,,,yes,,,,,2025-03-14,2,success\n", 2, []string{"column offsite", "no backup run"}},
		{"empty-row.csv", h + "Bp,SRV,,,,,,,,,,\n", 2, []string{"neither a backup run"}},
		{"short-row.csv", h + "Bp,SRV,2026-11-19 23:00,success\n", 2, []string{"4 cells", "12 columns"}},
		{"bad-quote.csv", h + "Bp,\"SRV,2026-11-19 23:00,success,,,,,,,,\n", 2, []string{"malformed"}},
		{"no-result-column.csv", "job,asset,end\nBp,SRV,2026-11-19 23:00\n", 1, []string{"end and result"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name != "no-result-column.csv" && !(BackupJobsCSV{}).Detect(tc.name, []byte(tc.text)) {
				t.Fatalf("not recognised")
			}
			bkInvalid(t, BackupJobsCSV{}, tc.name, []byte(tc.text), tc.line, tc.want...)
		})
	}
}

func FuzzBackupJobsCSV(f *testing.F) {
	bkFuzz(f, BackupJobsCSV{}, bkFixture(f, "backup_jobs_csv", "jobs.csv"), bkFixture(f, "backup_jobs_csv", "restore-log.csv"),
		[]byte("job,end,result,immutable,immutable_days\nBp,2026-11-19,ok,,7\n"))
}
