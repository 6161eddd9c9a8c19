package profile

import (
	"errors"
	"strings"
	"testing"

	"triage/internal/audit"
)

func TestValidControlID(t *testing.T) {
	for id, want := range map[string]bool{
		"ACC-MFA-ALL": true, "BAK-321-OFFSITE": true, "IR1": true,
		"": false, "acc-mfa": false, "ACC--MFA": false, "-ACC": false, "ACC-": false, "1ACC": false, "ACC MFA": false,
		strings.Repeat("A", 65): false,
	} {
		if got := ValidControlID(id); got != want {
			t.Errorf("ValidControlID(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestCheckAnswerIDs(t *testing.T) {
	in := "answers:\n  ACC-MFA-ALL: yes\n  ACC-MFA-AL: no\n  TEC-NOPE: na\naccepted:\n  ACC-NOPE: {owner: a, reason: b, until: 2025-01-01}\n  ACC-MFA-ALL: {owner: a, reason: b, until: 2025-01-01}\n"
	f, err := LoadAnswers("answers.yaml", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	known := func(id string) bool { return id == "ACC-MFA-ALL" }
	err = CheckAnswerIDs(f, known)
	if err == nil {
		t.Fatal("no error for unknown ids")
	}
	want := []string{
		"answers.yaml:3: answers: ACC-MFA-AL is not a control in the catalogue",
		"answers.yaml:4: answers: TEC-NOPE is not a control in the catalogue",
		"answers.yaml:6: accepted: ACC-NOPE is not a control in the catalogue",
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(lines), len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("error %d = %q, want prefix %q", i, lines[i], w)
		}
	}
	var e *audit.Error
	if !errors.As(err, &e) || e.Code != audit.EInvalid || e.Line != 3 {
		t.Errorf("first error %+v", e)
	}

	one, _ := LoadAnswers("answers.yaml", strings.NewReader("answers:\n  ACC-X: yes\n"))
	if err := CheckAnswerIDs(one, known); err == nil {
		t.Error("no error for a single unknown id")
	} else if _, ok := err.(*audit.Error); !ok {
		t.Errorf("single unknown id: %T, want *audit.Error", err)
	}
	if err := CheckAnswerIDs(one, func(string) bool { return true }); err != nil {
		t.Errorf("all known: %v", err)
	}
	if err := CheckAnswerIDs(nil, known); err != nil {
		t.Errorf("nil file: %v", err)
	}
}
