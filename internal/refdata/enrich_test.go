package refdata

import (
	"reflect"
	"testing"
	"time"

	"triage/internal/audit"
)

var asOf = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)

func date(s string) *audit.Date {
	d, err := audit.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return &d
}

func deviceFact(d audit.Device) audit.Fact {
	return audit.Fact{Kind: audit.FactDevice, Device: &d}
}

func softwareFact(s audit.Software) audit.Fact {
	return audit.Fact{Kind: audit.FactSoftware, Software: &s}
}

func TestEnrichDevices(t *testing.T) {
	in := []audit.Fact{
		deviceFact(audit.Device{Name: "RECEPTION1", OS: "windows", OSName: "Windows 10 Pro", Build: "10.0.19045.5011"}),
		deviceFact(audit.Device{Name: "DR-SMITH", OS: "windows", OSName: "Windows 11 Pro", OSVersion: "10.0.26200"}),
		deviceFact(audit.Device{Name: "SERVER", OSName: "Windows Server 2012 R2 Standard", OSVersion: "6.3.9600"}),
		deviceFact(audit.Device{Name: "BARE", OS: "windows", Build: "10.0.20348"}),                                         // name from OS
		deviceFact(audit.Device{Name: "MAC", OS: "macos", OSName: "macOS", OSVersion: "14.5"}),                             // no end date yet
		deviceFact(audit.Device{Name: "SET", OSName: "Windows 10 Pro", Build: "19045", OSSupportEnds: date("2028-10-10")}), // ESU bought: importer's value stays
		deviceFact(audit.Device{Name: "ODD", OSName: "Plan 9"}),
		{Kind: audit.FactAccount, Account: &audit.Account{ID: "x"}},
	}
	want := []string{"2025-10-14", "2027-10-12", "2023-10-10", "2031-10-14", "", "2028-10-10", ""}
	out := Enrich(in, asOf)
	if len(out) != len(in) {
		t.Fatalf("%d facts out, %d in", len(out), len(in))
	}
	for i, w := range want {
		got := ""
		if e := out[i].Device.OSSupportEnds; e != nil {
			got = e.String()
		}
		if got != w {
			t.Errorf("%s: OSSupportEnds %q, want %q", out[i].Device.Name, got, w)
		}
	}
	if in[0].Device.OSSupportEnds != nil {
		t.Error("Enrich modified its input")
	}
	if out[6].Device != in[6].Device || out[7].Account != in[7].Account {
		t.Error("unchanged facts should be passed through as they are")
	}
}

func TestEnrichSoftware(t *testing.T) {
	in := []audit.Fact{
		softwareFact(audit.Software{Device: "SERVER", Name: "Microsoft SQL Server 2014 (64-bit)", Publisher: "Microsoft Corporation"}),
		softwareFact(audit.Software{Device: "PC1", Name: "Google Chrome", Publisher: "Google LLC", Version: "126.0.6478.127"}),
		softwareFact(audit.Software{Device: "PC1", Name: "TeamViewer 15", Publisher: "TeamViewer", Version: "15.49.3"}),
		// The importer's category is kept; the rest is filled.
		softwareFact(audit.Software{Device: "PC1", Name: "Microsoft Office Professional Plus 2016", Version: "16.0.4266.1001", Category: "other"}),
		// The importer named another product: nothing from the match is mixed in.
		softwareFact(audit.Software{Device: "PC2", Name: "Google Chrome", Version: "126.0.1", Product: "chromium"}),
		// The importer's cycle differs: its own cycle's date is looked up.
		softwareFact(audit.Software{Device: "PC3", Name: "Microsoft SQL Server 2016 (64-bit)", Cycle: "13.0-sp2"}),
		// Importer ids only, on an unrecognised name.
		softwareFact(audit.Software{Device: "PC4", Name: "SQL engine", Product: "mssqlserver", Cycle: "11.0-sp4"}),
		// Ended without a date: the lifecycle data's date, or asOf if earlier.
		softwareFact(audit.Software{Device: "BACKUP", Name: "Veeam Backup & Replication", Version: "9.0.0.1715"}),
		// Unknown program: untouched.
		softwareFact(audit.Software{Device: "PC1", Name: "7-Zip 23.01 (x64)", Version: "23.01"}),
		// Everything set: untouched even if the match would differ.
		softwareFact(audit.Software{Device: "PC1", Name: "Google Chrome", Version: "126.0.1", Product: "chrome", Cycle: "126", Category: "browser", EndOfLife: date("2030-01-01")}),
	}
	want := []audit.Software{
		{Product: "mssqlserver", Cycle: "12.0-sp3", Category: "database", EndOfLife: date("2024-07-09")},
		{Product: "chrome", Cycle: "126", Category: "browser", EndOfLife: date("2024-07-23")},
		{Product: "teamviewer", Cycle: "15", Category: "remote_access"},
		{Product: "office", Cycle: "2016", Category: "other", EndOfLife: date("2025-10-14")},
		{Product: "chromium"},
		{Product: "mssqlserver", Cycle: "13.0-sp2", Category: "database", EndOfLife: date("2022-10-11")},
		{Product: "mssqlserver", Cycle: "11.0-sp4", EndOfLife: date("2022-07-12")},
		{Product: "veeam-backup-and-replication", Cycle: "9.0", Category: "other", EndOfLife: date("2026-08-22")},
		{},
		{Product: "chrome", Cycle: "126", Category: "browser", EndOfLife: date("2030-01-01")},
	}
	out := Enrich(in, asOf)
	for i, w := range want {
		s := out[i].Software
		got := audit.Software{Product: s.Product, Cycle: s.Cycle, Category: s.Category, EndOfLife: s.EndOfLife}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s: got %s", s.Name, show(got))
			t.Errorf("%s: want %s", s.Name, show(w))
		}
		if s.Name != in[i].Software.Name || s.Device != in[i].Software.Device || s.Version != in[i].Software.Version {
			t.Errorf("%s: identity fields changed", s.Name)
		}
	}
	if in[0].Software.Product != "" || in[0].Software.EndOfLife != nil {
		t.Error("Enrich modified its input")
	}
	if out[8].Software != in[8].Software || out[9].Software != in[9].Software {
		t.Error("unchanged software facts should be passed through as they are")
	}
}

func TestEnrichEndedBeforeDataDate(t *testing.T) {
	early := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	out := Enrich([]audit.Fact{softwareFact(audit.Software{Name: "Veeam Backup & Replication", Version: "9.0.0.1715"})}, early)
	if e := out[0].Software.EndOfLife; e == nil || e.String() != "2024-03-01" {
		t.Errorf("EndOfLife %v, want asOf 2024-03-01 (earlier than the data's date)", e)
	}
}

func TestEnrichIsDeterministic(t *testing.T) {
	in := []audit.Fact{
		softwareFact(audit.Software{Name: "Google Chrome", Version: "126.0.1"}),
		softwareFact(audit.Software{Name: "Google Chrome", Version: "126.0.1"}),
		deviceFact(audit.Device{OSName: "Windows 10 Pro", Build: "19045"}),
	}
	a, b := Enrich(in, asOf), Enrich(in, asOf)
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs differ")
	}
	if a[0].Software == a[1].Software {
		t.Error("two facts share one Software value")
	}
}

func show(s audit.Software) string {
	eol := "nil"
	if s.EndOfLife != nil {
		eol = s.EndOfLife.String()
	}
	return s.Product + " " + s.Cycle + " " + s.Category + " " + eol
}

func BenchmarkEnrich(b *testing.B) {
	facts := []audit.Fact{
		softwareFact(audit.Software{Name: "Google Chrome", Publisher: "Google LLC", Version: "126.0.1"}),
		softwareFact(audit.Software{Name: "Microsoft SQL Server 2014 (64-bit)", Publisher: "Microsoft Corporation"}),
		deviceFact(audit.Device{OSName: "Windows 10 Pro", Build: "10.0.19045.5011"}),
	}
	for b.Loop() {
		Enrich(facts, asOf)
	}
}
