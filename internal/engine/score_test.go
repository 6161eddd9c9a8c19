package engine

import (
	"math/rand"
	"testing"

	"triage/internal/audit"
)

func finding(id string, area audit.Area, status audit.Status, risk int) audit.Finding {
	return audit.Finding{ControlID: id, Area: area, Status: status, Risk: risk, Severity: SeverityOf(status, risk)}
}

func TestScoreAllPassIsHundred(t *testing.T) {
	fs := []audit.Finding{finding("A", "access", audit.Pass, 25), finding("B", "data", audit.Pass, 4)}
	s := Score(fs)
	if s.Overall != 100 || s.Areas["access"] != 100 || s.Coverage != 100 || s.Rating != "Good" {
		t.Fatalf("got %+v", s)
	}
}

func TestScoreWeightsByRisk(t *testing.T) {
	// A passing risk-20 control and a failing risk-5 (low severity, no cap):
	// 100 x 20 / 25 = 80.
	fs := []audit.Finding{finding("A", "access", audit.Pass, 20), finding("B", "access", audit.Fail, 5)}
	if got := Score(fs).Overall; got != 80 {
		t.Fatalf("score %d, want 80", got)
	}
	// A warning earns half: 100 x (20 + 2.5) / 25 = 90.
	fs[1] = finding("B", "access", audit.Warn, 5)
	if got := Score(fs).Overall; got != 90 {
		t.Fatalf("score %d, want 90", got)
	}
}

// One critical failure caps the score however many small passes surround it.
func TestCriticalFailCannotBeHidden(t *testing.T) {
	fs := []audit.Finding{finding("CRIT", "access", audit.Fail, 25)}
	for i := 0; i < 200; i++ {
		fs = append(fs, finding("P", "data", audit.Pass, 25))
	}
	s := Score(fs)
	if s.Overall > 49 {
		t.Fatalf("score %d with an open critical fail, want at most 49", s.Overall)
	}
	if s.Cap == "" {
		t.Fatal("the cap is not explained")
	}
	fs[0] = finding("HIGH", "access", audit.Fail, 12)
	if s := Score(fs); s.Overall > 69 {
		t.Fatalf("score %d with an open high fail, want at most 69", s.Overall)
	}
}

func TestNotCheckedDoesNotMoveScore(t *testing.T) {
	base := []audit.Finding{finding("A", "access", audit.Pass, 12), finding("B", "access", audit.Warn, 9)}
	with := append(append([]audit.Finding{}, base...), finding("C", "access", audit.NotChecked, 25), finding("D", "access", audit.NotApplicable, 25))
	a, b := Score(base), Score(with)
	if a.Overall != b.Overall {
		t.Fatalf("not checked moved the score: %d -> %d", a.Overall, b.Overall)
	}
	if b.Coverage != 67 {
		t.Fatalf("coverage %d, want 67 (2 of 3 applicable judged)", b.Coverage)
	}
}

// Improving any single finding never lowers the score (random property test).
func TestScoreIsMonotone(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	statuses := []audit.Status{audit.Fail, audit.Warn, audit.Pass, audit.Accepted, audit.NotChecked, audit.NotApplicable}
	better := map[audit.Status][]audit.Status{audit.Fail: {audit.Warn, audit.Pass}, audit.Warn: {audit.Pass}}
	for trial := 0; trial < 2000; trial++ {
		n := 1 + rng.Intn(20)
		fs := make([]audit.Finding, n)
		for i := range fs {
			fs[i] = finding("X", audit.Areas[rng.Intn(len(audit.Areas))], statuses[rng.Intn(len(statuses))], 1+rng.Intn(25))
		}
		i := rng.Intn(n)
		up, ok := better[fs[i].Status]
		if !ok {
			continue
		}
		before := Score(fs).Overall
		fs[i] = finding("X", fs[i].Area, up[rng.Intn(len(up))], fs[i].Risk)
		if after := Score(fs).Overall; after < before {
			t.Fatalf("trial %d: improving a finding lowered the score %d -> %d", trial, before, after)
		}
		if s := Score(fs); s.Overall < 0 || s.Overall > 100 {
			t.Fatalf("score %d out of range", s.Overall)
		}
	}
}

func TestRating(t *testing.T) {
	cases := []struct {
		score, coverage int
		want            string
	}{{95, 90, "Good"}, {80, 90, "Good"}, {79, 90, "Fair"}, {45, 90, "Poor"}, {12, 90, "Critical"}, {95, 20, "Not enough evidence"}}
	for _, c := range cases {
		if got := Rating(c.score, c.coverage); got != c.want {
			t.Errorf("Rating(%d, %d) = %q, want %q", c.score, c.coverage, got, c.want)
		}
	}
}

func TestSeverity(t *testing.T) {
	cases := []struct {
		status audit.Status
		risk   int
		want   audit.Severity
	}{{audit.Fail, 25, audit.Critical}, {audit.Fail, 20, audit.Critical}, {audit.Fail, 16, audit.High}, {audit.Fail, 9, audit.Medium},
		{audit.Fail, 4, audit.Low}, {audit.Warn, 25, audit.High}, {audit.Warn, 4, audit.Low}, {audit.Pass, 25, ""}, {audit.NotChecked, 25, ""}}
	for _, c := range cases {
		if got := SeverityOf(c.status, c.risk); got != c.want {
			t.Errorf("SeverityOf(%s, %d) = %q, want %q", c.status, c.risk, got, c.want)
		}
	}
}

func TestRiskRaisedByUrgency(t *testing.T) {
	ctl := audit.Control{Likelihood: 3, Impact: 5}
	if got := Risk(ctl, nil); got != 15 {
		t.Fatalf("risk %d, want 15", got)
	}
	if got := Risk(ctl, []string{"internet-exposed"}); got != 25 {
		t.Fatalf("urgent risk %d, want 25", got)
	}
}
