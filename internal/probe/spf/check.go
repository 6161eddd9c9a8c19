package spf

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"triage/internal/probe"
)

// Processing limits of RFC 7208 §4.6.4.
const (
	// DefaultMaxLookups is the number of DNS-querying terms (include, a,
	// mx, ptr, exists, redirect) one evaluation may use.
	DefaultMaxLookups = 10
	// DefaultMaxVoidLookups is the number of those queries that may find
	// nothing before the policy counts as broken.
	DefaultMaxVoidLookups = 2
	// maxNames is how many MX or PTR names one mechanism looks at.
	maxNames = 10
	// maxDepth bounds include/redirect nesting even if a caller raises
	// MaxLookups very high.
	maxDepth = 32
)

// Checker evaluates SPF policies. The zero value is not usable: Resolver is
// required. Callers should bound the whole evaluation with a context
// deadline; RFC 7208 §4.6.4 suggests allowing at least 20 seconds.
type Checker struct {
	Resolver probe.Resolver
	// Receiver is this host's domain, for the %{r} macro; "unknown" if empty.
	Receiver string
	// Now gives the %{t} timestamp; time.Now when nil.
	Now func() time.Time
	// MaxLookups and MaxVoidLookups override the RFC defaults when positive.
	MaxLookups, MaxVoidLookups int
}

// Verdict is the full outcome of one check.
type Verdict struct {
	Result Result `json:"result"`
	// Explanation is the domain's own exp= text for a fail, when it
	// publishes one that could be fetched and expanded; otherwise "".
	Explanation string `json:"explanation,omitempty"`
	// Reason says in words what decided the result: the term that matched,
	// or what was broken or unreachable.
	Reason      string `json:"reason"`
	Lookups     int    `json:"lookups"`      // DNS-querying terms used
	VoidLookups int    `json:"void_lookups"` // of which found nothing
}

// CheckHost is RFC 7208's check_host(): may ip send mail for domain, given
// the MAIL FROM sender and the HELO name? It returns the result and, for a
// fail, the domain's explanation ("" when none). Use a Checker for the
// reason and lookup counts.
func CheckHost(ctx context.Context, r probe.Resolver, ip netip.Addr, domain, sender, helo string) (Result, string) {
	v := (&Checker{Resolver: r}).Check(ctx, ip, domain, sender, helo)
	return v.Result, v.Explanation
}

// Check runs check_host() for ip and domain. sender is the MAIL FROM
// address (for a HELO check, "postmaster@" + helo); an empty local part
// becomes "postmaster" as RFC 7208 §4.3 says.
func (c *Checker) Check(ctx context.Context, ip netip.Addr, domain, sender, helo string) Verdict {
	if !ip.IsValid() {
		return Verdict{Result: None, Reason: "no valid client IP address was given"}
	}
	e := c.newEval(ip, domain, sender, helo)
	out := e.checkHost(ctx, domain, 0)
	v := Verdict{Result: out.result, Reason: out.reason, Lookups: e.lookups, VoidLookups: e.voids}
	if out.result == Fail && out.rec != nil {
		v.Explanation = e.explain(ctx, out.rec, out.domain)
	}
	return v
}

// eval is the state of one check: the message's identity and the counters
// shared by every nested include and redirect.
type eval struct {
	res                       probe.Resolver
	ip                        netip.Addr // IPv4-mapped addresses already unmapped
	local, senderDomain, helo string
	receiver, timestamp       string
	maxLookups, maxVoids      int
	lookups, voids            int
}

func (c *Checker) newEval(ip netip.Addr, domain, sender, helo string) *eval {
	e := &eval{
		res: c.Resolver, ip: ip.Unmap(), helo: helo,
		receiver: c.Receiver, maxLookups: c.MaxLookups, maxVoids: c.MaxVoidLookups,
	}
	if e.receiver == "" {
		e.receiver = "unknown"
	}
	if e.maxLookups <= 0 {
		e.maxLookups = DefaultMaxLookups
	}
	if e.maxVoids <= 0 {
		e.maxVoids = DefaultMaxVoidLookups
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	e.timestamp = strconv.FormatInt(now().Unix(), 10)
	if sender == "" {
		sender = "postmaster@" + domain
	}
	if at := strings.LastIndexByte(sender, '@'); at >= 0 {
		e.local, e.senderDomain = sender[:at], sender[at+1:]
	} else {
		e.senderDomain = sender
	}
	if e.local == "" {
		e.local = "postmaster"
	}
	return e
}

// outcome is the result of one (possibly nested) check_host(). rec and
// domain name the record whose exp= explains a fail: redirect passes its
// target's along, include does not.
type outcome struct {
	result Result
	reason string
	rec    *Record
	domain string
	// traced is set once an error reason names the include that led to
	// it, so an error deep in a chain names only the innermost include.
	traced bool
}

func errOutcome(r Result, format string, args ...any) *outcome {
	return &outcome{result: r, reason: fmt.Sprintf(format, args...)}
}

// checkHost fetches and evaluates the policy of domain.
func (e *eval) checkHost(ctx context.Context, domain string, depth int) outcome {
	domain = strings.TrimSuffix(domain, ".")
	if !validDomain(domain) {
		return outcome{result: None, reason: fmt.Sprintf("%q is not a domain name that can have an SPF policy", domain)}
	}
	if depth > maxDepth {
		return *errOutcome(PermError, "include/redirect nested more than %d deep at %s", maxDepth, domain)
	}
	txts, err := e.res.LookupTXT(ctx, domain)
	if probe.IsTemporary(err) {
		return *errOutcome(TempError, "looking up the SPF record of %s: %v", domain, err)
	}
	var spf []string
	for _, t := range txts {
		if isSPF(t) {
			spf = append(spf, t)
		}
	}
	switch len(spf) {
	case 0:
		return outcome{result: None, reason: fmt.Sprintf("%s publishes no SPF record", domain)}
	case 1:
	default:
		return *errOutcome(PermError, "%s publishes %d SPF records; there must be exactly one", domain, len(spf))
	}
	rec, err := Parse(spf[0])
	if err != nil {
		return *errOutcome(PermError, "the SPF record of %s is invalid: %v", domain, err)
	}
	return e.evaluate(ctx, rec, domain, depth)
}

// validDomain is the §4.3 check on the domain argument: a queryable name
// with at least two labels, not an address literal.
func validDomain(d string) bool {
	return probe.QueryableName(d) && strings.Contains(d, ".") && !strings.HasPrefix(d, "[")
}

func (e *eval) evaluate(ctx context.Context, rec *Record, domain string, depth int) outcome {
	for _, m := range rec.Mechanisms {
		matched, stop := e.match(ctx, m, domain, depth)
		if stop != nil {
			return *stop
		}
		if matched {
			return outcome{result: m.Qualifier.Result(), reason: fmt.Sprintf("%q matched in the policy of %s", m.Text, domain), rec: rec, domain: domain}
		}
	}
	if rec.Redirect != nil {
		// "all" always matches, so reaching here means there is none and
		// redirect applies (RFC 7208 §6.1).
		if stop := e.countLookup("redirect=" + rec.Redirect.String()); stop != nil {
			return *stop
		}
		target, ok := e.targetName(ctx, rec.Redirect, domain)
		if !ok {
			return *errOutcome(PermError, "redirect=%s in the policy of %s does not expand to a usable domain name", rec.Redirect, domain)
		}
		out := e.checkHost(ctx, target, depth+1)
		if out.result == None {
			return *errOutcome(PermError, "redirect=%s from %s leads to no SPF record: %s", rec.Redirect, domain, out.reason)
		}
		return out
	}
	return outcome{result: Neutral, reason: fmt.Sprintf("no term of the policy of %s matched", domain), rec: rec, domain: domain}
}

// countLookup charges one DNS-querying term against the limit.
func (e *eval) countLookup(term string) *outcome {
	e.lookups++
	if e.lookups > e.maxLookups {
		return errOutcome(PermError, "the policy needs more than %d DNS lookups (limit reached at %q)", e.maxLookups, term)
	}
	return nil
}

// countVoid charges one lookup that found nothing against the limit.
func (e *eval) countVoid(term string) *outcome {
	e.voids++
	if e.voids > e.maxVoids {
		return errOutcome(PermError, "more than %d lookups found nothing (limit reached at %q)", e.maxVoids, term)
	}
	return nil
}

// targetName expands a domain-spec into the name to query (RFC 7208 §7.3:
// over-long results lose labels from the left; a trailing dot is ignored).
// ok is false when the result cannot be a DNS name.
func (e *eval) targetName(ctx context.Context, ds *MacroString, domain string) (string, bool) {
	name := strings.TrimSuffix(ds.expandWith(e.values(ctx, domain)), ".")
	for len(name) > probe.MaxNameLen {
		dot := strings.IndexByte(name, '.')
		if dot < 0 {
			break
		}
		name = name[dot+1:]
	}
	return name, probe.QueryableName(name)
}

// values gives the macro values for evaluating the policy of domain.
func (e *eval) values(ctx context.Context, domain string) *macroValues {
	mv := &macroValues{
		s: e.local + "@" + e.senderDomain, l: e.local, o: e.senderDomain, d: domain,
		h: e.helo, c: e.ip.String(), r: e.receiver, t: e.timestamp,
		p: func() string { return e.validatedName(ctx, domain) },
	}
	if e.ip.Is4() {
		mv.i, mv.v = e.ip.String(), "in-addr"
	} else {
		mv.i, mv.v = probe.Nibbles(e.ip, false), "ip6"
	}
	return mv
}
