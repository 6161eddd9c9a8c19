package check

import (
	"testing"

	"triage/internal/audit"
)

// nightly returns a week of 01:30 runs of a job ending on the given day.
func nightly(job, asset, last string, edit func(b *audit.Backup)) []audit.Fact {
	end := *at(last + "T01:30")
	var runs []audit.Fact
	for i := 0; i < 7; i++ {
		b := audit.Backup{Job: job, Asset: asset, System: "veeam", End: end.AddDate(0, 0, -i), Result: "Success"}
		if edit != nil {
			edit(&b)
		}
		runs = append(runs, backup(b))
	}
	return runs
}

func run(job, asset, end, result string) audit.Fact {
	return backup(audit.Backup{Job: job, Asset: asset, System: "veeam", End: *at(end), Result: result})
}

var backupGap = gap("backups", "The Veeam server could not be reached.")

func TestBackupsRecent(t *testing.T) {
	p := Params{"warn_hours": 26, "fail_hours": 48}
	alerting := func(b *audit.Backup) { b.Alerting = yes }
	pms := nightly("PMS nightly", "PMS-SERVER", "2026-10-31", alerting)
	files := nightly("Scans nightly", "FILESERVER", "2026-10-31", alerting)
	cases := []kindCase{
		{name: "last night", params: p, facts: withFacts(pms, files...),
			status: audit.Pass, reason: "Both backed-up systems have a successful backup in the last 26 hours."},
		{name: "warning result still counts", params: p, facts: []audit.Fact{run("PMS nightly", "PMS-SERVER", "2026-10-31T01:30", "Warning")}, status: audit.Pass},
		{name: "missed a night", params: p, facts: withFacts(files, run("PMS nightly", "PMS-SERVER", "2026-10-31T01:30", "Failed"), run("PMS nightly", "PMS-SERVER", "2026-10-30T01:30", "Success")),
			status: audit.Warn, reason: "1 of 2 backed-up systems has no successful backup in the last 26 hours.", subjects: []string{"PMS-SERVER"}},
		{name: "failing for days", params: p, facts: withFacts(files, run("PMS nightly", "PMS-SERVER", "2026-10-31T01:30", "Failed"), run("PMS nightly", "PMS-SERVER", "2026-10-27T01:30", "Success")),
			status: audit.Fail, reason: "1 of 2 backed-up systems has no successful backup in the last 48 hours.", subjects: []string{"PMS-SERVER"}, urgency: []string{"no working backup"}},
		{name: "never succeeded", params: p, facts: []audit.Fact{run("PMS nightly", "PMS-SERVER", "2026-10-31T01:30", "Failed")},
			status: audit.Fail, subjects: []string{"PMS-SERVER"}, urgency: []string{"no working backup"}},
		{name: "nobody alerted", params: p, facts: nightly("PMS nightly", "PMS-SERVER", "2026-10-31", func(b *audit.Backup) { b.Alerting = no }),
			status: audit.Fail, reason: "1 of 1 backed-up system has backups that fail without alerting anyone.", subjects: []string{"PMS-SERVER"}},
		{name: "no history", params: p, status: audit.NotChecked, reason: noBackups},
		{name: "gap", params: p, facts: withFacts(pms, backupGap), status: audit.NotChecked, reason: "Could not check: The Veeam server could not be reached."},
		// The unreadable server may hold the newer runs this evidence lacks.
		{name: "gap hides an old backup too", params: p, facts: []audit.Fact{run("PMS nightly", "PMS-SERVER", "2026-10-27T01:30", "Success"), backupGap},
			status: audit.NotChecked, reason: "Could not check: The Veeam server could not be reached."},
	}
	runKind(t, "backups.recent", cases)

	in := Input{Evidence: NewEvidence([]audit.Fact{run("PMS nightly", "PMS-SERVER", "2026-10-27T01:30", "Success")}), AsOf: asOf, Params: p}
	if got, want := detailOf(t, "backups.recent", in, "PMS-SERVER"), `job "PMS nightly": last successful backup 2026-10-27 01:30 (103 hours ago)`; got != want {
		t.Errorf("detail = %q, want %q", got, want)
	}
	// Failed runs since the last good one are named, with the job.
	in.Evidence = NewEvidence([]audit.Fact{run("PMS nightly", "PMS-SERVER", "2026-10-27T01:30", "Success"),
		run("PMS nightly", "PMS-SERVER", "2026-10-28T01:30", "Failed"), run("PMS nightly", "PMS-SERVER", "2026-10-29T01:30", "Failed")})
	if got, want := detailOf(t, "backups.recent", in, "PMS-SERVER"), `job "PMS nightly": last successful backup 2026-10-27 01:30 (103 hours ago); 2 runs failed since, the last on 2026-10-29 (PMS nightly)`; got != want {
		t.Errorf("detail = %q, want %q", got, want)
	}
}

// When the PMS's backups can be told apart, a stale backup of another
// system is only a warning: the control is about the PMS.
func TestBackupsRecentJudgesThePMS(t *testing.T) {
	p := Params{"warn_hours": 26, "fail_hours": 48}
	facts := []audit.Fact{
		run("Bp Premier nightly", "HFP-SRV01", "2026-10-31T01:30", "Success"),
		run("Mailbox backup", "Microsoft 365", "2026-10-25T01:30", "Success"),
	}
	runKind(t, "backups.recent", []kindCase{{name: "stale mailbox backup", params: p, facts: facts,
		status: audit.Warn, subjects: []string{"Microsoft 365"}}})
}

func TestBackupsOffsite(t *testing.T) {
	local := nightly("PMS nightly", "PMS-SERVER", "2026-10-31", func(b *audit.Backup) { b.Offsite = no })
	cloud := func(enc *bool) []audit.Fact {
		return nightly("PMS to Wasabi", "PMS-SERVER", "2026-10-31", func(b *audit.Backup) { b.Offsite, b.Encrypted = yes, enc })
	}
	files := nightly("Scans nightly", "FILESERVER", "2026-10-31", func(b *audit.Backup) { b.Offsite = no })
	cases := []kindCase{
		{name: "encrypted cloud copy", facts: withFacts(local, cloud(yes)...),
			status: audit.Pass, reason: "The only backed-up system has an off-site copy, and none is known to be unencrypted."},
		{name: "no off-site copy", facts: withFacts(local, files...),
			status: audit.Fail, reason: "No backed-up system has an off-site copy (2 systems checked).", subjects: []string{"FILESERVER", "PMS-SERVER"}},
		{name: "unencrypted off-site copy", facts: withFacts(local, cloud(no)...),
			status: audit.Fail, reason: "1 backup job's off-site copy is not encrypted.", subjects: []string{"PMS to Wasabi"}},
		{name: "one system left on site", facts: withFacts(withFacts(local, cloud(yes)...), files...),
			status: audit.Warn, reason: "1 of 2 backed-up systems has no off-site copy.", subjects: []string{"FILESERVER"}},
		{name: "location unknown", facts: nightly("PMS nightly", "PMS-SERVER", "2026-10-31", nil), status: audit.NotChecked, contains: "off-site"},
		{name: "no history", status: audit.NotChecked, reason: noBackups},
		{name: "gap with nothing off-site", facts: withFacts(local, backupGap), status: audit.NotChecked},
	}
	runKind(t, "backups.offsite", cases)
}

func TestBackupsImmutable(t *testing.T) {
	p := Params{"warn_days": 14}
	local := nightly("PMS nightly", "PMS-SERVER", "2026-10-31", func(b *audit.Backup) { b.Immutable = no })
	locked := func(days *int) []audit.Fact {
		return nightly("PMS to Wasabi", "PMS-SERVER", "2026-10-31", func(b *audit.Backup) { b.Immutable, b.ImmutableDays = yes, days })
	}
	cases := []kindCase{
		{name: "30-day object lock", params: p, facts: withFacts(local, locked(ptr(30))...),
			status: audit.Pass, reason: "At least one backup copy cannot be changed for 30 days."},
		{name: "window unknown", params: p, facts: withFacts(local, locked(nil)...), status: audit.Pass, contains: "not recorded"},
		{name: "short window", params: p, facts: withFacts(local, locked(ptr(7))...),
			status: audit.Warn, reason: "The longest immutability window is 7 days, shorter than the 14 wanted.", subjects: []string{"PMS to Wasabi"}},
		{name: "nothing immutable", params: p, facts: local, status: audit.Fail, contains: "one stolen admin password could delete every copy"},
		{name: "not recorded", params: p, facts: nightly("PMS nightly", "PMS-SERVER", "2026-10-31", nil), status: audit.NotChecked, contains: "immutable"},
		{name: "no history", params: p, status: audit.NotChecked, reason: noBackups},
		{name: "gap", params: p, facts: withFacts(local, backupGap), status: audit.NotChecked},
	}
	runKind(t, "backups.immutable", cases)
}

// A nightly backup and its nightly off-site copy give a restore point a day,
// not one every twelve hours: the interval is judged per job.
func TestRPOIsJudgedPerJob(t *testing.T) {
	var facts []audit.Fact
	for _, d := range []string{"2026-10-28", "2026-10-29", "2026-10-30"} {
		facts = append(facts, run("Bp Premier nightly", "HFP-SRV01", d+"T01:00", "Success"),
			run("Offsite copy", "HFP-SRV01", d+"T13:00", "Success"))
	}
	practice := clinic()
	practice.PMS = audit.PMS{Product: "Best Practice", RPOHours: 4}
	runKind(t, "backups.rto_rpo", []kindCase{{name: "rpo 4h vs nightly", facts: facts, practice: practice,
		status: audit.Fail, contains: "backed up every 24 hours, longer than the stated RPO of 4 hours", subjects: []string{"HFP-SRV01"}}})
	practice.PMS.RPOHours = 24
	runKind(t, "backups.rto_rpo", []kindCase{{name: "rpo 24h vs nightly", facts: facts, practice: practice,
		status: audit.Pass, contains: "Backups run every 24 hours"}})
}

// A nightly job that ends a minute later each night still meets a 24-hour
// recovery point objective.
func TestRPOAllowsDrift(t *testing.T) {
	facts := []audit.Fact{
		run("Bp Premier nightly", "HFP-SRV01", "2026-10-28T01:00", "Success"),
		run("Bp Premier nightly", "HFP-SRV01", "2026-10-29T01:01", "Success"),
		run("Bp Premier nightly", "HFP-SRV01", "2026-10-30T01:02", "Success"),
	}
	practice := clinic()
	practice.PMS = audit.PMS{Product: "Best Practice", RPOHours: 24}
	runKind(t, "backups.rto_rpo", []kindCase{{name: "drifting nightly", facts: facts, practice: practice, status: audit.Pass}})
}
