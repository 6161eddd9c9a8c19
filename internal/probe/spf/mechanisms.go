package spf

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"triage/internal/probe"
)

// match evaluates one mechanism. stop is non-nil when evaluation must end
// with an error result instead of moving on.
func (e *eval) match(ctx context.Context, m Mechanism, domain string, depth int) (matched bool, stop *outcome) {
	switch m.Kind {
	case All:
		return true, nil
	case IP4, IP6:
		return m.Net.Contains(e.ip), nil
	}
	if stop := e.countLookup(m.Text); stop != nil {
		return false, stop
	}
	target, ok := domain, true
	if m.Domain != nil {
		target, ok = e.targetName(ctx, m.Domain, domain)
	}
	switch m.Kind {
	case Include:
		return e.include(ctx, m, domain, target, ok, depth)
	case A:
		if !ok {
			return false, e.countVoid(m.Text) // a name that cannot exist
		}
		addrs, err := e.addrs(ctx, target)
		if stop := e.lookupFailed(m.Text, err); stop != nil || err != nil {
			return false, stop
		}
		return e.anyInPrefix(addrs, m), nil
	case MX:
		if !ok {
			return false, e.countVoid(m.Text)
		}
		return e.mx(ctx, m, target)
	case PTR:
		if !ok {
			return false, nil // no real name can end in a target that is not a name
		}
		return e.ptr(ctx, m, target)
	case Exists:
		if !ok {
			return false, e.countVoid(m.Text)
		}
		// Always an A query, even for an IPv6 client (RFC 7208 §5.7).
		_, err := e.res.LookupA(ctx, target)
		if stop := e.lookupFailed(m.Text, err); stop != nil || err != nil {
			return false, stop
		}
		return true, nil
	}
	return false, errOutcome(PermError, "unknown mechanism %q", m.Text)
}

// lookupFailed turns a lookup error into its consequence: a temporary
// failure ends the check with temperror; an empty answer is a void lookup.
func (e *eval) lookupFailed(term string, err error) *outcome {
	switch {
	case err == nil:
		return nil
	case probe.IsTemporary(err):
		return errOutcome(TempError, "%q: %v", term, err)
	default:
		return e.countVoid(term)
	}
}

// include maps the included policy's result onto a match (RFC 7208 §5.2).
func (e *eval) include(ctx context.Context, m Mechanism, domain, target string, ok bool, depth int) (bool, *outcome) {
	if !ok {
		return false, errOutcome(PermError, "%q does not expand to a usable domain name", m.Text)
	}
	out := e.checkHost(ctx, target, depth+1)
	switch out.result {
	case Pass:
		return true, nil
	case Fail, SoftFail, Neutral:
		return false, nil
	}
	res := PermError // permerror, or none: including a domain without a policy is an error
	if out.result == TempError {
		res = TempError
	}
	reason := out.reason
	if !out.traced {
		reason = fmt.Sprintf("%s (reached through %q in the policy of %s)", reason, m.Text, domain)
	}
	return false, &outcome{result: res, reason: reason, traced: true}
}

// addrs looks up the addresses of name in the client's address family.
func (e *eval) addrs(ctx context.Context, name string) ([]netip.Addr, error) {
	if e.ip.Is4() {
		return e.res.LookupA(ctx, name)
	}
	return e.res.LookupAAAA(ctx, name)
}

func (e *eval) anyInPrefix(addrs []netip.Addr, m Mechanism) bool {
	bits := m.CIDR6
	if e.ip.Is4() {
		bits = m.CIDR4
	}
	for _, a := range addrs {
		if p, err := a.Prefix(bits); err == nil && p.Contains(e.ip) {
			return true
		}
	}
	return false
}

// mx matches the addresses of the target's mail exchangers. More than 10
// MX names is a permerror (RFC 7208 §4.6.4); a null MX has no address.
func (e *eval) mx(ctx context.Context, m Mechanism, target string) (bool, *outcome) {
	mxs, err := e.res.LookupMX(ctx, target)
	if stop := e.lookupFailed(m.Text, err); stop != nil || err != nil {
		return false, stop
	}
	if len(mxs) > maxNames {
		return false, errOutcome(PermError, "%q: %s has %d MX records; SPF looks at no more than %d", m.Text, target, len(mxs), maxNames)
	}
	for _, mx := range mxs {
		if mx.Host == "." || mx.Host == "" {
			continue
		}
		addrs, err := e.addrs(ctx, mx.Host)
		if probe.IsTemporary(err) {
			return false, errOutcome(TempError, "%q: addresses of %s: %v", m.Text, mx.Host, err)
		}
		if e.anyInPrefix(addrs, m) {
			return true, nil
		}
	}
	return false, nil
}

// ptr matches when a validated name of the client (§5.5) is the target or
// under it. A failed PTR lookup is a no-match, not an error: the sender
// controls neither the reverse zone nor its servers.
func (e *eval) ptr(ctx context.Context, m Mechanism, target string) (bool, *outcome) {
	names, err := e.res.LookupPTR(ctx, e.ip)
	if probe.IsTemporary(err) {
		return false, nil
	}
	if err != nil {
		return false, e.countVoid(m.Text)
	}
	for _, n := range names[:min(len(names), maxNames)] {
		if underDomain(n, target) && e.validates(ctx, n) {
			return true, nil
		}
	}
	return false, nil
}

// validates reports whether name resolves back to the client address. Any
// lookup error just means "not validated" (RFC 7208 §5.5).
func (e *eval) validates(ctx context.Context, name string) bool {
	addrs, err := e.addrs(ctx, name)
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if a == e.ip {
			return true
		}
	}
	return false
}

// validatedName is the %{p} macro: a validated name of the client,
// preferring the domain itself, then a name under it, then any; "unknown"
// when there is none.
func (e *eval) validatedName(ctx context.Context, domain string) string {
	names, err := e.res.LookupPTR(ctx, e.ip)
	if err != nil {
		return "unknown"
	}
	var under, other string
	for _, n := range names[:min(len(names), maxNames)] {
		if !e.validates(ctx, n) {
			continue
		}
		switch {
		case strings.EqualFold(n, domain):
			return n
		case under == "" && underDomain(n, domain):
			under = n
		case other == "":
			other = n
		}
	}
	switch {
	case under != "":
		return under
	case other != "":
		return other
	}
	return "unknown"
}

// underDomain reports whether name is domain or a subdomain of it, ignoring
// case and trailing dots.
func underDomain(name, domain string) bool {
	name, domain = probe.Normalize(name), probe.Normalize(domain)
	return name == domain || strings.HasSuffix(name, "."+domain)
}
