package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

func planCatalog() *audit.Catalog {
	return &audit.Catalog{
		Controls: []audit.Control{
			{ID: "MFA-ALL", Action: "enforce-mfa"}, {ID: "MFA-ADMIN", Action: "enforce-mfa"},
			{ID: "RDP", Action: "close-ports"}, {ID: "POLICY", Action: "write-policy"},
			{ID: "PRINTERS", Action: "fix-printers"}, {ID: "LOGS", Action: "keep-logs"},
		},
		Actions: []audit.ActionDef{
			{ID: "enforce-mfa", Title: "Turn on MFA", Owner: audit.OwnerProvider},
			{ID: "close-ports", Title: "Close RDP", Owner: audit.OwnerProvider},
			{ID: "write-policy", Title: "Write the policy", Owner: audit.OwnerPractice},
			{ID: "fix-printers", Title: "Secure printers", Owner: audit.OwnerProvider},
			{ID: "keep-logs", Title: "Keep logs", Owner: audit.OwnerProvider},
		},
	}
}

func open(id string, status audit.Status, risk int, effort audit.Effort, qw bool, urgency ...string) audit.Finding {
	return audit.Finding{ControlID: id, Status: status, Risk: risk, Effort: effort, QuickWin: qw, Urgency: urgency, Why: "why " + id}
}

func TestPlanRollsUpAndRanks(t *testing.T) {
	findings := []audit.Finding{
		open("POLICY", audit.Fail, 9, audit.EffortHours, true),
		open("MFA-ADMIN", audit.Fail, 20, audit.EffortHours, true),
		open("MFA-ALL", audit.Fail, 25, audit.EffortHours, true),
		open("RDP", audit.Fail, 25, audit.EffortHours, true, "internet-exposed"),
		open("PRINTERS", audit.Warn, 6, audit.EffortHours, true),
		open("LOGS", audit.Pass, 9, audit.EffortDays, false),
	}
	got := Plan(planCatalog(), findings)
	type row struct {
		Rank   int
		ID     string
		Band   audit.Band
		Urgent bool
		Closes []string
		Why    string
	}
	var rows []row
	for _, a := range got {
		rows = append(rows, row{a.Rank, a.ID, a.Band, a.Urgent, a.ControlIDs, a.Why})
	}
	want := []row{
		{1, "close-ports", audit.BandNow, true, []string{"RDP"}, "why RDP"},
		{2, "enforce-mfa", audit.BandNow, false, []string{"MFA-ADMIN", "MFA-ALL"}, "why MFA-ALL"},
		{3, "write-policy", audit.Band90d, false, []string{"POLICY"}, "why POLICY"},
		{4, "fix-printers", audit.BandLater, false, []string{"PRINTERS"}, "why PRINTERS"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Fatalf("plan (-want +got):\n%s", diff)
	}
}

func TestFindingBand(t *testing.T) {
	cases := []struct {
		f    audit.Finding
		want audit.Band
	}{
		{open("X", audit.Fail, 20, "", false), audit.BandNow},
		{open("X", audit.Fail, 4, "", false, "leaver still active"), audit.BandNow},
		{open("X", audit.Fail, 16, "", false), audit.Band30d},
		{open("X", audit.Warn, 16, "", false), audit.Band90d},
		{open("X", audit.Fail, 6, "", false), audit.Band90d},
		{open("X", audit.Fail, 5, "", false), audit.BandLater},
		{open("X", audit.Warn, 5, "", false), audit.BandLater},
	}
	for _, c := range cases {
		if got := FindingBand(c.f); got != c.want {
			t.Errorf("band of %s risk %d urgency %v = %s, want %s", c.f.Status, c.f.Risk, c.f.Urgency, got, c.want)
		}
	}
}

func TestPriorityFavoursQuickLowEffortWork(t *testing.T) {
	quick := audit.Action{Risk: 16, QuickWin: true, Effort: audit.EffortHours}
	project := audit.Action{Risk: 16, Effort: audit.EffortProject}
	if Priority(quick) <= Priority(project) {
		t.Fatalf("a quick win (%d) should outrank a project of the same risk (%d)", Priority(quick), Priority(project))
	}
}

func TestDiff(t *testing.T) {
	prev := &audit.Result{AsOf: "2026-05-01", Scores: audit.Scores{Overall: 40}, Findings: []audit.Finding{
		{ControlID: "A", Status: audit.Fail}, {ControlID: "B", Status: audit.Fail}, {ControlID: "C", Status: audit.Pass},
		{ControlID: "D", Status: audit.Warn}, {ControlID: "E", Status: audit.NotChecked},
	}}
	cur := &audit.Result{AsOf: "2026-11-01", Scores: audit.Scores{Overall: 55}, Findings: []audit.Finding{
		{ControlID: "A", Status: audit.Pass}, {ControlID: "B", Status: audit.Warn}, {ControlID: "C", Status: audit.Fail},
		{ControlID: "D", Status: audit.Warn}, {ControlID: "E", Status: audit.Pass},
	}}
	got := Diff(prev, cur)
	want := audit.Diff{PreviousAsOf: "2026-05-01", ScoreChange: 15, Fixed: []string{"A"}, New: []string{"C"},
		StillFailing: []string{"B", "D"}, Changed: []audit.Change{{ControlID: "B", From: audit.Fail, To: audit.Warn}, {ControlID: "E", From: audit.NotChecked, To: audit.Pass}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("diff (-want +got):\n%s", diff)
	}
}

func TestEssentialEight(t *testing.T) {
	cat := &audit.Catalog{Frameworks: []audit.Framework{{ID: "e8", Requirements: []audit.Requirement{
		{ID: "ISM-1504", Strategy: "mfa", Level: 1, Controls: []string{"MFA-ALL"}},
		{ID: "ISM-1173", Strategy: "mfa", Level: 2, Controls: []string{"MFA-ADMIN"}},
		{ID: "ISM-1511", Strategy: "regular_backups", Level: 1, Controls: []string{"BAK"}},
		{ID: "ISM-0843", Strategy: "application_control", Level: 1, Controls: []string{"AC"}},
	}}}}
	findings := []audit.Finding{
		{ControlID: "MFA-ALL", Status: audit.Pass}, {ControlID: "MFA-ADMIN", Status: audit.Pass},
		{ControlID: "BAK", Status: audit.Fail}, {ControlID: "AC", Status: audit.NotChecked},
	}
	got, overall := EssentialEight(cat, findings)
	if got["mfa"].Level != 2 {
		t.Errorf("mfa level %d, want 2 (every mapped ML1 and ML2 requirement met)", got["mfa"].Level)
	}
	if got["regular_backups"].Level != 0 || len(got["regular_backups"].Gaps) != 1 {
		t.Errorf("backups %+v, want level 0 with one gap", got["regular_backups"])
	}
	if s := got["application_control"]; s.Level != 0 || len(s.Unknown) != 1 || len(s.Gaps) != 0 {
		t.Errorf("application control %+v, want level 0 with one unknown requirement", s)
	}
	if got["patch_os"].Level != 0 {
		t.Errorf("a strategy with no mapped requirements cannot claim a level")
	}
	if overall != 0 {
		t.Errorf("overall %d, want 0 (the lowest strategy)", overall)
	}
}
