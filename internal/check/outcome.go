package check

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"triage/internal/words"
	"unicode"
	"unicode/utf8"

	"triage/internal/audit"
)

// Urgency labels. The engine and reports match on these exact strings.
const (
	urgentLeaver   = "leaver still active"
	urgentExposed  = "internet-exposed"
	urgentKEV      = "known-exploited"
	urgentNoBackup = "no working backup"
)

// notChecked is the outcome for a control the evidence cannot settle; the
// reason always says what would settle it.
func notChecked(reason string) Outcome {
	return Outcome{Status: audit.NotChecked, Reason: reason}
}

// decided builds a pass, warn or fail outcome with its subjects in a stable
// order, so the same evidence always gives the same report.
func decided(status audit.Status, reason string, subjects []audit.Subject, urgency ...string) Outcome {
	sortSubjects(subjects)
	var urg []string
	for _, u := range urgency {
		if u != "" && !contains(urg, u) {
			urg = append(urg, u)
		}
	}
	return Outcome{Status: status, Reason: reason, Subjects: subjects, Urgency: urg}
}

func sortSubjects(s []audit.Subject) {
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].ID != s[j].ID {
			return s[i].ID < s[j].ID
		}
		if s[i].Kind != s[j].Kind {
			return s[i].Kind < s[j].Kind
		}
		return s[i].Detail < s[j].Detail
	})
}

// subjectOf names one problem item and points at the fact it came from.
func subjectOf(id, kind, detail string, f audit.Fact) audit.Subject {
	src := f.Source
	return audit.Subject{ID: id, Kind: kind, Detail: detail, Source: &src}
}

// gapped wraps a check so that a recorded gap for one of its topics makes
// the verdict not_checked whenever the missing evidence could overturn it.
// It suits kinds whose findings are facts about named items (an enabled
// leaver account, a firewall switched off): those stand, because no
// further evidence can make those items safe, and hiding a leaver's live
// account behind an unrelated licence gap would be worse than reporting it.
func gapped(f Func, topics ...string) Func {
	return func(in Input) Outcome {
		out := f(in)
		why := gapReason(in, topics...)
		if why == "" {
			return out
		}
		if out.Status.Open() && len(out.Subjects) > 0 {
			out.Reason = addNote(out.Reason, "; some evidence could not be read: "+why)
			return out
		}
		return notChecked("Could not check: " + why + ".")
	}
}

// gappedStrict is for kinds whose findings rest on something not being
// seen (no recent backup, no training record, too small a share): the
// missing evidence could hold exactly what was not seen, so any gap makes
// the verdict not_checked.
func gappedStrict(f Func, topics ...string) Func {
	return func(in Input) Outcome {
		if why := gapReason(in, topics...); why != "" {
			return notChecked("Could not check: " + why + ".")
		}
		return f(in)
	}
}

// gapReason joins the distinct reasons recorded for the topics, in order.
func gapReason(in Input, topics ...string) string {
	if in.Evidence == nil {
		return ""
	}
	var reasons []string
	for _, t := range topics {
		for _, g := range in.Evidence.Gaps(t) {
			r := strings.TrimRight(strings.TrimSpace(g.Reason), ".")
			if r == "" {
				r = "the evidence for " + t + " is missing"
			}
			if !contains(reasons, r) {
				reasons = append(reasons, r)
			}
		}
	}
	return strings.Join(reasons, "; ")
}

// factsOf tolerates a nil Evidence so a check never panics on empty input.
func factsOf(in Input, kind audit.FactKind) []audit.Fact {
	if in.Evidence == nil {
		return nil
	}
	return in.Evidence.Of(kind)
}

func staffOf(in Input) []audit.Person {
	if in.Practice == nil {
		return nil
	}
	return in.Practice.Staff
}

// addNote inserts a clause before the sentence's final full stop.
func addNote(reason, note string) string {
	return strings.TrimSuffix(reason, ".") + note + "."
}

// capitalise upper-cases the first letter, for labels written mid-sentence.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// checked renders "(3 accounts checked)", so "none" reasons keep a count
// without "none of the 1 account".
func checked(n int, singular, plural string) string {
	return " (" + words.Count(n, singular, plural) + " checked)"
}

// every renders "All 14 devices", "Both devices" or "The only device".
func every(n int, singular, plural string) string {
	switch n {
	case 1:
		return "The only " + singular
	case 2:
		return "Both " + plural
	}
	return fmt.Sprintf("All %d %s", n, plural)
}

// pct renders a percentage to at most one decimal place.
func pct(x float64) string {
	return num(math.Round(x*10)/10) + "%"
}

func num(x float64) string {
	return strconv.FormatFloat(x, 'f', -1, 64)
}

func share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) * 100 / float64(whole)
}

func date(t time.Time) string { return t.UTC().Format(audit.DateLayout) }

// daysAgo counts whole days from t to the audit's as-of time, never negative.
func daysAgo(t, asOf time.Time) int {
	d := audit.DaysBetween(t, asOf)
	if d < 0 {
		return 0
	}
	return d
}

func ago(days int) string {
	switch days {
	case 0:
		return "today"
	case 1:
		return "1 day ago"
	}
	return fmt.Sprintf("%d days ago", days)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// containsFold reports whether list holds s, ignoring case and spaces.
func containsFold(list []string, s string) bool {
	s = strings.TrimSpace(s)
	for _, v := range list {
		if strings.EqualFold(strings.TrimSpace(v), s) {
			return true
		}
	}
	return false
}
