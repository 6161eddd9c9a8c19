package scan

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"triage/internal/probe"
	"triage/internal/probe/dkim"
	"triage/internal/probe/dmarc"
	"triage/internal/probe/httpprobe"
	"triage/internal/probe/mtasts"
	"triage/internal/probe/spf"
)

// domain runs the DNS checks of one domain, then looks at its websites.
func (s *scanner) domain(ctx context.Context, dr *DomainReport) {
	start := time.Now()
	r := s.cfg.Resolver
	var mxErr error
	parallel(
		func() {
			dr.MX, mxErr = lookupMX(ctx, r, dr.Domain)
			// MTA-STS is judged against the MX hosts, so it waits for them.
			dr.MTASTS = mtasts.Check(ctx, r, s.policyGetter(dr.Domain), dr.Domain, hosts(dr.MX))
		},
		func() { dr.SPF = spf.Analyze(ctx, r, dr.Domain) },
		func() { dr.DMARC = dmarc.Discover(ctx, r, dr.Domain) },
		func() { dr.DKIM = dkim.Check(ctx, r, dr.Domain, s.cfg.selectors()) },
		func() { dr.TLSRPT = mtasts.CheckTLSRPT(ctx, r, dr.Domain) },
		func() { dr.DNSSEC = checkDNSSEC(ctx, r, dr.Domain) },
		func() { dr.CAA = checkCAA(ctx, r, dr.Domain) },
	)
	s.judgeMX(dr, mxErr)
	dr.Problems = append(dr.Problems, dr.DNSSEC.problems(dr.Domain)...)
	dr.Problems = append(dr.Problems, dr.CAA.problems(dr.Domain)...)
	if errors.Is(mxErr, probe.ErrNotFound) {
		dr.Error = dr.Domain + " does not exist in DNS (no such domain); check the spelling"
	} else if why := unreadable(dr); why != "" {
		dr.Error = why
	}
	s.domainGaps(dr)
	s.step("dns", dr.Domain, start, dr.Error)
	if !errors.Is(mxErr, probe.ErrNotFound) {
		s.websites(ctx, dr)
	}
}

// lookupMX returns the MX records in preference order.
func lookupMX(ctx context.Context, r probe.Resolver, domain string) ([]probe.MX, error) {
	mx, err := r.LookupMX(ctx, domain)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(mx, func(a, b probe.MX) int { return int(a.Pref) - int(b.Pref) })
	return mx, nil
}

// hosts lists the MX host names, without a null MX.
func hosts(mx []probe.MX) []string {
	var out []string
	for _, m := range mx {
		if m.Host != "." && m.Host != "" {
			out = append(out, probe.Normalize(m.Host))
		}
	}
	return out
}

// judgeMX decides whether mail passes a filtering service first. Every MX
// host must: a backup MX that goes straight to a server lets spammers skip
// the filter.
func (s *scanner) judgeMX(dr *DomainReport, err error) {
	add := adder(&dr.Problems)
	switch {
	case errors.Is(err, probe.ErrNotFound):
		return
	case err != nil && !probe.IsVoid(err):
		dr.MXError = err.Error()
		return
	case probe.IsVoid(err):
		add("mx.missing", probe.Warning, "%s has no MX record, so senders try to deliver mail to its web server's address. If the domain receives no mail, publish a \"null MX\" (MX 0 .) so senders stop trying; if it does, add the MX records your mail provider gives you.", dr.Domain)
		return
	}
	hs := hosts(dr.MX)
	if len(hs) == 0 {
		return // null MX: the domain accepts no mail
	}
	var direct []string
	for _, h := range hs {
		if f := filterOf(h); f != "" {
			if !slices.Contains(dr.MXFilters, f) {
				dr.MXFilters = append(dr.MXFilters, f)
			}
		} else {
			direct = append(direct, h)
		}
	}
	filtered := len(direct) == 0
	dr.MXFiltered = &filtered
	switch {
	case filtered:
	case len(dr.MXFilters) > 0:
		add("mx.bypass", probe.Warning, "Mail for %s can reach %s directly, without going through %s. Attackers send to the unfiltered server to avoid scanning. Remove the extra MX records or route them through the filter.", dr.Domain, strings.Join(direct, ", "), strings.Join(dr.MXFilters, ", "))
	default:
		add("mx.unfiltered", probe.Warning, "Mail for %s goes straight to %s, which is not a mail filtering service Triage recognises. Unless that server filters spam, phishing and malware itself, put a filtering service in front of it (Microsoft 365 and Google Workspace include one).", dr.Domain, strings.Join(direct, ", "))
	}
}

// unreadable says why the domain's SPF or DMARC could not be read, or "".
// Without both, the audit could mistake a DNS failure for a missing
// record, so the whole domain is then not checked.
func unreadable(dr *DomainReport) string {
	var parts []string
	if !dr.SPF.Checked || hasCode(dr.SPF.Problems, "spf.dns_error") {
		parts = append(parts, "SPF ("+dnsDetail(dr.SPF.Problems, "spf.dns_error")+")")
	}
	if !dr.DMARC.Checked {
		parts = append(parts, "DMARC ("+dnsDetail(dr.DMARC.Problems, "dmarc.dns_error")+")")
	}
	if len(parts) == 0 {
		return ""
	}
	return "DNS failed while reading " + strings.Join(parts, " and ") + "; try again later"
}

var lookupErrRE = regexp.MustCompile(`\((dns: [^()]*(?:\([^()]*\))?)\)`)

// dnsDetail pulls the lookup error out of a dns_error problem's text.
func dnsDetail(ps []probe.Problem, code string) string {
	for _, p := range ps {
		if p.Code != code {
			continue
		}
		if m := lookupErrRE.FindStringSubmatch(p.Text); m != nil {
			return m[1]
		}
		return "DNS failed"
	}
	return "DNS failed"
}

// domainGaps records the parts of the email checks that DNS failures left
// unknown while the domain as a whole could be read.
func (s *scanner) domainGaps(dr *DomainReport) {
	if dr.Error != "" {
		return // the fact itself says the domain was not checked
	}
	if dr.MXError != "" {
		s.gap("email", fmt.Sprintf("the MX records of %s could not be read (%s)", dr.Domain, dr.MXError))
	}
	if !dr.DKIM.Checked {
		s.gap("email", fmt.Sprintf("the DKIM keys of %s could not be read because DNS failed", dr.Domain))
	}
}

func hasCode(ps []probe.Problem, code string) bool {
	for _, p := range ps {
		if p.Code == code {
			return true
		}
	}
	return false
}

func adder(ps *[]probe.Problem) func(string, probe.Level, string, ...any) {
	return func(code string, level probe.Level, format string, args ...any) {
		*ps = append(*ps, probe.Problem{Code: code, Level: level, Text: fmt.Sprintf(format, args...)})
	}
}

// policyGetter fetches the MTA-STS policy the way sending servers do: from
// the address DNS gives mta-sts.<domain>, over HTTPS with a certificate
// that must be valid, without following redirects.
func (s *scanner) policyGetter(domain string) mtasts.Getter {
	return func(ctx context.Context, url string) (int, string, []byte, error) {
		host := "mta-sts." + domain
		addr, err := lookupAddr(ctx, s.cfg.Resolver, host)
		if err != nil {
			return 0, "", nil, fmt.Errorf("%s has no address (%v)", host, err)
		}
		t := httpprobe.Target{Addr: net.JoinHostPort(addr.String(), strconv.Itoa(s.cfg.HTTPSPort)), Host: host, TLS: true, Verify: true}
		p, err := s.web.Get(ctx, t, "/.well-known/mta-sts.txt")
		if err != nil {
			return 0, "", nil, err
		}
		return p.Status, p.Header.Get("Content-Type"), p.Body, nil
	}
}

// lookupAddr returns the first IPv4 address of host, else its first IPv6
// address.
func lookupAddr(ctx context.Context, r probe.Resolver, host string) (netip.Addr, error) {
	a, err := r.LookupA(ctx, host)
	if err == nil && len(a) > 0 {
		return a[0], nil
	}
	if probe.IsTemporary(err) {
		return netip.Addr{}, err
	}
	aaaa, err6 := r.LookupAAAA(ctx, host)
	if err6 == nil && len(aaaa) > 0 {
		return aaaa[0], nil
	}
	if probe.IsTemporary(err6) {
		return netip.Addr{}, err6
	}
	return netip.Addr{}, err
}
