package check

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"triage/internal/words"

	"triage/internal/audit"
)

// People kinds: are staff trained, and do phishing simulations show they
// spot and report the lures practices actually get.

const (
	noTraining = "No training records were provided; add a KnowBe4 training export or the practice's training log."
	noPhishing = "No phishing simulation results were provided; add a KnowBe4 phishing test export or similar."
)

func init() {
	register(Kind{
		Name: "training.coverage",
		Doc:  "Enough current staff completed security training within the window.",
		Params: []Param{
			{Name: "window_days", Type: Int, Required: true, Doc: "a completion counts for this many days"},
			{Name: "pass_pct", Type: Number, Required: true, Doc: "share of current staff trained that passes"},
			{Name: "warn_pct", Type: Number, Required: true, Doc: "share of current staff trained that only warns"},
		},
		Func: gappedStrict(trainingCoverage, "training"),
	})
	register(Kind{
		Name: "phishing.recent",
		Doc:  "Phishing simulations are recent and few staff fall for them.",
		Params: []Param{
			{Name: "warn_days", Type: Int, Required: true, Doc: "age in days of the last simulation before a warning"},
			{Name: "fail_days", Type: Int, Required: true, Doc: "age in days of the last simulation before a failure"},
			{Name: "pass_pct", Type: Number, Required: true, Doc: "highest phish-prone percentage that passes"},
			{Name: "warn_pct", Type: Number, Required: true, Doc: "highest phish-prone percentage that only warns"},
		},
		Func: gappedStrict(phishingRecent, "phishing"),
	})
	register(Kind{
		Name: "phishing.healthcare",
		Doc:  "A healthcare-themed simulation or training ran within the window.",
		Params: []Param{
			{Name: "window_days", Type: Int, Required: true, Doc: "how far back to look, in days"},
		},
		Func: phishingHealthcare,
	})
	register(Kind{
		Name: "phishing.report_rate",
		Doc:  "Enough staff report the simulated phishing email.",
		Params: []Param{
			{Name: "warn_below_pct", Type: Number, Required: true, Doc: "reported share below which to warn"},
		},
		Func: gappedStrict(phishingReportRate, "phishing"),
	})
}

// ---- training.coverage

// currentStaff are people who have not left and have already started.
func currentStaff(in Input) []audit.Person {
	var out []audit.Person
	day := audit.Day(in.AsOf)
	for _, p := range staffOf(in) {
		if p.Left(in.AsOf) || (p.Start != nil && p.Start.Time().After(day)) {
			continue
		}
		out = append(out, p)
	}
	return out
}

func trainingOf(in Input) []audit.Fact {
	var out []audit.Fact
	for _, f := range factsOf(in, audit.FactTraining) {
		if f.Training != nil {
			out = append(out, f)
		}
	}
	return out
}

func personID(p audit.Person) string {
	if p.Name != "" {
		return p.Name
	}
	return p.Email
}

// newStarterDays is how long a new starter has to complete training.
const newStarterDays = 30

func trainingCoverage(in Input) Outcome {
	records := trainingOf(in)
	if len(records) == 0 {
		return notChecked(noTraining)
	}
	staff := currentStaff(in)
	if len(staff) == 0 {
		return notChecked("practice.yaml lists no current staff; add everyone who works at the practice.")
	}
	window := in.Params.Int("window_days", 365)
	last := lastCompletions(staff, records, in.AsOf)
	var subjects []audit.Subject
	for i, p := range staff {
		d := last[i]
		if d != nil && daysAgo(*d, in.AsOf) <= window {
			continue
		}
		// New starters get their first month to do induction training,
		// the grace the control's question allows.
		if d == nil && p.Start != nil && daysAgo(p.Start.Time(), in.AsOf) <= newStarterDays {
			continue
		}
		detail := fmt.Sprintf("no security training completed in the last %d days", window)
		if d != nil {
			detail += " (last on " + date(*d) + ")"
		}
		subjects = append(subjects, audit.Subject{ID: personID(p), Kind: "person", Detail: detail})
	}
	return coverageOutcome(in, len(staff), len(staff)-len(subjects), window, subjects)
}

// lastCompletions finds each person's latest completion, joined by the
// same identity rules as accounts (email, aliases, exact name).
func lastCompletions(staff []audit.Person, records []audit.Fact, asOf time.Time) []*time.Time {
	dir := newDirectory(staff)
	last := make([]*time.Time, len(staff))
	day := audit.Day(asOf)
	for _, f := range records {
		t := f.Training
		if t.CompletedOn == nil || t.CompletedOn.Time().After(day) {
			continue // enrolled only, or a date that cannot be right
		}
		done := t.CompletedOn.Time()
		for _, i := range dir.match(identifierKeys(t.Person), t.Person) {
			if last[i] == nil || done.After(*last[i]) {
				last[i] = &done
			}
		}
	}
	return last
}

func coverageOutcome(in Input, total, trained, window int, subjects []audit.Subject) Outcome {
	passPct, warnPct := in.Params.Number("pass_pct", 95), in.Params.Number("warn_pct", 80)
	got := share(trained, total)
	said := fmt.Sprintf("%d of %s (%s) completed security training in the last %d days", trained, words.Count(total, "current staff member", "current staff"), pct(got), window)
	switch {
	case got >= passPct:
		return decided(audit.Pass, said+".", nil)
	case got >= warnPct:
		return decided(audit.Warn, fmt.Sprintf("%s, below the %s target.", said, pct(passPct)), subjects)
	}
	return decided(audit.Fail, fmt.Sprintf("%s, below the %s minimum.", said, pct(warnPct)), subjects)
}

// ---- phishing

// simsOf returns simulations oldest first; equal dates keep evidence order.
func simsOf(in Input) []audit.Fact {
	var out []audit.Fact
	for _, f := range factsOf(in, audit.FactPhishSim) {
		if f.PhishSim != nil {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].PhishSim.Date.Time().Before(out[j].PhishSim.Date.Time()) })
	return out
}

// phishRate is the share of recipients who fell for it.
func phishRate(s *audit.PhishSim) (float64, bool) {
	if s.PhishPronePct != nil {
		return *s.PhishPronePct, true
	}
	if s.Recipients > 0 {
		return share(s.Clicked, s.Recipients), true
	}
	return 0, false
}

func phishingRecent(in Input) Outcome {
	sims := simsOf(in)
	if len(sims) == 0 {
		return notChecked(noPhishing)
	}
	last := sims[len(sims)-1]
	s := last.PhishSim
	age := daysAgo(s.Date.Time(), in.AsOf)
	status, problems := audit.Pass, []string{}
	warnDays, failDays := in.Params.Int("warn_days", 90), in.Params.Int("fail_days", 365)
	switch {
	case age > failDays:
		status, problems = audit.Fail, append(problems, fmt.Sprintf("none has run in the last %d days", failDays))
	case age > warnDays:
		status, problems = audit.Warn, append(problems, fmt.Sprintf("that is more than %d days ago", warnDays))
	}
	said := fmt.Sprintf("The last phishing simulation was on %s (%s)", s.Date, ago(age))
	if rate, ok := phishRate(s); ok {
		said += fmt.Sprintf(" and %s of recipients fell for it%s", pct(rate), trend(sims, rate))
		st, p := rateVerdict(rate, in.Params.Number("pass_pct", 10), in.Params.Number("warn_pct", 20))
		status = audit.Worse(status, st)
		if p != "" {
			problems = append(problems, p)
		}
	} else {
		said += " and its click rate is not recorded"
	}
	if status == audit.Pass {
		return decided(audit.Pass, said+".", nil)
	}
	subject := []audit.Subject{subjectOf(s.Campaign, "campaign", fmt.Sprintf("run %s; %d of %d recipients clicked, %d reported", s.Date, s.Clicked, s.Recipients, s.Reported), last)}
	return decided(status, said+"; "+strings.Join(problems, ", and ")+".", subject)
}

func rateVerdict(rate, passPct, warnPct float64) (audit.Status, string) {
	switch {
	case rate > warnPct:
		return audit.Fail, "that rate is above the " + pct(warnPct) + " limit"
	case rate > passPct:
		return audit.Warn, "that rate is above the " + pct(passPct) + " target"
	}
	return audit.Pass, ""
}

// trend names a rise since the previous simulation: a falling rate is the
// point of running them, so a rising one deserves a mention.
func trend(sims []audit.Fact, rate float64) string {
	if len(sims) < 2 {
		return ""
	}
	prev, ok := phishRate(sims[len(sims)-2].PhishSim)
	if !ok || rate <= prev {
		return ""
	}
	return ", up from " + pct(prev) + " the time before"
}

func phishingHealthcare(in Input) Outcome {
	sims, records := simsOf(in), trainingOf(in)
	window := in.Params.Int("window_days", 365)
	if reason, ok := healthcareFound(sims, records, window, in.AsOf); ok {
		return decided(audit.Pass, reason, nil)
	}
	// This kind needs only one example, so a gap can hide the example
	// but cannot undo one that was found.
	if why := gapReason(in, "phishing", "training"); why != "" {
		return notChecked("Could not check: " + why + ".")
	}
	if len(sims) == 0 && len(records) == 0 {
		return notChecked("No phishing simulation results or training records were provided; add a KnowBe4 export or the practice's training log.")
	}
	return decided(audit.Fail, fmt.Sprintf("No phishing simulation or training in the last %d days used healthcare-themed lures (%s and %s checked).", window, words.Count(len(sims), "simulation", "simulations"), words.Count(len(records), "training record", "training records")), nil)
}

// healthcareFound returns a pass reason naming the newest healthcare-themed
// simulation or completed course within the window.
func healthcareFound(sims, records []audit.Fact, window int, asOf time.Time) (string, bool) {
	for i := len(sims) - 1; i >= 0; i-- {
		s := sims[i].PhishSim
		if age := audit.DaysBetween(s.Date.Time(), asOf); s.Healthcare && age >= 0 && age <= window {
			return fmt.Sprintf("The phishing simulation %q on %s used a healthcare-themed lure.", s.Campaign, s.Date), true
		}
	}
	for _, f := range records {
		t := f.Training
		if t.CompletedOn == nil || !t.Healthcare {
			continue
		}
		if age := audit.DaysBetween(t.CompletedOn.Time(), asOf); age >= 0 && age <= window {
			return fmt.Sprintf("Healthcare-themed training (%s) was completed on %s.", t.Course, t.CompletedOn), true
		}
	}
	return "", false
}

func phishingReportRate(in Input) Outcome {
	sims := simsOf(in)
	if len(sims) == 0 {
		return notChecked(noPhishing)
	}
	last := sims[len(sims)-1]
	s := last.PhishSim
	if s.Recipients <= 0 {
		return notChecked(fmt.Sprintf("The last phishing simulation (%s) does not record how many people received it.", s.Date))
	}
	rate := share(s.Reported, s.Recipients)
	floor := in.Params.Number("warn_below_pct", 30)
	said := fmt.Sprintf("%d of %d recipients (%s) reported the last phishing simulation on %s", s.Reported, s.Recipients, pct(rate), s.Date)
	if rate < floor {
		subject := []audit.Subject{subjectOf(s.Campaign, "campaign", fmt.Sprintf("%d of %d recipients reported it", s.Reported, s.Recipients), last)}
		return decided(audit.Warn, fmt.Sprintf("Only %s, below the %s wanted.", said, pct(floor)), subject)
	}
	return decided(audit.Pass, said+".", nil)
}
