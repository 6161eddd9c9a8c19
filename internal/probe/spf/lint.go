package spf

import (
	"fmt"
	"strings"

	"triage/internal/probe"
)

// maxRecordLen is RFC 7208 §3.4's advice: keep a record under 450 octets so
// the whole DNS answer still fits a 512-octet UDP packet.
const maxRecordLen = 450

// Lint judges one SPF record's text without any DNS query: syntax, the
// "all" rule, ptr, networks so wide they authorise the world, terms that
// are never reached, and the lookups the record itself needs. Analyze also
// follows include and redirect; use it for a domain.
func Lint(text string) []probe.Problem {
	rec, err := Parse(text)
	if err != nil {
		return []probe.Problem{syntaxProblem("", err)}
	}
	ps := lintRecord(rec, "")
	if n := ownLookups(rec); n > DefaultMaxLookups {
		ps = append(ps, tooManyLookups(n, false))
	}
	q, hasAll := rec.AllQualifier()
	switch {
	case hasAll:
		ps = append(ps, allProblems(q)...)
	case rec.Redirect != nil:
		ps = append(ps, probe.Problem{Code: "spf.redirect", Level: probe.Info,
			Text: fmt.Sprintf("The record hands over to the policy of %s (redirect=); how strict it is depends on that record.", rec.Redirect)})
	default:
		ps = append(ps, noAll())
	}
	return sortProblems(ps)
}

// ownLookups counts the DNS-querying terms of one record that receivers
// can reach, not following include or redirect.
func ownLookups(rec *Record) int {
	n := 0
	for _, m := range rec.Mechanisms {
		if m.Kind == All {
			break
		}
		if m.Kind.queriesDNS() {
			n++
		}
	}
	if _, hasAll := rec.AllQualifier(); rec.Redirect != nil && !hasAll {
		n++
	}
	return n
}

// lintRecord finds the problems that belong to one record on its own.
// where is "" for the domain's own record, else a phrase that says which
// included record is meant.
func lintRecord(rec *Record, where string) []probe.Problem {
	var ps []probe.Problem
	add := func(code string, level probe.Level, format string, args ...any) {
		ps = append(ps, probe.Problem{Code: code, Level: level, Text: where + fmt.Sprintf(format, args...)})
	}
	if len(rec.Text) > maxRecordLen {
		add("spf.too_long", probe.Warning, "The SPF record is %d characters long. Records over %d characters may not fit in one DNS answer and can fail to load; replace lists of addresses with include: of your provider.", len(rec.Text), maxRecordLen)
	}
	allAt := -1
	for i, m := range rec.Mechanisms {
		switch m.Kind {
		case PTR:
			add("spf.ptr", probe.Warning, "The SPF record uses %q. RFC 7208 says not to: it is slow, unreliable, and some receivers ignore it. List the sending servers with ip4:, ip6: or include: instead.", m.Text)
		case IP4, IP6:
			if m.Qualifier == Plus {
				wide := m.Kind == IP4 && m.Net.Bits() < 8 || m.Kind == IP6 && m.Net.Bits() < 16
				broad := m.Kind == IP4 && m.Net.Bits() < 16 || m.Kind == IP6 && m.Net.Bits() < 32
				switch {
				case wide:
					add("spf.wide_network", probe.Error, "The SPF record authorises %q, a block so large that it lets almost anyone send as this domain.", m.Text)
				case broad && where == "":
					// Only in the domain's own record: mail providers'
					// included records legitimately list /15s and /14s.
					add("spf.wide_network", probe.Warning, "The SPF record authorises %q, a very large block of addresses. Authorise only the servers that really send your mail.", m.Text)
				}
			}
		case All:
			if allAt < 0 {
				allAt = i
			}
		}
	}
	if allAt >= 0 && allAt < len(rec.Mechanisms)-1 {
		add("spf.after_all", probe.Warning, "The SPF record has terms after %q; receivers never read them. Put \"all\" last.", rec.Mechanisms[allAt].Text)
	}
	if allAt >= 0 && rec.Redirect != nil {
		add("spf.redirect_ignored", probe.Info, "The SPF record has both \"all\" and redirect=%s; receivers ignore the redirect.", rec.Redirect)
	}
	for _, m := range rec.Unknown {
		add("spf.unknown_modifier", probe.Info, "The SPF record has the modifier %q, which receivers ignore. Remove it unless a tool you use needs it.", m.Name+"=")
	}
	return ps
}

// allProblems judges the qualifier of the "all" that ends the policy.
func allProblems(q Qualifier) []probe.Problem {
	switch q {
	case Plus:
		return []probe.Problem{{Code: "spf.all_pass", Level: probe.Error,
			Text: "The SPF policy ends in \"+all\", which authorises every server on the internet to send as this domain. Change it to \"-all\"."}}
	case Question:
		return []probe.Problem{{Code: "spf.all_neutral", Level: probe.Error,
			Text: "The SPF policy ends in \"?all\", which tells receivers nothing about servers it does not list, so forged mail is not stopped. Change it to \"-all\"."}}
	case Tilde:
		return []probe.Problem{{Code: "spf.all_softfail", Level: probe.Warning,
			Text: "The SPF policy ends in \"~all\" (soft fail): forged mail is only marked as suspicious. Once every sending service is listed, change it to \"-all\"."}}
	}
	return nil
}

func noAll() probe.Problem {
	return probe.Problem{Code: "spf.no_all", Level: probe.Error,
		Text: "The SPF policy does not end in an \"all\" rule, so mail from servers it does not list gets a neutral result and forged mail is not stopped. End it with \"-all\"."}
}

func tooManyLookups(n int, atLeast bool) probe.Problem {
	count := fmt.Sprint(n)
	if atLeast {
		count = "at least " + count
	}
	return probe.Problem{Code: "spf.too_many_lookups", Level: probe.Error,
		Text: fmt.Sprintf("The SPF policy needs %s DNS lookups; receivers stop at %d and treat the policy as broken (permerror), so it protects nothing. Remove unused include: entries or replace them with ip4:/ip6: ranges.", count, DefaultMaxLookups)}
}

func syntaxProblem(where string, err error) probe.Problem {
	msg := strings.TrimPrefix(err.Error(), "spf: ")
	return probe.Problem{Code: "spf.syntax", Level: probe.Error,
		Text: where + "The SPF record has a mistake (" + msg + "). Receivers treat a broken record as a permanent error, so it protects nothing until it is fixed."}
}

// sortProblems puts errors first, then warnings, then information, and
// drops exact repeats (the same problem found in two included records).
func sortProblems(ps []probe.Problem) []probe.Problem {
	rank := map[probe.Level]int{probe.Error: 0, probe.Warning: 1, probe.Info: 2}
	seen := map[probe.Problem]bool{}
	out := make([]probe.Problem, 0, len(ps))
	for r := 0; r < 3; r++ {
		for _, p := range ps {
			if rank[p.Level] == r && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}
