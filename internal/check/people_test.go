package check

import (
	"fmt"
	"testing"

	"triage/internal/audit"
)

func completed(person, on string) audit.Fact {
	return training(audit.Training{Person: person, Course: "2026 Security Awareness for Healthcare", CompletedOn: day(on)})
}

func TestTrainingCoverage(t *testing.T) {
	p := Params{"window_days": 365, "pass_pct": 95, "warn_pct": 80}
	// Current staff in clinic(): Anna, Ben and Emma. Chloe and David left.
	all := []audit.Fact{
		completed("anna.nguyen@clinic.com.au", "2026-03-10"),
		completed("BEN.CARTER@clinic.com.au", "2026-02-01"),
		completed("Emma Brown", "2025-12-01"),
		completed("chloe.smith@clinic.com.au", "2026-01-15"), // left: not counted
	}
	big := clinic()
	for i := 0; i < 7; i++ {
		big.Staff = append(big.Staff, audit.Person{Name: fmt.Sprintf("Receptionist %d", i+1), Email: fmt.Sprintf("recep%d@clinic.com.au", i+1)})
	}
	mostOf := withFacts(all)
	for i := 0; i < 6; i++ {
		mostOf = append(mostOf, completed(fmt.Sprintf("recep%d@clinic.com.au", i+1), "2026-05-01"))
	}
	starter := clinic()
	starter.Staff = append(starter.Staff, audit.Person{Name: "Frank Ho", Email: "frank.ho@clinic.com.au", Start: day("2026-11-10")})
	cases := []kindCase{
		{name: "everyone trained", params: p, practice: starter, facts: all,
			status: audit.Pass, reason: "3 of 3 current staff (100%) completed security training in the last 365 days."},
		{name: "one of ten untrained", params: p, practice: big, facts: mostOf,
			status: audit.Warn, reason: "9 of 10 current staff (90%) completed security training in the last 365 days, below the 95% target.",
			subjects: []string{"Receptionist 7"}},
		{name: "stale completion", params: p, practice: clinic(), facts: []audit.Fact{completed("anna.nguyen@clinic.com.au", "2026-03-10"), completed("dlee", "2026-10-01"), completed("ben.carter@clinic.com.au", "2025-06-30")},
			status: audit.Fail, reason: "1 of 3 current staff (33.3%) completed security training in the last 365 days, below the 80% minimum.",
			subjects: []string{"Ben Carter", "Emma Brown"}},
		{name: "enrolled only", params: p, practice: clinic(), facts: []audit.Fact{training(audit.Training{Person: "anna.nguyen@clinic.com.au", Course: "2026 Security Awareness"})},
			status: audit.Fail, subjects: []string{"Ben Carter", "Dr Anna Nguyen", "Emma Brown"}},
		{name: "no records", params: p, practice: clinic(), status: audit.NotChecked, reason: noTraining},
		{name: "no staff", params: p, practice: &audit.Practice{}, facts: all, status: audit.NotChecked, contains: "no current staff"},
		{name: "gap", params: p, practice: clinic(), facts: withFacts(all, gap("training", "The KnowBe4 API key has no reporting access")),
			status: audit.NotChecked, reason: "Could not check: The KnowBe4 API key has no reporting access."},
	}
	runKind(t, "training.coverage", cases)

	in := Input{Evidence: NewEvidence([]audit.Fact{completed("ben.carter@clinic.com.au", "2025-06-30")}), Practice: clinic(), AsOf: asOf, Params: p}
	if got, want := detailOf(t, "training.coverage", in, "Ben Carter"), "no security training completed in the last 365 days (last on 2025-06-30)"; got != want {
		t.Errorf("detail = %q, want %q", got, want)
	}
}

func sim(campaign, on string, recipients, clicked, reported int, healthcare bool) audit.Fact {
	return phish(audit.PhishSim{Campaign: campaign, Date: *day(on), Recipients: recipients, Clicked: clicked, Reported: reported, Healthcare: healthcare})
}

func TestPhishingRecent(t *testing.T) {
	p := Params{"warn_days": 90, "fail_days": 365, "pass_pct": 10, "warn_pct": 20}
	q2 := sim("Q2 invoice lure", "2026-05-12", 12, 1, 5, false)
	q3 := sim("Q3 pathology results", "2026-08-20", 12, 1, 6, true)
	q3bad := sim("Q3 pathology results", "2026-08-20", 12, 2, 3, true)
	q3worse := sim("Q3 Medicare refund", "2026-08-20", 12, 3, 2, false)
	old := sim("2025 myGov notice", "2025-09-01", 12, 1, 4, false)
	cases := []kindCase{
		{name: "recent and low", params: p, facts: []audit.Fact{q3, q2},
			status: audit.Pass, reason: "The last phishing simulation was on 2026-08-20 (72 days ago) and 8.3% of recipients fell for it."},
		{name: "rate rising", params: p, facts: []audit.Fact{q2, q3bad},
			status: audit.Warn, reason: "The last phishing simulation was on 2026-08-20 (72 days ago) and 16.7% of recipients fell for it, up from 8.3% the time before; that rate is above the 10% target.",
			subjects: []string{"Q3 pathology results"}},
		{name: "rate too high", params: p, facts: []audit.Fact{q3worse}, status: audit.Fail, contains: "above the 20% limit", subjects: []string{"Q3 Medicare refund"}},
		{name: "too long ago", params: p, facts: []audit.Fact{q2},
			status: audit.Warn, reason: "The last phishing simulation was on 2026-05-12 (172 days ago) and 8.3% of recipients fell for it; that is more than 90 days ago.",
			subjects: []string{"Q2 invoice lure"}},
		{name: "none this year", params: p, facts: []audit.Fact{old}, status: audit.Fail, contains: "none has run in the last 365 days", subjects: []string{"2025 myGov notice"}},
		{name: "reported pct wins over counts", params: p, facts: []audit.Fact{phish(audit.PhishSim{Campaign: "KB4", Date: *day("2026-10-01"), PhishPronePct: ptr(4.2)})}, status: audit.Pass, contains: "4.2%"},
		{name: "no simulations", params: p, status: audit.NotChecked, reason: noPhishing},
		{name: "gap", params: p, facts: []audit.Fact{q3, gap("phishing", "No KnowBe4 export")}, status: audit.NotChecked, reason: "Could not check: No KnowBe4 export."},
	}
	runKind(t, "phishing.recent", cases)
}

func TestPhishingHealthcare(t *testing.T) {
	p := Params{"window_days": 365}
	generic := sim("Q2 invoice lure", "2026-05-12", 12, 1, 5, false)
	themed := sim("Q3 pathology results", "2026-08-20", 12, 1, 6, true)
	oldThemed := sim("2025 Medicare notice", "2025-08-01", 12, 1, 6, true)
	course := training(audit.Training{Person: "anna.nguyen@clinic.com.au", Course: "Scams that target GP clinics", CompletedOn: day("2026-03-01"), Healthcare: true})
	cases := []kindCase{
		{name: "themed simulation", params: p, facts: []audit.Fact{generic, themed},
			status: audit.Pass, reason: `The phishing simulation "Q3 pathology results" on 2026-08-20 used a healthcare-themed lure.`},
		{name: "themed training", params: p, facts: []audit.Fact{generic, course},
			status: audit.Pass, reason: "Healthcare-themed training (Scams that target GP clinics) was completed on 2026-03-01."},
		{name: "only generic or too old", params: p, facts: []audit.Fact{generic, oldThemed, completed("ben.carter@clinic.com.au", "2026-02-01")},
			status: audit.Fail, reason: "No phishing simulation or training in the last 365 days used healthcare-themed lures (2 simulations and 1 training record checked)."},
		{name: "nothing", params: p, status: audit.NotChecked, contains: "No phishing simulation results or training records"},
		{name: "gap hides an absence", params: p, facts: []audit.Fact{generic, gap("training", "Training export missing")}, status: audit.NotChecked, reason: "Could not check: Training export missing."},
		{name: "gap cannot undo a find", params: p, facts: []audit.Fact{themed, gap("training", "Training export missing")}, status: audit.Pass},
	}
	runKind(t, "phishing.healthcare", cases)
}

func TestPhishingReportRate(t *testing.T) {
	p := Params{"warn_below_pct": 30}
	cases := []kindCase{
		{name: "half reported", params: p, facts: []audit.Fact{sim("Q3 pathology results", "2026-08-20", 12, 1, 6, true)},
			status: audit.Pass, reason: "6 of 12 recipients (50%) reported the last phishing simulation on 2026-08-20."},
		{name: "few reported", params: p, facts: []audit.Fact{sim("Q3 pathology results", "2026-08-20", 12, 1, 6, true), sim("Q4 courier", "2026-10-10", 12, 2, 2, false)},
			status: audit.Warn, reason: "Only 2 of 12 recipients (16.7%) reported the last phishing simulation on 2026-10-10, below the 30% wanted.", subjects: []string{"Q4 courier"}},
		{name: "recipients unknown", params: p, facts: []audit.Fact{phish(audit.PhishSim{Campaign: "KB4", Date: *day("2026-10-01"), PhishPronePct: ptr(4.0)})}, status: audit.NotChecked, contains: "how many people received it"},
		{name: "no simulations", params: p, status: audit.NotChecked, reason: noPhishing},
		{name: "gap", params: p, facts: []audit.Fact{sim("Q4 courier", "2026-10-10", 12, 2, 2, false), gap("phishing", "No KnowBe4 export")}, status: audit.NotChecked},
	}
	runKind(t, "phishing.report_rate", cases)
}
