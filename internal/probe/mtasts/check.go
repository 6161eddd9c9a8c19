package mtasts

import (
	"context"
	"fmt"
	"mime"
	"strings"

	"triage/internal/probe"
)

// Getter fetches url without following redirects and returns the HTTP
// status, the Content-Type and the body (at most 64 KiB). An error means
// no response: DNS, connection, timeout, or a certificate senders would
// refuse.
type Getter func(ctx context.Context, url string) (status int, contentType string, body []byte, err error)

// Result is what the audit records about a domain's MTA-STS.
type Result struct {
	Domain string `json:"domain"`
	// Checked is false when DNS failed temporarily.
	Checked     bool    `json:"checked"`
	Present     bool    `json:"present"` // a v=STSv1 record exists
	Record      *Record `json:"record,omitempty"`
	RecordError string  `json:"record_error,omitempty"`
	PolicyURL   string  `json:"policy_url,omitempty"`
	Policy      *Policy `json:"policy,omitempty"`
	PolicyError string  `json:"policy_error,omitempty"`
	// Enforced is true when the record and policy are valid, the mode is
	// enforce and every MX host is allowed.
	Enforced bool            `json:"enforced"`
	Problems []probe.Problem `json:"problems"`
}

// PolicyURL is where the policy of domain is published.
func PolicyURL(domain string) string {
	return "https://mta-sts." + probe.Normalize(domain) + "/.well-known/mta-sts.txt"
}

// Check reads the MTA-STS record of domain and, when there is one, fetches
// and judges the policy against the domain's MX hosts.
func Check(ctx context.Context, r probe.Resolver, get Getter, domain string, mxHosts []string) Result {
	domain = probe.Normalize(domain)
	res := Result{Domain: domain}
	add := adder(&res.Problems)
	recs, err := records(ctx, r, "_mta-sts."+domain, IsRecord)
	if err != nil {
		add("mta_sts.dns_error", probe.Warning, "The MTA-STS record of %s could not be read because DNS failed (%v). It was not checked.", domain, err)
		return res
	}
	res.Checked = true
	switch len(recs) {
	case 0:
		add("mta_sts.missing", probe.Info, "%s has no MTA-STS policy, so a server sending you mail cannot insist on an encrypted connection and an attacker on the path can read or divert it. Publish a _mta-sts TXT record and a policy file (your mail provider documents both).", domain)
		return res
	case 1:
	default:
		add("mta_sts.multiple", probe.Error, "%s has %d MTA-STS records at _mta-sts.%s; sending servers then ignore MTA-STS. Keep exactly one.", domain, len(recs), domain)
		res.Present = true
		return res
	}
	res.Present = true
	rec, err := ParseRecord(recs[0])
	if err != nil {
		res.RecordError = err.Error()
		add("mta_sts.bad_record", probe.Error, "The MTA-STS record of %s is broken (%v), so sending servers ignore MTA-STS. Publish \"v=STSv1; id=<a new number>\".", domain, err)
		return res
	}
	res.Record = rec
	res.PolicyURL = PolicyURL(domain)
	var ctype string
	res.Policy, ctype, res.PolicyError = fetchPolicy(ctx, get, res.PolicyURL)
	if res.PolicyError != "" {
		add("mta_sts.policy_unreadable", probe.Error, "The MTA-STS record of %s promises a policy at %s, but %s. Sending servers then act as if there were no MTA-STS. Serve the policy file over HTTPS with a valid certificate for mta-sts.%s.", domain, res.PolicyURL, res.PolicyError, domain)
		return res
	}
	if mt, _, err := mime.ParseMediaType(ctype); err != nil || mt != "text/plain" {
		// RFC 8461 §3.2 requires text/plain, and some senders check it.
		add("mta_sts.content_type", probe.Warning, "The MTA-STS policy of %s is served as %q instead of text/plain; some sending servers then ignore it.", domain, ctype)
	}
	judgePolicy(&res, mxHosts, add)
	return res
}

// fetchPolicy gets and parses the policy and returns its Content-Type, or
// a plain reason why senders would not use it.
func fetchPolicy(ctx context.Context, get Getter, url string) (*Policy, string, string) {
	if get == nil {
		return nil, "", "it was not fetched"
	}
	status, ctype, body, err := get(ctx, url)
	switch {
	case err != nil:
		return nil, "", "it could not be fetched (" + err.Error() + ")"
	case status >= 300 && status < 400:
		return nil, "", fmt.Sprintf("it answers with a redirect (HTTP %d), which senders must not follow", status)
	case status != 200:
		return nil, "", fmt.Sprintf("it answers HTTP %d instead of the policy", status)
	}
	p, err := ParsePolicy(string(body))
	if err != nil {
		return nil, "", "it is not a valid policy (" + err.Error() + ")"
	}
	return p, ctype, ""
}

func judgePolicy(res *Result, mxHosts []string, add func(string, probe.Level, string, ...any)) {
	p := res.Policy
	var unmatched []string
	for _, h := range mxHosts {
		if h != "." && !p.Matches(h) {
			unmatched = append(unmatched, h)
		}
	}
	switch p.Mode {
	case Testing:
		add("mta_sts.testing", probe.Warning, "The MTA-STS policy of %s is in testing mode: sending servers only report problems and still deliver over an unprotected connection. Switch to mode: enforce once the reports are clean.", res.Domain)
	case None:
		add("mta_sts.mode_none", probe.Warning, "The MTA-STS policy of %s has mode: none, which withdraws the protection.", res.Domain)
	}
	if len(unmatched) > 0 {
		level, effect := probe.Warning, "would be refused once the policy is enforced"
		if p.Mode == Enforce {
			level, effect = probe.Error, "is refused by servers that honour MTA-STS, so mail to you can bounce"
		}
		add("mta_sts.mx_mismatch", level, "The MTA-STS policy of %s does not list the mail server %s, so mail to it %s. Add an mx: line for it.", res.Domain, strings.Join(unmatched, ", "), effect)
	}
	if p.MaxAge < 86400 && p.Mode != None {
		add("mta_sts.short_max_age", probe.Warning, "The MTA-STS policy of %s may be cached for only %d seconds (max_age), so it protects little between fetches. Use at least a week (604800); RFC 8461 suggests weeks.", res.Domain, p.MaxAge)
	}
	res.Enforced = p.Mode == Enforce && len(unmatched) == 0
}

// TLSRPTResult is what the audit records about a domain's TLS reporting.
type TLSRPTResult struct {
	Domain   string          `json:"domain"`
	Checked  bool            `json:"checked"`
	Present  bool            `json:"present"`
	Record   *TLSRPT         `json:"record,omitempty"`
	Error    string          `json:"error,omitempty"` // why the record is unusable
	Problems []probe.Problem `json:"problems"`
}

// CheckTLSRPT reads the _smtp._tls record of domain.
func CheckTLSRPT(ctx context.Context, r probe.Resolver, domain string) TLSRPTResult {
	domain = probe.Normalize(domain)
	res := TLSRPTResult{Domain: domain}
	add := adder(&res.Problems)
	recs, err := records(ctx, r, "_smtp._tls."+domain, IsTLSRPT)
	if err != nil {
		add("tls_rpt.dns_error", probe.Warning, "The TLS reporting record of %s could not be read because DNS failed (%v). It was not checked.", domain, err)
		return res
	}
	res.Checked = true
	switch len(recs) {
	case 0:
		add("tls_rpt.missing", probe.Info, "%s has no TLS reporting record (_smtp._tls), so nobody hears when other servers cannot deliver to you securely. Publish \"v=TLSRPTv1; rua=mailto:<an address you read>\".", domain)
		return res
	case 1:
	default:
		res.Present = true
		res.Error = fmt.Sprintf("%d records", len(recs))
		add("tls_rpt.multiple", probe.Error, "%s has %d TLS reporting records; senders then send no reports. Keep exactly one.", domain, len(recs))
		return res
	}
	res.Present = true
	rec, err := ParseTLSRPT(recs[0])
	if err != nil {
		res.Error = err.Error()
		add("tls_rpt.bad_record", probe.Error, "The TLS reporting record of %s is broken (%v), so no reports are sent.", domain, err)
		return res
	}
	res.Record = rec
	return res
}

// records returns the TXT strings at name that is() accepts. No records
// is not an error; a temporary failure is.
func records(ctx context.Context, r probe.Resolver, name string, is func(string) bool) ([]string, error) {
	txts, err := r.LookupTXT(ctx, name)
	if probe.IsTemporary(err) {
		return nil, err
	}
	var out []string
	for _, t := range txts {
		if is(t) {
			out = append(out, t)
		}
	}
	return out, nil
}

func adder(ps *[]probe.Problem) func(string, probe.Level, string, ...any) {
	return func(code string, level probe.Level, format string, args ...any) {
		*ps = append(*ps, probe.Problem{Code: code, Level: level, Text: fmt.Sprintf(format, args...)})
	}
}
