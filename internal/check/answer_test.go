package check

import (
	"testing"

	"triage/internal/audit"
)

func choice(c string) *audit.Answer { return &audit.Answer{Kind: audit.KindChoice, Choice: c} }
func number(n float64) *audit.Answer {
	return &audit.Answer{Kind: audit.KindNumber, Number: &n}
}
func dateAnswer(s string) *audit.Answer { return &audit.Answer{Kind: audit.KindDate, Date: day(s)} }
func list(items ...string) *audit.Answer {
	return &audit.Answer{Kind: audit.KindList, List: items}
}

var (
	unknown = &audit.Answer{Kind: audit.KindUnknown}
	na      = &audit.Answer{Kind: audit.KindNA}
)

// commonAnswerCases apply to every answer kind alike.
func commonAnswerCases(params Params) []kindCase {
	return []kindCase{
		{name: "unanswered", params: params, status: audit.NotChecked, reason: "Not answered yet."},
		{name: "unknown", params: params, answer: unknown, status: audit.NotChecked, reason: "The practice did not know."},
		{name: "not applicable", params: params, answer: na, status: audit.NotApplicable, reason: "The practice says this does not apply."},
		{name: "not applicable with note", params: params, answer: &audit.Answer{Kind: audit.KindNA, Note: "Our PMS is cloud-hosted, there is no server."},
			status: audit.NotApplicable, reason: "The practice says this does not apply: Our PMS is cloud-hosted, there is no server."},
	}
}

func TestAnswerYesNo(t *testing.T) {
	cases := append(commonAnswerCases(nil),
		kindCase{name: "yes", answer: choice("yes"), status: audit.Pass, reason: "The practice answered yes."},
		kindCase{name: "yes in capitals", answer: choice(" Yes "), status: audit.Pass, reason: "The practice answered yes."},
		kindCase{name: "partly", answer: choice("partly"), status: audit.Warn, reason: "The practice answered partly."},
		kindCase{name: "no", answer: choice("no"), status: audit.Fail, reason: "The practice answered no."},
		kindCase{name: "no with note", answer: &audit.Answer{Kind: audit.KindChoice, Choice: "no", Note: "Reception shares one login"},
			status: audit.Fail, reason: "The practice answered no: Reception shares one login."},
		kindCase{name: "a number is the wrong form", answer: number(3), status: audit.NotChecked, contains: "yes, partly or no"},
	)
	runKind(t, "answer.yesno", cases)
}

func TestAnswerAtMost(t *testing.T) {
	p := Params{"pass": 0, "warn": 2}
	cases := append(commonAnswerCases(p),
		kindCase{name: "zero passes", params: p, answer: number(0), status: audit.Pass, reason: "The practice answered 0, within the target of at most 0."},
		kindCase{name: "within warn band", params: p, answer: number(2), status: audit.Warn, reason: "The practice answered 2, above the target of 0 but within the limit of 2."},
		kindCase{name: "above warn band", params: p, answer: number(5), status: audit.Fail, reason: "The practice answered 5, above the limit of 2."},
		kindCase{name: "no warn band", params: Params{"pass": 14}, answer: number(20), status: audit.Fail, reason: "The practice answered 20, above the limit of 14."},
		kindCase{name: "no is not read as zero", params: p, answer: choice("no"), status: audit.NotChecked, reason: "This question needs a number as its answer (0 if there are none)."},
		kindCase{name: "yes is the wrong form", params: p, answer: choice("yes"), status: audit.NotChecked, contains: "needs a number"},
	)
	runKind(t, "answer.at_most", cases)
}

func TestAnswerAtLeast(t *testing.T) {
	p := Params{"pass": 95, "warn": 80}
	cases := append(commonAnswerCases(p),
		kindCase{name: "meets target", params: p, answer: number(96), status: audit.Pass, reason: "The practice answered 96, meeting the target of at least 95."},
		kindCase{name: "warn band", params: p, answer: number(85.5), status: audit.Warn, reason: "The practice answered 85.5, below the target of 95 but at least 80."},
		kindCase{name: "below floor", params: p, answer: number(60), status: audit.Fail, reason: "The practice answered 60, below the minimum of 80."},
		kindCase{name: "no counts as zero", params: Params{"pass": 4, "warn": 1}, answer: choice("no"), status: audit.Fail, reason: "The practice answered no (counted as 0), below the minimum of 1."},
		kindCase{name: "partly is the wrong form", params: p, answer: choice("partly"), status: audit.NotChecked, reason: "This question needs a number as its answer."},
	)
	runKind(t, "answer.at_least", cases)
}

func TestAnswerWithinDays(t *testing.T) {
	p := Params{"warn_days": 90, "fail_days": 180}
	cases := append(commonAnswerCases(p),
		kindCase{name: "recent", params: p, answer: dateAnswer("2026-09-01"), status: audit.Pass, reason: "The practice answered 2026-09-01, 60 days ago (within 90 days)."},
		kindCase{name: "today", params: p, answer: dateAnswer("2026-10-31"), status: audit.Pass, reason: "The practice answered 2026-10-31, today (within 90 days)."},
		kindCase{name: "warn band", params: p, answer: dateAnswer("2026-06-01"), status: audit.Warn, reason: "The practice answered 2026-06-01, 152 days ago (more than 90 days)."},
		kindCase{name: "too old", params: p, answer: dateAnswer("2025-01-10"), status: audit.Fail, reason: "The practice answered 2025-01-10, 659 days ago (more than 180 days)."},
		kindCase{name: "never", params: p, answer: choice("no"), status: audit.Fail, reason: "The practice says this has never been done."},
		kindCase{name: "future date", params: p, answer: dateAnswer("2027-01-03"), status: audit.NotChecked, contains: "after the audit date"},
		kindCase{name: "yes without a date", params: p, answer: choice("yes"), status: audit.NotChecked, contains: "needs a date"},
	)
	runKind(t, "answer.within_days", cases)
}

func TestAnswerList(t *testing.T) {
	empty, nonempty := Params{"expect": "empty"}, Params{"expect": "nonempty"}
	cases := append(commonAnswerCases(empty),
		kindCase{name: "empty as expected", params: empty, answer: list(), status: audit.Pass, reason: "The practice listed none."},
		kindCase{name: "no means none", params: empty, answer: choice("no"), status: audit.Pass, reason: "The practice listed none."},
		kindCase{name: "items are subjects", params: empty, answer: list("HotDoc", " ", "PRODA"), status: audit.Fail,
			reason: "The practice listed 2: HotDoc, PRODA.", subjects: []string{"HotDoc", "PRODA"}},
		kindCase{name: "nonempty given", params: nonempty, answer: list("Bp Premier server", "Cliniko"), status: audit.Pass, reason: "The practice listed 2: Bp Premier server, Cliniko."},
		kindCase{name: "nonempty missing", params: nonempty, answer: list(), status: audit.Fail, reason: "The practice listed none."},
		kindCase{name: "a date is the wrong form", params: empty, answer: dateAnswer("2026-01-01"), status: audit.NotChecked, contains: "needs a list"},
	)
	runKind(t, "answer.list", cases)
}

func TestAnswerKindsAreMarked(t *testing.T) {
	for _, k := range Kinds() {
		isAnswer := len(k.Name) > 7 && k.Name[:7] == "answer."
		if k.Answer != isAnswer {
			t.Errorf("%s: Answer = %v", k.Name, k.Answer)
		}
		if isAnswer && len(k.AnswerTypes) != 1 {
			t.Errorf("%s: answer types %v", k.Name, k.AnswerTypes)
		}
	}
}
