package importer

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	msdbPatients = `CBM-SRV01\BPSINSTANCE\BPSPatients`
	msdbSamples  = `CBM-SRV01\BPSINSTANCE\BPSSamples`
	msdbFullP    = "SQL full backup of BPSPatients"
	msdbFullS    = "SQL full backup of BPSSamples"
)

// TestMsdbWithoutHeader: SSMS's default "Save Results As" (no header, no
// quoting, a BOM). Log backups give no fact; the copy-only backup striped
// over two URLs is one off-site backup; the comma inside the last path
// stays in the path.
func TestMsdbWithoutHeader(t *testing.T) {
	data := bkFixture(t, "msdb", "backupset-ssms.csv")
	facts := bkImport(t, MsdbBackupsetCSV{}, "backupset-ssms.csv", data)
	var want []bkRun
	line := 1
	for day := 13; day <= 19; day++ {
		d := "2026-11-" + string(rune('0'+day/10)) + string(rune('0'+day%10))
		want = append(want, bkRun{line, "", msdbFullP, msdbPatients, d + "T23:01:45Z", "success"}, bkRun{line + 1, "", msdbFullS, msdbSamples, d + "T23:02:21Z", "success"})
		line += 2
		if day >= 18 {
			line += 3 // log backups
		}
	}
	want = append(want,
		bkRun{21, "", "SQL copy-only full backup of BPSPatients", msdbPatients, "2026-11-16T02:04:31Z", "success"},
		bkRun{23, "", "SQL differential backup of BPSPatients", msdbPatients, "2026-11-19T13:00:37Z", "success"})
	if diff := cmp.Diff(want, bkRuns(t, facts)); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
	for _, f := range facts {
		b := f.Backup
		offsite := f.Source.Line == 21
		if b.System != "sqlserver" || (b.Offsite != nil) != offsite || (offsite && !*b.Offsite) || b.Encrypted != nil {
			t.Errorf("line %d: %+v; only the backup to a URL is known to be off-site, and nothing says whether any is encrypted", f.Source.Line, *b)
		}
	}
	_, logs, err := msdbFacts("backupset-ssms.csv", data)
	if err != nil || logs != 6 {
		t.Errorf("%d log backups left out, err %v; want 6", logs, err)
	}
}

// TestMsdbWithHeader: time_zone makes local times exact; key_algorithm
// says whether each backup is encrypted.
func TestMsdbWithHeader(t *testing.T) {
	facts := bkImport(t, MsdbBackupsetCSV{}, "backupset-headers.csv", bkFixture(t, "msdb", "backupset-headers.csv"))
	want := []bkRun{
		{2, "", msdbFullP, msdbPatients, "2026-11-18T12:01:45Z", "success"},
		{3, "", msdbFullS, msdbSamples, "2026-11-18T12:02:21Z", "success"},
		{5, "", "SQL differential backup of BPSPatients", msdbPatients, "2026-11-19T02:00:37Z", "success"},
		{6, "", "SQL full backup of master", `CBM-SRV01\BPSINSTANCE\master`, "2026-11-19T23:10:02Z", "success"},
	}
	if diff := cmp.Diff(want, bkRuns(t, facts)); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
	for i, enc := range []bool{true, false, true, false} {
		if e := facts[i].Backup.Encrypted; e == nil || *e != enc {
			t.Errorf("line %d: encrypted %v, want %v", facts[i].Source.Line, e, enc)
		}
	}
}

func TestMsdbSqlcmdAndInvokeSqlcmd(t *testing.T) {
	sqlcmd := bkImport(t, MsdbBackupsetCSV{}, "backupset-sqlcmd.csv", bkFixture(t, "msdb", "backupset-sqlcmd.csv"))
	want := []bkRun{
		{3, "", msdbFullP, msdbPatients, "2026-11-18T23:01:45Z", "success"},
		{4, "", msdbFullS, msdbSamples, "2026-11-18T23:02:21Z", "success"},
		{6, "", msdbFullP, msdbPatients, "2026-11-19T23:01:50Z", "success"},
	}
	if diff := cmp.Diff(want, bkRuns(t, sqlcmd)); diff != "" {
		t.Errorf("sqlcmd (-want +got):\n%s", diff)
	}
	ps := bkImport(t, MsdbBackupsetCSV{}, "backupset-invoke-sqlcmd.csv", bkFixture(t, "msdb", "backupset-invoke-sqlcmd.csv"))
	want = []bkRun{
		{3, "", msdbFullP, msdbPatients, "2026-11-18T23:01:45Z", "success"},
		{4, "", msdbFullP, msdbPatients, "2026-11-19T23:01:50Z", "success"},
	}
	if diff := cmp.Diff(want, bkRuns(t, ps)); diff != "" {
		t.Errorf("Invoke-Sqlcmd (-want +got):\n%s", diff)
	}
}

// TestMsdbLogBackupsDoNotFreshenThePMS: a database whose full backups
// stopped but whose log backups go on still looks as old as its last full
// backup.
func TestMsdbLogBackupsDoNotFreshenThePMS(t *testing.T) {
	text := "BPSPatients,D,2026-11-10 23:00:00.000,2026-11-10 23:01:00.000,SRV\n" +
		"BPSPatients,L,2026-11-19 09:00:00.000,2026-11-19 09:00:01.000,SRV\n" +
		"BPSPatients,L,2026-11-19 09:15:00.000,2026-11-19 09:15:01.000,SRV\n"
	facts := bkImport(t, MsdbBackupsetCSV{}, "b.csv", []byte(text))
	if len(facts) != 1 || facts[0].Backup.End.Day() != 10 {
		t.Errorf("facts %+v; want only the full backup of 10 November", bkRuns(t, facts))
	}
}

func TestMsdbErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		line       int
		want       []string
	}{
		{"bad-type.csv", "database_name,type,backup_finish_date\nBPSPatients,D,2026-11-18 23:01:45\nBPSPatients,X,2026-11-19 23:01:45\n", 3, []string{"column type", `"X"`}},
		{"bad-date.csv", "database_name,type,backup_finish_date\nBPSPatients,D,last night\n", 2, []string{"column backup_finish_date", `"last night"`}},
		{"no-db.csv", "database_name,type,backup_finish_date\n,D,2026-11-18 23:01:45\n", 2, []string{"column database_name", "empty"}},
		{"bad-copy-only.csv", "database_name,type,backup_finish_date,is_copy_only\nBPSPatients,D,2026-11-18 23:01:45,maybe\n", 2, []string{"column is_copy_only", `"maybe"`}},
		{"bad-tz.csv", "database_name,type,backup_finish_date,time_zone\nBPSPatients,D,2026-11-18 23:01:45,11:00\n", 2, []string{"column time_zone", `"11:00"`}},
		{"no-finish-column.csv", "database_name,type,backup_start_date\nBPSPatients,D,2026-11-18 23:01:45\n", 1, []string{"backup_finish_date is missing"}},
		{"headerless-short.csv", "BPSPatients,D,2026-11-18 23:00:00.000,2026-11-18 23:01:45.000\nBPSPatients,D,2026-11-19 23:00:00.000\n", 2, []string{"3 cells"}},
		{"headerless-bad-date.csv", "BPSPatients,D,2026-11-18 23:00:00.000,2026-11-18 23:01:45.000\nBPSPatients,I,2026-11-19 23:00:00.000,soon\n", 2, []string{"backup_finish_date (cell 4)", `"soon"`}},
		{"semicolon-row.csv", "database_name,type,backup_finish_date\nBPSPatients;D;2026-11-18 23:01:45\n", 2, []string{"1 cells", "3 columns"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bkInvalid(t, MsdbBackupsetCSV{}, tc.name, []byte(tc.text), tc.line, tc.want...)
		})
	}
}

// TestMsdbHeaderlessDetectionIsNarrow: only a first line of a name, a
// type letter and two dates counts as a header-less backup history.
func TestMsdbHeaderlessDetectionIsNarrow(t *testing.T) {
	for text, want := range map[string]bool{
		"BPSPatients,D,2026-11-18 23:00:00.000,2026-11-18 23:01:45.000\n":                 true,
		"BPSPatients,L,18/11/2026 11:00:00 pm,18/11/2026 11:01:45 pm,SRV,0\n":             true,
		"BPSPatients,Full,2026-11-18 23:00:00.000,2026-11-18 23:01:45.000\n":              false,
		"BPSPatients,D,2026-11-18 23:00:00.000\n":                                         false,
		"\"BPSPatients\",\"D\",\"2026-11-18 23:00:00.000\",\"2026-11-18 23:01:45.000\"\n": true,
		"alice,D,Sales,2026-11-18\n":                                                      false,
		"Bp nightly,success,2026-11-18 23:00:00.000,2026-11-18 23:01:45.000\n":            false,
	} {
		if got := (MsdbBackupsetCSV{}).Detect("x", []byte(text)); got != want {
			t.Errorf("Detect(%q) = %v, want %v", strings.TrimSpace(text), got, want)
		}
	}
}

func TestMsdbUTF16(t *testing.T) {
	text := "database_name,type,backup_finish_date,server_name\r\nBPSPatients,D,2026-11-18 23:01:45.000,SRV\r\n"
	facts := bkImport(t, MsdbBackupsetCSV{}, "u.csv", bkUTF16(text))
	if diff := cmp.Diff([]bkRun{{2, "", msdbFullP, `SRV\BPSPatients`, "2026-11-18T23:01:45Z", "success"}}, bkRuns(t, facts)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func FuzzMsdbCSV(f *testing.F) {
	bkFuzz(f, MsdbBackupsetCSV{}, bkLines(bkFixture(f, "msdb", "backupset-ssms.csv"), 3), bkLines(bkFixture(f, "msdb", "backupset-headers.csv"), 4),
		bkFixture(f, "msdb", "backupset-sqlcmd.csv"), bkFixture(f, "msdb", "backupset-invoke-sqlcmd.csv"),
		[]byte("database_name,type,backup_finish_date,time_zone\nX,D,2026-11-18 23:01:45,-48\n"))
}
