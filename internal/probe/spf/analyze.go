package spf

import (
	"context"
	"fmt"
	"strings"

	"triage/internal/probe"
)

// maxFetches bounds the TXT lookups one analysis makes while following
// include and redirect, so a hostile or looping policy cannot make the
// audit send unbounded DNS traffic. It is well above what a policy inside
// the 10-lookup limit can need.
const maxFetches = 40

// Analysis is what the audit records about a domain's SPF policy.
type Analysis struct {
	Domain string `json:"domain"`
	// Checked is false when DNS failed temporarily before the policy could
	// be read: the control is "not checked", never passed or failed.
	Checked bool `json:"checked"`
	// Records lists every "v=spf1" TXT record at the domain; more than one
	// is itself an error.
	Records []string `json:"records"`
	// All is the "all" rule that ends the policy after following redirect:
	// "-all", "~all", "?all", "+all", or "" when there is none.
	All string `json:"all"`
	// Lookups counts the DNS-querying terms (include, a, mx, ptr, exists,
	// redirect) through every include and redirect; receivers allow 10.
	Lookups int `json:"lookups"`
	// VoidLookups counts names the policy points at that do not exist or
	// have no records; receivers allow 2.
	VoidLookups int  `json:"void_lookups"`
	UsesPTR     bool `json:"uses_ptr"`
	// Includes lists the domains reached through include and redirect, in
	// the order first met.
	Includes []string        `json:"includes,omitempty"`
	Problems []probe.Problem `json:"problems"`
}

// Analyze reads the SPF policy of domain and judges it for the audit. It
// follows include and redirect targets written without macros (those with
// macros depend on each message and are noted, not followed) and checks
// whether a, mx and exists targets exist, but it never evaluates the policy
// against an address.
func Analyze(ctx context.Context, r probe.Resolver, domain string) Analysis {
	domain = probe.Normalize(domain)
	w := &walker{ctx: ctx, res: r, a: &Analysis{Domain: domain}, onPath: map[string]bool{}}
	w.run(domain)
	w.a.Problems = sortProblems(w.a.Problems)
	return *w.a
}

type walker struct {
	ctx     context.Context
	res     probe.Resolver
	a       *Analysis
	onPath  map[string]bool // domains being walked: meeting one again is a loop
	fetches int
	cut     bool // stopped following at maxFetches
	macros  bool
}

func (w *walker) problem(code string, level probe.Level, format string, args ...any) {
	w.a.Problems = append(w.a.Problems, probe.Problem{Code: code, Level: level, Text: fmt.Sprintf(format, args...)})
}

func (w *walker) run(domain string) {
	txts, err := w.res.LookupTXT(w.ctx, domain)
	if probe.IsTemporary(err) {
		w.problem("spf.dns_error", probe.Warning, "The SPF record of %s could not be read because DNS failed (%v). It was not checked; try again later.", domain, err)
		return
	}
	w.a.Checked = true
	for _, t := range txts {
		if isSPF(t) {
			w.a.Records = append(w.a.Records, t)
		}
	}
	switch len(w.a.Records) {
	case 0:
		w.problem("spf.missing", probe.Error, "%s has no SPF record, so receivers cannot tell forged mail from real mail. Publish a TXT record such as \"v=spf1 include:<your mail provider> -all\" (or \"v=spf1 -all\" if the domain sends no mail).", domain)
		return
	case 1:
	default:
		w.problem("spf.multiple", probe.Error, "%s has %d SPF records. There must be exactly one: receivers treat several as a permanent error, so none of them works. Merge them into one record.", domain, len(w.a.Records))
		return
	}
	rec, err := Parse(w.a.Records[0])
	if err != nil {
		w.a.Problems = append(w.a.Problems, syntaxProblem("", err))
		return
	}
	w.onPath[domain] = true
	all, hasAll, known := w.walk(rec, domain, "")
	switch {
	case hasAll:
		w.a.All = string(all) + "all"
		w.a.Problems = append(w.a.Problems, allProblems(all)...)
	case known:
		w.a.Problems = append(w.a.Problems, noAll())
	}
	if w.a.Lookups > DefaultMaxLookups {
		w.a.Problems = append(w.a.Problems, tooManyLookups(w.a.Lookups, w.cut))
	}
	switch v := w.a.VoidLookups; {
	case v > DefaultMaxVoidLookups:
		w.problem("spf.void_lookups", probe.Error, "The SPF policy points at %d names that do not exist; receivers allow %d and then treat the policy as broken (permerror). Remove the stale entries.", v, DefaultMaxVoidLookups)
	case v > 0:
		w.problem("spf.void_lookups", probe.Warning, "The SPF policy points at %d name(s) that do not exist. Remove stale entries: more than %d makes receivers treat the policy as broken.", v, DefaultMaxVoidLookups)
	}
	if w.macros {
		w.problem("spf.macros", probe.Info, "The SPF policy uses macros (%%{...}), which depend on each message, so what they point at was not followed; the real lookup count may be higher.")
	}
	if w.cut {
		w.problem("spf.too_deep", probe.Warning, "The SPF policy is too large to follow completely; the check stopped after %d DNS queries.", maxFetches)
	}
}

// walk counts and checks one record and everything it includes. It returns
// the qualifier of the "all" that ends the policy, following redirect, and
// whether it has one; known is false when a redirect could not be followed,
// so nobody can say how the policy ends.
func (w *walker) walk(rec *Record, domain, where string) (q Qualifier, hasAll, known bool) {
	w.a.Problems = append(w.a.Problems, lintRecord(rec, where)...)
	for _, m := range rec.Mechanisms {
		if m.Kind == All {
			break // receivers never read further, so nothing after it costs a lookup
		}
		if m.Kind.queriesDNS() {
			w.a.Lookups++
		}
		if m.Kind == PTR {
			w.a.UsesPTR = true
		}
		target, static := w.staticTarget(m.Domain, domain)
		if !static {
			continue
		}
		switch m.Kind {
		case Include:
			w.follow(target, m.Text, domain)
		case A:
			w.checkExists(target, func() error { return anyAddr(w.ctx, w.res, target) })
		case MX:
			w.checkMX(target, m.Text)
		case Exists:
			w.checkExists(target, func() error { _, err := w.res.LookupA(w.ctx, target); return err })
		}
	}
	if q, ok := rec.AllQualifier(); ok || rec.Redirect == nil {
		return q, ok, true
	}
	// No "all", so receivers follow redirect (RFC 7208 §6.1).
	w.a.Lookups++
	target, static := w.staticTarget(rec.Redirect, domain)
	if !static {
		return 0, false, false
	}
	return w.follow(target, "redirect="+rec.Redirect.String(), domain)
}

// staticTarget returns the name a domain-spec points at when it has no
// macros (nil means the current domain).
func (w *walker) staticTarget(ds *MacroString, domain string) (string, bool) {
	if ds == nil {
		return domain, true
	}
	if ds.HasMacros() {
		w.macros = true
		return "", false
	}
	return probe.Normalize(ds.expandWith(&macroValues{})), true
}

// follow walks the record at target, reached through term in the policy
// of from, and returns what walk returns for it.
func (w *walker) follow(target, term, from string) (q Qualifier, hasAll, known bool) {
	if w.onPath[target] {
		w.problem("spf.loop", probe.Error, "The SPF policy loops: %q in the record of %s leads back to %s. Receivers give up with a permanent error.", term, from, target)
		return 0, false, false
	}
	if w.fetches >= maxFetches {
		w.cut = true
		return 0, false, false
	}
	w.fetches++
	if !contains(w.a.Includes, target) {
		w.a.Includes = append(w.a.Includes, target)
	}
	txts, err := w.res.LookupTXT(w.ctx, target)
	if probe.IsTemporary(err) {
		w.problem("spf.dns_error", probe.Warning, "%q in the SPF record of %s could not be checked because DNS failed (%v).", term, from, err)
		return 0, false, false
	}
	var spf []string
	for _, t := range txts {
		if isSPF(t) {
			spf = append(spf, t)
		}
	}
	if len(spf) != 1 {
		if probe.IsVoid(err) {
			w.a.VoidLookups++
		}
		what := "no SPF record"
		if len(spf) > 1 {
			what = fmt.Sprintf("%d SPF records", len(spf))
		}
		w.problem("spf.include_broken", probe.Error, "%q in the SPF record of %s points at %s, which has %s. Receivers treat the whole policy as broken (permerror). Fix or remove it.", term, from, target, what)
		return 0, false, false
	}
	where := fmt.Sprintf("In the record of %s (reached through %q): ", target, term)
	rec, err := Parse(spf[0])
	if err != nil {
		w.a.Problems = append(w.a.Problems, syntaxProblem(where, err))
		return 0, false, false
	}
	w.onPath[target] = true
	defer delete(w.onPath, target)
	return w.walk(rec, target, where)
}

// checkExists counts a void lookup when lookup finds nothing.
func (w *walker) checkExists(target string, lookup func() error) {
	if w.fetches >= maxFetches {
		w.cut = true
		return
	}
	w.fetches++
	if err := lookup(); probe.IsVoid(err) {
		w.a.VoidLookups++
	}
}

func (w *walker) checkMX(target, term string) {
	if w.fetches >= maxFetches {
		w.cut = true
		return
	}
	w.fetches++
	mxs, err := w.res.LookupMX(w.ctx, target)
	switch {
	case probe.IsVoid(err):
		w.a.VoidLookups++
	case err == nil && len(mxs) > maxNames:
		w.problem("spf.mx_too_many", probe.Error, "%q: %s has %d MX records, but SPF looks at no more than %d, so receivers treat the policy as broken. List the servers with ip4:/ip6: instead.", term, target, len(mxs), maxNames)
	}
}

// anyAddr succeeds when name has an A or an AAAA record; it is void only
// when both are.
func anyAddr(ctx context.Context, r probe.Resolver, name string) error {
	_, err4 := r.LookupA(ctx, name)
	if err4 == nil {
		return nil
	}
	_, err6 := r.LookupAAAA(ctx, name)
	if err6 == nil || probe.IsTemporary(err6) {
		return err6
	}
	return err4
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
