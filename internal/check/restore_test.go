package check

import (
	"testing"
	"time"

	"triage/internal/audit"
)

func TestRestoreRecent(t *testing.T) {
	p := Params{"warn_days": 90, "fail_days": 180}
	full := func(d string) audit.Fact {
		return restore(audit.RestoreTest{Asset: "PMS-SERVER", Date: *day(d), Hours: 3.5, Result: "success", Full: true})
	}
	partial := restore(audit.RestoreTest{Asset: "BPSPatients", Date: *day("2026-10-20"), Result: "success"})
	failed := restore(audit.RestoreTest{Asset: "PMS-SERVER", Date: *day("2026-10-01"), Result: "failed", Full: true})
	cases := []kindCase{
		{name: "tested last month", params: p, facts: []audit.Fact{full("2026-04-02"), full("2026-09-12"), partial},
			status: audit.Pass, reason: "The last successful full restore test was on 2026-09-12 (49 days ago), of PMS-SERVER."},
		{name: "getting old", params: p, facts: []audit.Fact{full("2026-06-20"), failed},
			status: audit.Warn, reason: "The last successful full restore test was on 2026-06-20 (133 days ago), of PMS-SERVER, more than 90 days ago.", subjects: []string{"PMS-SERVER"}},
		{name: "too old", params: p, facts: []audit.Fact{full("2025-11-30")},
			status: audit.Fail, reason: "The last successful full restore test was on 2025-11-30 (335 days ago), of PMS-SERVER, more than 180 days ago.", subjects: []string{"PMS-SERVER"}},
		{name: "never a full one", params: p, facts: []audit.Fact{partial, failed},
			status: audit.Fail, reason: "No successful full restore test is recorded (2 records of partial or failed tests are)."},
		{name: "no records", params: p, status: audit.NotChecked, reason: noRestores},
		{name: "gap", params: p, facts: []audit.Fact{partial, gap("restore", "The restore log was not uploaded")}, status: audit.NotChecked, reason: "Could not check: The restore log was not uploaded."},
	}
	runKind(t, "restore.recent", cases)
}

func TestRTORPO(t *testing.T) {
	stated := func(rpo, rto float64) *audit.Practice {
		p := clinic()
		p.PMS = audit.PMS{Product: "Bp Premier", RPOHours: rpo, RTOHours: rto}
		return p
	}
	pms := nightly("BPSPatients nightly", "BPSPatients", "2026-10-31", nil)
	weeklyFiles := []audit.Fact{run("Files weekly", "FILESERVER", "2026-10-25T02:00", "Success"), run("Files weekly", "FILESERVER", "2026-10-18T02:00", "Success")}
	test := func(hours float64) audit.Fact {
		return restore(audit.RestoreTest{Asset: "BPSPatients", Date: *day("2026-09-12"), Hours: hours, Result: "success", Full: true})
	}
	every6h := func() []audit.Fact {
		var runs []audit.Fact
		for i := 0; i < 8; i++ {
			runs = append(runs, backup(audit.Backup{Job: "SQL log", Asset: "BPSPatients", End: time.Date(2026, 10, 31, 6, 0, 0, 0, time.UTC).Add(time.Duration(-6*i) * time.Hour), Result: "Success"}))
		}
		return runs
	}
	cases := []kindCase{
		{name: "both met", practice: stated(24, 8), facts: withFacts(withFacts(pms, weeklyFiles...), test(3.5)),
			status: audit.Pass, reason: "Backups run every 24 hours, within the stated RPO of 24 hours, and the last full restore took 3.5 hours, within the stated RTO of 8 hours."},
		{name: "RPO tighter than backups", practice: stated(4, 0), facts: pms,
			status: audit.Fail, reason: "The practice's recovery objectives are not met: BPSPatients backed up every 24 hours, longer than the stated RPO of 4 hours.", subjects: []string{"BPSPatients"}},
		{name: "frequent log backups meet it", practice: stated(6, 0), facts: every6h(), status: audit.Pass},
		{name: "restore slower than RTO", practice: stated(24, 2), facts: withFacts(pms, test(5)), status: audit.Fail, subjects: []string{"BPSPatients"}},
		{name: "RTO stated, no timing", practice: stated(0, 8), facts: pms, status: audit.NotChecked, contains: "no full restore test records how long it took"},
		{name: "nothing stated", practice: clinic(), facts: pms, status: audit.NotChecked, contains: "states no recovery objectives"},
		{name: "no practice", facts: pms, status: audit.NotChecked, contains: "states no recovery objectives"},
		{name: "gap", practice: stated(24, 8), facts: withFacts(pms, test(3.5), backupGap), status: audit.NotChecked},
	}
	runKind(t, "backups.rto_rpo", cases)
}
