package engine

import (
	"sort"
	"strings"
	"time"

	"triage/internal/audit"
	"triage/internal/check"
)

// Evaluate audits a practice as of a date. The same inputs always give the
// same Result.
func Evaluate(cat *audit.Catalog, facts []audit.Fact, answers audit.Answers, practice audit.Practice, asOf time.Time) audit.Result {
	asOf = audit.Day(asOf)
	facts, _ = MergeAccounts(facts)
	facts = SupersedeGaps(facts)
	ev := check.NewEvidence(facts)
	res := audit.Result{
		SchemaVersion:  audit.SchemaVersion,
		Practice:       audit.PracticeRef{Name: practice.Name, Country: practice.Country},
		AsOf:           asOf.Format(audit.DateLayout),
		CatalogVersion: cat.Version,
		Counts:         map[audit.Status]int{},
	}
	for _, ctl := range cat.Controls {
		f := evaluateControl(ctl, ev, &practice, answers, asOf)
		res.Findings = append(res.Findings, f)
	}
	for _, s := range audit.Statuses {
		res.Counts[s] = 0
	}
	for _, f := range res.Findings {
		res.Counts[f.Status]++
	}
	res.Scores = Score(res.Findings)
	res.EssentialEight, res.E8Level = EssentialEight(cat, res.Findings)
	res.Actions = Plan(cat, res.Findings)
	res.Identity = Identity(practice.Staff, facts)
	return res
}

func evaluateControl(ctl audit.Control, ev *check.Evidence, practice *audit.Practice, answers audit.Answers, asOf time.Time) audit.Finding {
	f := newFinding(ctl)
	if !ctl.AppliesTo(practice.Country) {
		f.Status = audit.NotApplicable
		f.Reason = "Applies only to practices in " + strings.Join(ctl.Countries, ", ") + "."
		return finish(f, ctl)
	}
	var answer *audit.Answer
	if a, ok := answers.Answers[ctl.ID]; ok {
		answer = &a
		f.Answer = answerText(a)
	}
	in := check.Input{Evidence: ev, Practice: practice, Answer: answer, Control: ctl, AsOf: asOf}

	evidence, answerOut, hasAnswerCheck := runChecks(ctl, in)
	decided := decide(evidence)
	partialPass := decided.Status == audit.Pass && onlyPartialPassed(ctl, evidence)
	switch {
	case partialPass && hasAnswerCheck && answerOut.Status.Open():
		// The evidence covers only part of the control; the answer speaks
		// for the rest and is worse, so it decides.
		f.Status, f.Reason, f.Subjects = answerOut.Status, joinSentences(answerOut.Reason, "The evidence covers only part of this: "+decided.Reason), answerOut.Subjects
	case decided.Status.Decided():
		f.Status, f.Reason, f.Subjects, f.Urgency = decided.Status, decided.Reason, decided.Subjects, decided.Urgency
		if hasAnswerCheck && answer != nil {
			f.Contradiction = contradiction(answerOut, decided)
		}
	case hasAnswerCheck && answerOut.Status != audit.NotChecked:
		f.Status, f.Reason, f.Subjects = answerOut.Status, answerOut.Reason, answerOut.Subjects
	case decided.Status == audit.NotApplicable:
		f.Status, f.Reason = audit.NotApplicable, decided.Reason
	default:
		f.Status = audit.NotChecked
		f.Reason = notCheckedReason(evidence, answerOut, hasAnswerCheck)
	}
	applyAcceptance(&f, answers, asOf)
	return finish(f, ctl)
}

func newFinding(ctl audit.Control) audit.Finding {
	return audit.Finding{
		ControlID: ctl.ID, Area: ctl.Area, Title: ctl.Title, Why: ctl.Why,
		Remediation: ctl.Remediation, Effort: ctl.Effort, QuickWin: ctl.QuickWin,
		Mappings: ctl.Mappings, Urgency: []string{}, Subjects: []audit.Subject{},
	}
}

// finish sets the fields that follow from the status.
func finish(f audit.Finding, ctl audit.Control) audit.Finding {
	if f.Subjects == nil {
		f.Subjects = []audit.Subject{}
	}
	if f.Urgency == nil {
		f.Urgency = []string{}
	}
	if f.Mappings == nil {
		f.Mappings = map[string][]string{}
	}
	f.Risk = Risk(ctl, f.Urgency)
	f.Likelihood, f.Impact = ctl.Likelihood, ctl.Impact
	if len(f.Urgency) > 0 {
		f.Likelihood = 5
	}
	f.Severity = SeverityOf(f.Status, f.Risk)
	return f
}

func answerText(a audit.Answer) string {
	s := a.String()
	if a.Note != "" {
		s += " — " + a.Note
	}
	return s
}

// onlyPartialPassed reports whether every passing evidence outcome came
// from a check marked partial. Evidence outcomes are in the order of the
// control's evidence checks.
func onlyPartialPassed(ctl audit.Control, evidence []check.Outcome) bool {
	i := 0
	for _, spec := range ctl.Checks {
		kind, ok := check.Lookup(spec.Kind)
		if !ok || kind.Answer {
			continue
		}
		if i < len(evidence) && evidence[i].Status == audit.Pass && !spec.Partial {
			return false
		}
		i++
	}
	return true
}

// runChecks runs every evidence check and the answer check, if any.
func runChecks(ctl audit.Control, in check.Input) (evidence []check.Outcome, answer check.Outcome, hasAnswer bool) {
	for _, spec := range ctl.Checks {
		kind, ok := check.Lookup(spec.Kind)
		if !ok {
			continue // the catalogue loader rejects unknown kinds
		}
		in.Params = check.Params(spec.Params)
		out := kind.Func(in)
		if kind.Answer {
			answer, hasAnswer = out, true
			continue
		}
		evidence = append(evidence, out)
	}
	return evidence, answer, hasAnswer
}

// decide merges evidence outcomes: the worst decided verdict wins, and the
// subjects and urgency of every open outcome are kept.
func decide(outs []check.Outcome) check.Outcome {
	var m check.Outcome
	allNA := len(outs) > 0
	for _, o := range outs {
		if o.Status != audit.NotApplicable {
			allNA = false
		}
		if !o.Status.Decided() {
			continue
		}
		m.Status = audit.Worse(m.Status, o.Status)
		if o.Status.Open() {
			m.Subjects = append(m.Subjects, o.Subjects...)
			m.Urgency = union(m.Urgency, o.Urgency)
		}
	}
	switch {
	case m.Status == "" && allNA:
		m.Status, m.Reason = audit.NotApplicable, outs[0].Reason
	case m.Status == audit.Pass:
		for _, o := range outs {
			if o.Status == audit.Pass {
				m.Reason = joinSentences(m.Reason, o.Reason)
			}
		}
	case m.Status.Open():
		m.Reason = openReasons(outs, m.Status)
	}
	sortSubjects(m.Subjects)
	return m
}

// openReasons lists the reasons of every outcome at the final status first,
// then the milder open ones, so the owner reads the worst news first.
func openReasons(outs []check.Outcome, status audit.Status) string {
	var worst, milder string
	for _, o := range outs {
		switch {
		case o.Status == status:
			worst = joinSentences(worst, o.Reason)
		case o.Status.Open():
			milder = joinSentences(milder, o.Reason)
		}
	}
	return joinSentences(worst, milder)
}

func contradiction(answer, evidence check.Outcome) string {
	switch {
	case answer.Status == audit.Pass && evidence.Status.Open():
		return "The answer says this is in place, but the evidence shows otherwise."
	case answer.Status == audit.Fail && evidence.Status == audit.Pass:
		return "The answer says this is not in place, but the evidence shows it is; check the answer."
	}
	return ""
}

func notCheckedReason(evidence []check.Outcome, answer check.Outcome, hasAnswer bool) string {
	var parts string
	for _, o := range evidence {
		if o.Status == audit.NotChecked {
			parts = joinSentences(parts, o.Reason)
		}
	}
	if hasAnswer {
		parts = joinSentences(parts, answer.Reason)
	} else if parts == "" {
		parts = "No evidence or answer covers this control."
	}
	return parts
}

// applyAcceptance turns an open finding into accepted while the acceptance
// is current, and into a fail once it has expired.
func applyAcceptance(f *audit.Finding, answers audit.Answers, asOf time.Time) {
	acc, ok := answers.Accepted[f.ControlID]
	if !ok || !f.Status.Open() {
		return
	}
	f.Accepted = &acc
	if !acc.Until.Time().Before(asOf) {
		f.Status = audit.Accepted
		f.Reason = joinSentences("Risk accepted by "+acc.Owner+" until "+acc.Until.String()+": "+strings.TrimSuffix(acc.Reason, ".")+".", f.Reason)
		return
	}
	f.Status = audit.Fail
	f.Reason = joinSentences("The risk acceptance by "+acc.Owner+" expired on "+acc.Until.String()+"; review it or fix the gap.", f.Reason)
}

func joinSentences(a, b string) string {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	switch {
	case a == "":
		return b
	case b == "" || strings.Contains(a, b):
		return a
	}
	return a + " " + b
}

func union(a, b []string) []string {
	for _, s := range b {
		found := false
		for _, v := range a {
			if v == s {
				found = true
				break
			}
		}
		if !found {
			a = append(a, s)
		}
	}
	sort.Strings(a)
	return a
}

func sortSubjects(s []audit.Subject) {
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].Kind != s[j].Kind {
			return s[i].Kind < s[j].Kind
		}
		if s[i].ID != s[j].ID {
			return s[i].ID < s[j].ID
		}
		return s[i].Detail < s[j].Detail
	})
}
