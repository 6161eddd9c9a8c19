package profile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

func num(f float64) *float64 { return &f }

func TestAnswerValues(t *testing.T) {
	tests := []struct {
		in   string
		want audit.Answer
	}{
		{"yes", audit.Answer{Kind: audit.KindChoice, Choice: "yes"}},
		{"Yes", audit.Answer{Kind: audit.KindChoice, Choice: "yes"}},
		{"'no'", audit.Answer{Kind: audit.KindChoice, Choice: "no"}},
		{"PARTLY", audit.Answer{Kind: audit.KindChoice, Choice: "partly"}},
		{"true", audit.Answer{Kind: audit.KindChoice, Choice: "yes"}},
		{"False", audit.Answer{Kind: audit.KindChoice, Choice: "no"}},
		{"never", audit.Answer{Kind: audit.KindChoice, Choice: "no"}},
		{"unknown", audit.Answer{Kind: audit.KindUnknown}},
		{"na", audit.Answer{Kind: audit.KindNA}},
		{"N/A", audit.Answer{Kind: audit.KindNA}},
		{"12", audit.Answer{Kind: audit.KindNumber, Number: num(12)}},
		{"2.5", audit.Answer{Kind: audit.KindNumber, Number: num(2.5)}},
		{"0", audit.Answer{Kind: audit.KindNumber, Number: num(0)}},
		{`"14"`, audit.Answer{Kind: audit.KindNumber, Number: num(14)}},
		{"2024-02-29", audit.Answer{Kind: audit.KindDate, Date: date(t, "2024-02-29")}},
		{`"2024-02-29"`, audit.Answer{Kind: audit.KindDate, Date: date(t, "2024-02-29")}},
		{"[Best Practice, ' HealthLink ']", audit.Answer{Kind: audit.KindList, List: []string{"Best Practice", "HealthLink"}}},
		{"[]", audit.Answer{Kind: audit.KindList, List: []string{}}},
		{"{value: yes, note: MSP confirmed}", audit.Answer{Kind: audit.KindChoice, Choice: "yes", Note: "MSP confirmed"}},
		{"{value: [a], note: ''}", audit.Answer{Kind: audit.KindList, List: []string{"a"}}},
		{"{note: x, value: 3}", audit.Answer{Kind: audit.KindNumber, Number: num(3), Note: "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := LoadAnswers("answers.yaml", strings.NewReader("answers:\n  ACC-X: "+tt.in+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got.Answers.Answers["ACC-X"], cmp.Comparer(func(a, b audit.Date) bool { return a == b })); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadAnswers(t *testing.T) {
	in := `answered_by: Priya
answered_on: 2024-05-02
answers:
  ACC-MFA-ALL: yes

  BAK-RESTORE-TESTED:
    value: 2024-02-12
accepted:
  TEC-APP-CONTROL:
    owner: Dr Smith
    reason: budget
    until: 2024-09-30
`
	f, err := LoadAnswers("answers.yaml", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := audit.Answers{
		AnsweredBy: "Priya",
		AnsweredOn: date(t, "2024-05-02"),
		Answers: map[string]audit.Answer{
			"ACC-MFA-ALL":        {Kind: audit.KindChoice, Choice: "yes"},
			"BAK-RESTORE-TESTED": {Kind: audit.KindDate, Date: date(t, "2024-02-12")},
		},
		Accepted: map[string]audit.Acceptance{
			"TEC-APP-CONTROL": {Owner: "Dr Smith", Reason: "budget", Until: *date(t, "2024-09-30")},
		},
	}
	if diff := cmp.Diff(want, f.Answers, cmp.Comparer(func(a, b audit.Date) bool { return a == b })); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
	for id, line := range map[string]int{"ACC-MFA-ALL": 4, "BAK-RESTORE-TESTED": 6, "NOPE": 0} {
		if got := f.AnswerLine(id); got != line {
			t.Errorf("AnswerLine(%s) = %d, want %d", id, got, line)
		}
	}
	if got := f.AcceptedLine("TEC-APP-CONTROL"); got != 9 {
		t.Errorf("AcceptedLine = %d, want 9", got)
	}
}

func TestLoadAnswersErrors(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		line  int
		frags []string
	}{
		{"empty", "", 0, []string{"answers.yaml: file is empty"}},
		{"unknown field", "answered_by: x\nanswer:\n  ACC-X: yes\n", 2, []string{`unknown field "answer" (did you mean "answers"?)`}},
		{"bad answered_on", "answered_on: 02/05/2024\n", 1, []string{`answered_on "02/05/2024" is not a real date`}},
		{"answers list", "answers:\n  - ACC-X: yes\n", 2, []string{"answers must be a mapping of control ids to answers"}},
		{"lower-case id", "answers:\n  acc-x: yes\n", 2, []string{`answers: "acc-x" is not a control id; write it as ACC-X`}},
		{"bad id", "answers:\n  ACC_X: yes\n", 2, []string{`"ACC_X" is not a control id; control ids are upper-case letters, digits and hyphens`}},
		{"duplicate answer key", "answers:\n  ACC-X: yes\n  ACC-Y: no\n  ACC-X: no\n", 4, []string{"answers.yaml:4: answers: ACC-X is given twice (first on line 2); keep one"}},
		{"not an answer", "answers:\n  ACC-X: maybe\n", 2, []string{`answers.ACC-X "maybe" is not an answer; write yes, partly, no, unknown or na`}},
		{"empty answer", "answers:\n  ACC-X:\n  ACC-Y: yes\n", 2, []string{"answers.ACC-X has no answer"}},
		{"bad date answer", "answers:\n  ACC-X: 2024-13-01\n", 2, []string{`answers.ACC-X "2024-13-01" is not a real date`}},
		{"negative number", "answers:\n  ACC-X: -3\n", 2, []string{"answers.ACC-X must not be negative"}},
		{"infinite number", "answers:\n  ACC-X: .inf\n", 2, []string{"is not a number Triage can use"}},
		{"nested list", "answers:\n  ACC-X:\n    - [a]\n", 3, []string{"answers.ACC-X[0] must be text, not a list"}},
		{"empty list item", "answers:\n  ACC-X: [a, '']\n", 2, []string{"answers.ACC-X[1] is empty"}},
		{"note without value", "answers:\n  ACC-X:\n    note: asked the MSP\n", 3, []string{"answers.ACC-X has a note but no value"}},
		{"value mapping", "answers:\n  ACC-X:\n    value:\n      a: b\n", 4, []string{"answers.ACC-X.value must be an answer, not a mapping"}},
		{"answer unknown field", "answers:\n  ACC-X:\n    value: yes\n    comment: x\n", 4, []string{`answers.ACC-X: unknown field "comment"; the fields here are value, note`}},
		{"note list", "answers:\n  ACC-X: {value: yes, note: [a]}\n", 2, []string{"answers.ACC-X.note must be text, not a list"}},
		{"alias answer", "answered_by: &a yes\nanswers:\n  ACC-X: *a\n", 3, []string{"answers.ACC-X is an alias"}},
		{"accepted missing until", "accepted:\n  ACC-X:\n    owner: Jane\n    reason: cost\n", 3, []string{"accepted.ACC-X has no until"}},
		{"accepted empty owner", "accepted:\n  ACC-X: {owner: '', reason: cost, until: 2025-01-01}\n", 2, []string{"accepted.ACC-X.owner is empty"}},
		{"accepted bad until", "accepted:\n  ACC-X:\n    owner: Jane\n    reason: cost\n    until: soon\n", 5, []string{`accepted.ACC-X.until "soon" is not a real date`}},
		{"accepted bare value", "accepted:\n  ACC-X: yes\n", 2, []string{`accepted.ACC-X must be a mapping, not "yes"; write key: value lines, with keys among owner, reason, until`}},
		{"accepted duplicate", "accepted:\n  ACC-X: {owner: a, reason: b, until: 2025-01-01}\n  ACC-X: {owner: a, reason: b, until: 2025-01-01}\n", 3, []string{"accepted: ACC-X is given twice"}},
		{"syntax", "answers:\n  ACC-X: yes\n  ACC-Y: [a\n", 3, []string{"not valid YAML"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadAnswers("answers.yaml", strings.NewReader(tt.in))
			checkErr(t, err, "answers.yaml", tt.line, tt.frags...)
		})
	}
}

func TestLoadAnswersFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "answers.yaml")
	if err := os.WriteFile(path, []byte("answers:\n  ACC-X: yes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := LoadAnswersFile(path)
	if err != nil || a.Answers.Answers["ACC-X"].Choice != "yes" {
		t.Fatalf("LoadAnswersFile = %+v, %v", a, err)
	}
	if _, err := LoadAnswersFile(filepath.Join(dir, "none.yaml")); audit.ErrorCode(err) != audit.ENotFound {
		t.Errorf("missing file: %v", err)
	}
}
