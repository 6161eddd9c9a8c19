package importer

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWSBSummaryFormatListUTF16(t *testing.T) {
	facts := bkImport(t, WSBSummary{}, "summary-ps51.txt", bkFixture(t, "wsb", "summary-ps51.txt"))
	const wsb = "Windows Server Backup"
	want := []bkRun{
		{5, "", wsb, wsb, "2026-11-18T21:14:02Z", "success"},
		{8, "", wsb, wsb, "2026-11-19T21:00:03Z", "failed"},
	}
	if diff := cmp.Diff(want, bkRuns(t, facts)); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
	for _, f := range facts {
		if f.Backup.System != "wsb" {
			t.Errorf("system %q, want wsb", f.Backup.System)
		}
	}
}

// TestWSBSummaryRemoteServers: two servers' blocks in one file, named by
// PSComputerName; one never completed a backup (0001-01-01). The dates are
// ambiguous and written with lower-case am/pm, so they are read day-first.
func TestWSBSummaryRemoteServers(t *testing.T) {
	facts := bkImport(t, WSBSummary{}, "summary-remote.txt", bkFixture(t, "wsb", "summary-remote.txt"))
	const wsb = "Windows Server Backup"
	want := []bkRun{
		{5, "", wsb, "CBM-SRV01", "2026-11-10T23:02:17Z", "success"},
		{21, "", wsb, "CBM-RDS01", "2026-11-10T23:00:02Z", "failed"},
	}
	if diff := cmp.Diff(want, bkRuns(t, facts)); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
}

func TestWSBSummaryJSON(t *testing.T) {
	const wsb = "Windows Server Backup"
	t.Run("Windows PowerShell 5.1", func(t *testing.T) {
		facts := bkImport(t, WSBSummary{}, "summary-ps51.json", bkFixture(t, "wsb", "summary-ps51.json"))
		want := []bkRun{
			{0, "$.LastSuccessfulBackupTime", wsb, wsb, "2026-11-18T10:14:02Z", "success"},
			{0, "$.LastBackupTime", wsb, wsb, "2026-11-19T10:00:03Z", "failed"},
		}
		if diff := cmp.Diff(want, bkRuns(t, facts)); diff != "" {
			t.Errorf("runs (-want +got):\n%s", diff)
		}
	})
	t.Run("PowerShell 7, two servers", func(t *testing.T) {
		facts := bkImport(t, WSBSummary{}, "summary-ps7.json", bkFixture(t, "wsb", "summary-ps7.json"))
		want := []bkRun{
			{0, "$[0].LastSuccessfulBackupTime", wsb, "CBM-SRV01", "2026-11-19T12:02:17Z", "success"},
			{0, "$[1].LastSuccessfulBackupTime", wsb, "CBM-RDS01", "2026-11-12T12:05:40Z", "success"},
			{0, "$[1].LastBackupTime", wsb, "CBM-RDS01", "2026-11-19T12:00:02Z", "failed"},
		}
		if diff := cmp.Diff(want, bkRuns(t, facts)); diff != "" {
			t.Errorf("runs (-want +got):\n%s", diff)
		}
	})
	t.Run("DateTime with PowerShell properties", func(t *testing.T) {
		text := `{"LastSuccessfulBackupTime": {"value": "\/Date(1763546042000)\/", "DisplayHint": 2, "DateTime": "Wednesday, 19 November 2025 9:54:02 PM"}, "LastBackupTime": null, "LastBackupResultHR": 0}`
		facts := bkImport(t, WSBSummary{}, "s.json", []byte(text))
		if diff := cmp.Diff([]bkRun{{0, "$.LastSuccessfulBackupTime", wsb, wsb, "2025-11-19T09:54:02Z", "success"}}, bkRuns(t, facts)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

func TestWSBSummaryNeverBackedUp(t *testing.T) {
	text := "LastSuccessfulBackupTime : \r\nLastBackupTime           : \r\nLastBackupResultHR       : 0\r\nNumberOfVersions         : 0\r\n"
	facts := bkImport(t, WSBSummary{}, "s.txt", []byte(text))
	if len(facts) != 0 {
		t.Errorf("%d facts from a server that never backed up; want none", len(facts))
	}
}

func TestWSBSummaryErrors(t *testing.T) {
	good := string(bkFixture(t, "wsb", "summary-remote.txt"))
	for _, tc := range []struct {
		name, text string
		line       int
		want       []string
	}{
		{"bad-hr.txt", strings.Replace(good, "0x80070005\r\nLastBackupResultDetailedHR", "denied\r\nLastBackupResultDetailedHR", 1), 24, []string{"LastBackupResultHR", `"denied"`}},
		{"bad-time.txt", strings.Replace(good, "10/11/2026 11:02:17 pm", "yesterday", 1), 5, []string{"LastSuccessfulBackupTime", `"yesterday"`}},
		{"missing-hr.txt", "NextBackupTime : 20/11/2026 9:00:00 pm\nLastSuccessfulBackupTime : 18/11/2026 9:14:02 pm\nLastBackupTime : 19/11/2026 9:00:03 pm\nNumberOfVersions : 3\n", 1, []string{"LastBackupResultHR"}},
		{"stray-line.txt", "LastSuccessfulBackupTime : 18/11/2026 9:14:02 pm\nLastBackupTime : 19/11/2026 9:00:03 pm\nLastBackupResultHR : 0\nNumberOfVersions : 3\n--- edited by hand ---\n", 5, []string{"not \"Name : value\""}},
		{"truncated.json", `{"LastSuccessfulBackupTime": "\/Date(1763546042000)\/", "LastBackupTime": "\/Date(17635`, 1, []string{"ends before"}},
		{"json-bad-time.json", "{\"LastSuccessfulBackupTime\": \"19/11/2026 9:00 pm\",\n\"LastBackupTime\": null, \"LastBackupResultHR\": 0}", 1, []string{"LastSuccessfulBackupTime", `"19/11/2026 9:00 pm"`}},
		{"json-bad-hr.json", `{"LastSuccessfulBackupTime": null, "LastBackupTime": null, "LastBackupResultHR": true, "NumberOfVersions": 0}`, 1, []string{"LastBackupResultHR", "result code"}},
		{"json-missing.json", `{"LastSuccessfulBackupTime": null, "LastBackupResultHR": 0, "NumberOfVersions": 0}`, 1, []string{"LastBackupTime is missing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bkInvalid(t, WSBSummary{}, tc.name, []byte(tc.text), tc.line, tc.want...)
		})
	}
}

func TestWSBHResult(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "-2147024809": -2147024809, "0x80070057": -2147024809, "0X80070005": -2147024891, "2147942487": 2147942487} {
		if got, ok := wsbHResult(in); !ok || got != want {
			t.Errorf("wsbHResult(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "x", "0xZZ", "99999999999"} {
		if _, ok := wsbHResult(in); ok {
			t.Errorf("wsbHResult(%q) accepted", in)
		}
	}
}

func FuzzWBSummary(f *testing.F) {
	bkFuzz(f, WSBSummary{}, bkFixture(f, "wsb", "summary-remote.txt"), bkFixture(f, "wsb", "summary-ps51.json"),
		[]byte("LastSuccessfulBackupTime : 1/01/0001 12:00:00 am\nLastBackupTime : 3/11/2026 9:00:03 PM\nLastBackupResultHR : 0x80070005\n"))
}
