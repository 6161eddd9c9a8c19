package engine

import (
	"strings"
	"testing"
	"time"

	"triage/internal/audit"
)

var asOf = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

func adminControl(partial bool) *audit.Catalog {
	return &audit.Catalog{
		Controls: []audit.Control{{ID: "ACC-ADMIN-MINIMAL", Area: audit.AreaAccess, Title: "Few admins", Likelihood: 3, Impact: 5,
			AnswerType: audit.AnswerDate, Action: "review-admins", Effort: audit.EffortHours,
			Checks: []audit.CheckSpec{
				{Kind: "accounts.global_admins", Params: map[string]any{"min": 2, "max": 4}, Partial: partial},
				{Kind: "answer.within_days", Params: map[string]any{"warn_days": 365, "fail_days": 730}},
			}}},
		Actions: []audit.ActionDef{{ID: "review-admins", Title: "Review admins", Owner: audit.OwnerProvider}},
	}
}

func twoAdmins() []audit.Fact {
	var facts []audit.Fact
	for _, id := range []string{"a@clinic.com.au", "b@clinic.com.au"} {
		facts = append(facts, audit.Fact{Kind: audit.FactAccount, Source: audit.Source{File: "users.json"},
			Account: &audit.Account{System: "entra", ID: id, Kind: "member", Enabled: true, AdminRoles: []string{"Global Administrator"}}})
	}
	return facts
}

func neverReviewed() audit.Answers {
	return audit.Answers{Answers: map[string]audit.Answer{"ACC-ADMIN-MINIMAL": {Kind: audit.KindChoice, Choice: "no"}}}
}

// A head count of admins passing cannot hide that they were never reviewed.
func TestPartialEvidenceDoesNotOverruleAWorseAnswer(t *testing.T) {
	r := Evaluate(adminControl(true), twoAdmins(), neverReviewed(), audit.Practice{Country: "AU"}, asOf)
	f := r.Findings[0]
	if f.Status != audit.Fail || !strings.Contains(f.Reason, "covers only part") {
		t.Fatalf("partial evidence: %s %q, want fail saying the evidence covers only part", f.Status, f.Reason)
	}
	r = Evaluate(adminControl(false), twoAdmins(), neverReviewed(), audit.Practice{Country: "AU"}, asOf)
	f = r.Findings[0]
	if f.Status != audit.Pass || f.Contradiction == "" {
		t.Fatalf("full evidence: %s, contradiction %q; want pass with the contradiction reported", f.Status, f.Contradiction)
	}
}

// Evidence wins over an answer, and the disagreement is reported.
func TestEvidenceWinsAndContradictionIsReported(t *testing.T) {
	cat := adminControl(false)
	cat.Controls[0].Checks[0].Params = map[string]any{"min": 3, "max": 4}
	recent := audit.Answers{Answers: map[string]audit.Answer{"ACC-ADMIN-MINIMAL": {Kind: audit.KindDate, Date: ptrDate("2026-10-01")}}}
	f := Evaluate(cat, twoAdmins(), recent, audit.Practice{Country: "AU"}, asOf).Findings[0]
	if f.Status != audit.Warn || f.Contradiction == "" || len(f.Subjects) == 0 {
		t.Fatalf("got %s, contradiction %q, %d subjects; want warn from evidence with a contradiction", f.Status, f.Contradiction, len(f.Subjects))
	}
}

func ptrDate(s string) *audit.Date {
	d, err := audit.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return &d
}

func TestAcceptance(t *testing.T) {
	cat := adminControl(true)
	acc := func(until string) audit.Answers {
		a := neverReviewed()
		a.Accepted = map[string]audit.Acceptance{"ACC-ADMIN-MINIMAL": {Owner: "Dr A", Reason: "Planned for March", Until: *ptrDate(until)}}
		return a
	}
	f := Evaluate(cat, twoAdmins(), acc("2027-03-31"), audit.Practice{Country: "AU"}, asOf).Findings[0]
	if f.Status != audit.Accepted || f.Accepted == nil || !strings.Contains(f.Reason, "until 2027-03-31") {
		t.Fatalf("current acceptance: %s %q", f.Status, f.Reason)
	}
	f = Evaluate(cat, twoAdmins(), acc("2026-11-19"), audit.Practice{Country: "AU"}, asOf).Findings[0]
	if f.Status != audit.Fail || !strings.Contains(f.Reason, "expired on 2026-11-19") {
		t.Fatalf("expired acceptance: %s %q", f.Status, f.Reason)
	}
	if f.Severity == "" {
		t.Fatal("an expired acceptance must be graded like any fail")
	}
}

func TestUnknownAnswerIsNotChecked(t *testing.T) {
	cat := adminControl(true)
	unknown := audit.Answers{Answers: map[string]audit.Answer{"ACC-ADMIN-MINIMAL": {Kind: audit.KindUnknown}}}
	f := Evaluate(cat, nil, unknown, audit.Practice{Country: "AU"}, asOf).Findings[0]
	if f.Status != audit.NotChecked || !strings.Contains(f.Reason, "did not know") {
		t.Fatalf("got %s %q", f.Status, f.Reason)
	}
}

func TestCountryScope(t *testing.T) {
	cat := adminControl(true)
	cat.Controls[0].Countries = []string{"AU"}
	f := Evaluate(cat, twoAdmins(), neverReviewed(), audit.Practice{Country: "US"}, asOf).Findings[0]
	if f.Status != audit.NotApplicable {
		t.Fatalf("an AU-only control in a US practice is %s", f.Status)
	}
}
