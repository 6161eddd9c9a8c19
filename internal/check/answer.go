package check

import (
	"fmt"
	"strings"

	"triage/internal/audit"
)

// Answer kinds judge the questionnaire. The engine uses them only when no
// evidence kind could decide a control.

func init() {
	register(Kind{
		Name: "answer.yesno", Answer: true, AnswerTypes: []audit.AnswerType{audit.AnswerYesNo},
		Doc:  "Judges a yes/partly/no answer: yes passes, partly warns, no fails.",
		Func: answerYesNo,
	})
	register(Kind{
		Name: "answer.at_most", Answer: true, AnswerTypes: []audit.AnswerType{audit.AnswerNumber},
		Doc: "Judges a number that should be small, such as a count of unused logins.",
		Params: []Param{
			{Name: "pass", Type: Number, Required: true, Doc: "largest number that passes"},
			{Name: "warn", Type: Number, Doc: "largest number that only warns"},
		},
		Func: answerAtMost,
	})
	register(Kind{
		Name: "answer.at_least", Answer: true, AnswerTypes: []audit.AnswerType{audit.AnswerNumber},
		Doc: "Judges a number that should be large, such as the share of staff trained; no counts as 0.",
		Params: []Param{
			{Name: "pass", Type: Number, Required: true, Doc: "smallest number that passes"},
			{Name: "warn", Type: Number, Doc: "smallest number that only warns"},
		},
		Func: answerAtLeast,
	})
	register(Kind{
		Name: "answer.within_days", Answer: true, AnswerTypes: []audit.AnswerType{audit.AnswerDate},
		Doc: "Judges the date something was last done by how many days ago it was; no or never fails.",
		Params: []Param{
			{Name: "warn_days", Type: Int, Required: true, Doc: "oldest age in days that passes"},
			{Name: "fail_days", Type: Int, Required: true, Doc: "oldest age in days that only warns"},
		},
		Func: answerWithinDays,
	})
	register(Kind{
		Name: "answer.list", Answer: true, AnswerTypes: []audit.AnswerType{audit.AnswerList},
		Doc: "Judges a list answer that should be empty (each item is a problem) or should name something.",
		Params: []Param{
			{Name: "expect", Type: String, Required: true, OneOf: []string{"empty", "nonempty"}, Doc: "empty or nonempty"},
		},
		Func: answerList,
	})
}

// judgeAnswer handles what every answer kind shares: no answer yet, unknown
// and not applicable. decide sees only real answers.
func judgeAnswer(in Input, decide func(a audit.Answer) Outcome) Outcome {
	a := in.Answer
	if a == nil {
		return notChecked("Not answered yet.")
	}
	switch a.Kind {
	case audit.KindUnknown:
		return notChecked(withNote("The practice did not know.", a.Note))
	case audit.KindNA:
		return Outcome{Status: audit.NotApplicable, Reason: withNote("The practice says this does not apply.", a.Note)}
	}
	out := decide(*a)
	if out.Status.Decided() {
		out.Reason = withNote(out.Reason, a.Note)
	}
	return out
}

// withNote adds the practice's own note, so the reader sees their words.
func withNote(reason, note string) string {
	note = strings.TrimSpace(note)
	if note == "" {
		return reason
	}
	return strings.TrimSuffix(reason, ".") + ": " + strings.TrimRight(note, ".") + "."
}

func choiceOf(a audit.Answer) string {
	if a.Kind != audit.KindChoice {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(a.Choice))
}

func answerYesNo(in Input) Outcome {
	return judgeAnswer(in, func(a audit.Answer) Outcome {
		switch choiceOf(a) {
		case "yes":
			return decided(audit.Pass, "The practice answered yes.", nil)
		case "partly":
			return decided(audit.Warn, "The practice answered partly.", nil)
		case "no":
			return decided(audit.Fail, "The practice answered no.", nil)
		}
		return notChecked("This question needs a yes, partly or no answer.")
	})
}

// answerNumber reads a number answer. A "no" counts as 0 only where that is
// the plain meaning (at_least: "do you have any?" "no").
func answerNumber(a audit.Answer, noIsZero bool) (v float64, said string, bad Outcome, ok bool) {
	if a.Kind == audit.KindNumber && a.Number != nil {
		return *a.Number, num(*a.Number), Outcome{}, true
	}
	if noIsZero && choiceOf(a) == "no" {
		return 0, "no (counted as 0)", Outcome{}, true
	}
	return 0, "", notChecked("This question needs a number as its answer."), false
}

func answerAtMost(in Input) Outcome {
	return judgeAnswer(in, func(a audit.Answer) Outcome {
		// "no" is not read as 0 here: to "how many are overdue?" it could
		// mean "none" or "we don't track it", and passing on a guess is
		// worse than asking again.
		v, said, _, ok := answerNumber(a, false)
		if !ok {
			return notChecked("This question needs a number as its answer (0 if there are none).")
		}
		pass := in.Params.Number("pass", 0)
		limit, hasWarn := pass, false
		if _, set := in.Params["warn"]; set {
			// A warn band below pass would be a catalogue slip; ignore it.
			if w := in.Params.Number("warn", pass); w >= pass {
				limit, hasWarn = w, true
			}
		}
		switch {
		case v <= pass:
			return decided(audit.Pass, fmt.Sprintf("The practice answered %s, within the target of at most %s.", said, num(pass)), nil)
		case hasWarn && v <= limit:
			return decided(audit.Warn, fmt.Sprintf("The practice answered %s, above the target of %s but within the limit of %s.", said, num(pass), num(limit)), nil)
		}
		return decided(audit.Fail, fmt.Sprintf("The practice answered %s, above the limit of %s.", said, num(limit)), nil)
	})
}

func answerAtLeast(in Input) Outcome {
	return judgeAnswer(in, func(a audit.Answer) Outcome {
		v, said, bad, ok := answerNumber(a, true)
		if !ok {
			return bad
		}
		pass := in.Params.Number("pass", 0)
		floor, hasWarn := pass, false
		if _, set := in.Params["warn"]; set {
			if w := in.Params.Number("warn", pass); w <= pass {
				floor, hasWarn = w, true
			}
		}
		switch {
		case v >= pass:
			return decided(audit.Pass, fmt.Sprintf("The practice answered %s, meeting the target of at least %s.", said, num(pass)), nil)
		case hasWarn && v >= floor:
			return decided(audit.Warn, fmt.Sprintf("The practice answered %s, below the target of %s but at least %s.", said, num(pass), num(floor)), nil)
		}
		return decided(audit.Fail, fmt.Sprintf("The practice answered %s, below the minimum of %s.", said, num(floor)), nil)
	})
}

func answerWithinDays(in Input) Outcome {
	return judgeAnswer(in, func(a audit.Answer) Outcome {
		switch choiceOf(a) {
		case "no", "never":
			return decided(audit.Fail, "The practice says this has never been done.", nil)
		}
		if a.Kind != audit.KindDate || a.Date == nil {
			return notChecked("This question needs a date as its answer (or no if it has never been done).")
		}
		age := audit.DaysBetween(a.Date.Time(), audit.Day(in.AsOf))
		if age < 0 {
			return notChecked(fmt.Sprintf("The date given, %s, is after the audit date; check the answer.", a.Date))
		}
		warnDays, failDays := in.Params.Int("warn_days", 0), in.Params.Int("fail_days", 0)
		said := fmt.Sprintf("The practice answered %s, %s", a.Date, ago(age))
		switch {
		case age <= warnDays:
			return decided(audit.Pass, fmt.Sprintf("%s (within %d days).", said, warnDays), nil)
		case age <= failDays:
			return decided(audit.Warn, fmt.Sprintf("%s (more than %d days).", said, warnDays), nil)
		}
		return decided(audit.Fail, fmt.Sprintf("%s (more than %d days).", said, failDays), nil)
	})
}

func answerList(in Input) Outcome {
	return judgeAnswer(in, func(a audit.Answer) Outcome {
		var items []string
		switch {
		case a.Kind == audit.KindList:
			items = nonBlank(a.List)
		case choiceOf(a) == "no":
			// "no" to "which ...?" plainly means none.
		default:
			return notChecked("This question needs a list as its answer (leave it empty if there are none).")
		}
		if in.Params.String("expect", "") == "nonempty" {
			if len(items) == 0 {
				return decided(audit.Fail, "The practice listed none.", nil)
			}
			return decided(audit.Pass, fmt.Sprintf("The practice listed %d: %s.", len(items), strings.Join(items, ", ")), nil)
		}
		if len(items) == 0 {
			return decided(audit.Pass, "The practice listed none.", nil)
		}
		subjects := make([]audit.Subject, 0, len(items))
		for _, it := range items {
			// Items come from the questionnaire, so they carry no source.
			subjects = append(subjects, audit.Subject{ID: it, Kind: "item", Detail: "listed by the practice"})
		}
		return decided(audit.Fail, fmt.Sprintf("The practice listed %d: %s.", len(items), strings.Join(items, ", ")), subjects)
	})
}

func nonBlank(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
