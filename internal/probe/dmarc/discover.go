package dmarc

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/net/publicsuffix"

	"triage/internal/probe"
)

// Where a policy was found.
const (
	AtDomain    = "domain"         // _dmarc.<the domain itself>
	AtOrgDomain = "organisational" // _dmarc.<its organisational domain>
)

// Result is what the audit records about the DMARC policy of a domain.
type Result struct {
	Domain    string `json:"domain"`
	OrgDomain string `json:"org_domain"`
	// Checked is false when DNS failed temporarily: the control is "not
	// checked", never passed or failed.
	Checked bool `json:"checked"`
	// FoundAt is AtDomain, AtOrgDomain, or "" when no DMARC record exists;
	// Name is the DNS name it was found at.
	FoundAt string `json:"found_at,omitempty"`
	Name    string `json:"name,omitempty"`
	// Records lists the DMARC records at Name; more than one means none
	// of them is used (RFC 7489 §6.6.3).
	Records []string `json:"records,omitempty"`
	Record  *Record  `json:"record,omitempty"` // parsed, when there is exactly one
	// Valid is true when receivers apply a DMARC policy to the domain.
	Valid bool `json:"valid"`
	// Policy and SubdomainPolicy are p= and the policy for subdomains
	// (sp=, else p=) of the record found.
	Policy          Policy `json:"policy,omitempty"`
	SubdomainPolicy Policy `json:"subdomain_policy,omitempty"`
	// Effective is the policy for mail from Domain itself: Policy when the
	// record is the domain's own, SubdomainPolicy when it was inherited.
	Effective Policy          `json:"effective,omitempty"`
	Percent   int             `json:"pct"`
	HasRUA    bool            `json:"has_rua"`
	Problems  []probe.Problem `json:"problems"`
}

// Discover finds and judges the DMARC policy that applies to mail from
// domain (RFC 7489 §6.6.3): the record at _dmarc.<domain>, or when there
// is none, the one at _dmarc.<organisational domain>.
func Discover(ctx context.Context, r probe.Resolver, domain string) Result {
	d := probe.Normalize(domain)
	res := Result{Domain: d, OrgDomain: OrgDomain(d), Percent: defaultPercent}
	add := func(code string, level probe.Level, format string, args ...any) {
		res.Problems = append(res.Problems, probe.Problem{Code: code, Level: level, Text: fmt.Sprintf(format, args...)})
	}

	records, err := fetch(ctx, r, "_dmarc."+d, add)
	res.FoundAt, res.Name = AtDomain, "_dmarc."+d
	if err == nil && len(records) == 0 && res.OrgDomain != d {
		records, err = fetch(ctx, r, "_dmarc."+res.OrgDomain, add)
		res.FoundAt, res.Name = AtOrgDomain, "_dmarc."+res.OrgDomain
	}
	if err != nil {
		res.FoundAt, res.Name = "", ""
		add("dmarc.dns_error", probe.Warning, "The DMARC record of %s could not be read because DNS failed (%v). It was not checked; try again later.", d, err)
		return res
	}
	res.Checked = true
	res.Records = records
	switch len(records) {
	case 0:
		res.FoundAt, res.Name = "", ""
		add("dmarc.missing", probe.Error, "%s has no DMARC record, so receivers are not told to reject mail that forges it. Publish a TXT record at _dmarc.%s such as \"v=DMARC1; p=reject; rua=mailto:dmarc-reports@%s\".", d, d, res.OrgDomain)
		return res
	case 1:
	default:
		add("dmarc.multiple", probe.Error, "%s has %d DMARC records. Receivers then apply no DMARC at all. Keep exactly one.", res.Name, len(records))
		return res
	}
	rec, _ := Parse(records[0]) // fetch kept only records Parse accepts
	res.Record = rec
	res.Problems = append(res.Problems, rec.Problems...)
	if !rec.Valid {
		return res
	}
	res.Valid = true
	res.Policy, res.SubdomainPolicy = rec.Policy, rec.ForSubdomains()
	res.Effective = res.Policy
	if res.FoundAt == AtOrgDomain {
		res.Effective = res.SubdomainPolicy
		add("dmarc.inherited", probe.Info, "%s has no DMARC record of its own; the record of %s applies to it (policy %s).", d, res.OrgDomain, res.Effective)
	}
	res.Percent = rec.Percent
	res.HasRUA = len(rec.RUA) > 0
	judge(&res, add)
	return res
}

// judge adds the problems of a valid policy: how strict it is, whether it
// covers all mail and subdomains, and whether anyone reads the reports.
func judge(res *Result, add func(string, probe.Level, string, ...any)) {
	switch res.Effective {
	case PolicyNone:
		add("dmarc.policy_none", probe.Error, "The DMARC policy for %s is p=none: receivers only report forged mail and still deliver it. Move to p=quarantine, then p=reject, once the reports show all real mail passes.", res.Domain)
	case Quarantine:
		add("dmarc.policy_quarantine", probe.Warning, "The DMARC policy for %s is quarantine: forged mail goes to the junk folder, where staff may still open it. Move to p=reject.", res.Domain)
	}
	if res.Percent < 100 && res.Effective != PolicyNone {
		add("dmarc.pct", probe.Warning, "pct=%d applies the policy to only %d%% of failing mail; the rest is handled as if the policy were one step weaker. Remove pct= or set it to 100.", res.Percent, res.Percent)
	}
	if res.FoundAt == AtDomain && res.SubdomainPolicy.strength() < res.Policy.strength() {
		add("dmarc.sp_weaker", probe.Warning, "sp=%s is weaker than p=%s, so mail forging subdomains (such as billing.%s) is not stopped. Remove sp= or make it as strict as p=.", res.SubdomainPolicy, res.Policy, res.Domain)
	}
	if !res.HasRUA {
		add("dmarc.no_rua", probe.Warning, "The DMARC record has no report address (rua=), so nobody sees who sends mail as %s or whether real mail fails. Add rua=mailto:<an address you read or your provider's>.", res.Domain)
	}
}

// fetch returns the DMARC records at name. A name without records is not
// an error; a temporary failure is. TXT records there that look like a
// failed attempt at DMARC are reported, since receivers ignore them.
func fetch(ctx context.Context, r probe.Resolver, name string, add func(string, probe.Level, string, ...any)) ([]string, error) {
	txts, err := r.LookupTXT(ctx, name)
	if probe.IsTemporary(err) {
		return nil, err
	}
	var out []string
	for _, t := range txts {
		if IsDMARC(t) {
			out = append(out, t)
			continue
		}
		if looksLikeDMARC(t) {
			add("dmarc.not_dmarc", probe.Error, "The TXT record %q at %s looks like DMARC but does not begin with \"v=DMARC1\" exactly, so receivers ignore it.", t, name)
		}
	}
	return out, nil
}

func looksLikeDMARC(t string) bool {
	l := strings.ToLower(t)
	return strings.Contains(l, "dmarc") || strings.Contains(l, "p=")
}

// OrgDomain returns the organisational domain of d (RFC 7489 §3.2): the
// public suffix plus one label, e.g. "clinic.com.au" for
// "mail.clinic.com.au". A public suffix itself, or a name the list cannot
// place, is its own organisational domain.
func OrgDomain(d string) string {
	d = probe.Normalize(d)
	org, err := publicsuffix.EffectiveTLDPlusOne(d)
	if err != nil {
		return d
	}
	return org
}
