package scan

import (
	"context"
	"fmt"
	"strings"

	"triage/internal/probe"
	"triage/internal/probe/dmarc"
)

// DNSSECResult says whether a domain's DNS answers are signed.
type DNSSECResult struct {
	Checked bool   `json:"checked"`
	Zone    string `json:"zone,omitempty"` // where the DS was looked for
	// Signed is true when the parent publishes a DS record for the zone.
	Signed bool       `json:"signed"`
	DS     []probe.DS `json:"ds,omitempty"`
	// Validated is the resolver's AD bit on the DS answer: true when it
	// checked the signatures. False says only that this resolver does not
	// validate (or the chain is broken); nil when not signed.
	Validated *bool  `json:"validated,omitempty"`
	Error     string `json:"error,omitempty"`
}

// checkDNSSEC looks for the DS record of the domain, and of its
// organisational domain when the domain is a name inside a zone.
func checkDNSSEC(ctx context.Context, r probe.Resolver, domain string) DNSSECResult {
	sr, ok := r.(probe.SecurityResolver)
	if !ok {
		return DNSSECResult{Error: "the resolver in use cannot ask for DS records"}
	}
	zones := []string{domain}
	if org := dmarc.OrgDomain(domain); org != domain {
		zones = append(zones, org)
	}
	var res DNSSECResult
	for _, z := range zones {
		ds, ad, err := sr.LookupDS(ctx, z)
		switch {
		case probe.IsVoid(err):
			res.Checked, res.Zone = true, zones[0]
			continue
		case err != nil:
			return DNSSECResult{Zone: z, Error: err.Error()}
		}
		return DNSSECResult{Checked: true, Zone: z, Signed: true, DS: ds, Validated: &ad}
	}
	return res
}

func (d DNSSECResult) problems(domain string) []probe.Problem {
	var ps []probe.Problem
	add := adder(&ps)
	switch {
	case !d.Checked:
		add("dnssec.not_checked", probe.Info, "DNSSEC of %s was not checked: %s.", domain, d.Error)
	case !d.Signed:
		add("dnssec.unsigned", probe.Info, "%s does not use DNSSEC, so answers about it (where its mail and website are) can be forged on the way to a visitor. Ask your DNS host or registrar to turn DNSSEC on.", domain)
	case d.Validated != nil && !*d.Validated:
		add("dnssec.not_validated", probe.Info, "%s publishes DNSSEC keys (a DS record), but the resolver used for the scan did not confirm the signatures; use a validating resolver to be sure they are correct.", domain)
	}
	return ps
}

// CAAResult lists which certificate authorities may issue certificates
// for a domain (RFC 8659).
type CAAResult struct {
	Checked bool        `json:"checked"`
	FoundAt string      `json:"found_at,omitempty"` // the name holding the records
	Records []probe.CAA `json:"records,omitempty"`
	Issuers []string    `json:"issuers,omitempty"` // issue values
	Error   string      `json:"error,omitempty"`
}

// checkCAA finds the relevant CAA records: at the domain, else at each
// parent up to the organisational domain (RFC 8659 §3; public suffixes
// above it publish none).
func checkCAA(ctx context.Context, r probe.Resolver, domain string) CAAResult {
	sr, ok := r.(probe.SecurityResolver)
	if !ok {
		return CAAResult{Error: "the resolver in use cannot ask for CAA records"}
	}
	org := dmarc.OrgDomain(domain)
	for name := domain; ; {
		recs, err := sr.LookupCAA(ctx, name)
		switch {
		case err == nil:
			res := CAAResult{Checked: true, FoundAt: name, Records: recs}
			for _, c := range recs {
				if c.Tag == "issue" {
					res.Issuers = append(res.Issuers, strings.TrimSpace(strings.SplitN(c.Value, ";", 2)[0]))
				}
			}
			return res
		case !probe.IsVoid(err):
			return CAAResult{Error: err.Error()}
		}
		if name == org || !strings.Contains(name, ".") {
			return CAAResult{Checked: true}
		}
		name = name[strings.IndexByte(name, '.')+1:]
	}
}

func (c CAAResult) problems(domain string) []probe.Problem {
	var ps []probe.Problem
	add := adder(&ps)
	switch {
	case !c.Checked:
		add("caa.not_checked", probe.Info, "CAA of %s was not checked: %s.", domain, c.Error)
	case len(c.Records) == 0:
		add("caa.missing", probe.Info, "%s has no CAA record, so any certificate authority may issue certificates for it. Publish one naming the authority you use (for example 0 issue \"letsencrypt.org\").", domain)
	case len(c.Issuers) == 0:
		add("caa.no_issue", probe.Info, "The CAA records of %s have no issue tag, so they do not limit who may issue certificates.", domain)
	}
	return ps
}

func (c CAAResult) summary() string {
	if len(c.Issuers) == 0 {
		return ""
	}
	for _, i := range c.Issuers {
		if i == "" {
			return fmt.Sprintf("CAA at %s forbids every certificate authority from issuing.", c.FoundAt)
		}
	}
	return fmt.Sprintf("CAA at %s allows only %s to issue certificates.", c.FoundAt, strings.Join(c.Issuers, ", "))
}
