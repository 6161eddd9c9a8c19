package scan

import (
	"net"
	"sort"
	"strconv"
	"strings"

	"triage/internal/audit"
	"triage/internal/probe"
	"triage/internal/probe/dmarc"
	"triage/internal/probe/httpprobe"
	"triage/internal/probe/tlsprobe"
)

// Facts turns the report into audit facts, in a fixed order: one
// email_domain per domain, the TLS endpoints, the open services of each
// address, then the gaps.
func (r *Report) Facts() []audit.Fact {
	at := r.Started
	src := func(path string) audit.Source { return audit.Source{Path: path, CollectedAt: &at} }
	var out []audit.Fact
	for _, d := range r.Domains {
		out = append(out, audit.Fact{Kind: audit.FactEmailDomain, Source: src("dns:" + d.Domain), EmailDomain: d.emailFact()})
	}
	for _, d := range r.Domains {
		for _, w := range d.Web {
			if f := tlsFact(w.TLS, w.Site); f != nil {
				out = append(out, audit.Fact{Kind: audit.FactTLS, Source: src("tls:" + w.Host), TLS: f})
			}
		}
		if f := tlsFact(d.MTASTSHost, nil); f != nil {
			out = append(out, audit.Fact{Kind: audit.FactTLS, Source: src("tls:" + d.MTASTSHost.Host), TLS: f})
		}
	}
	for _, h := range r.Hosts {
		for _, s := range h.Services {
			if f := tlsFact(s.TLS, nil); f != nil {
				out = append(out, audit.Fact{Kind: audit.FactTLS, Source: src("tls:" + s.TLS.Addr), TLS: f})
			}
		}
	}
	for _, h := range r.Hosts {
		for _, s := range h.Services {
			out = append(out, audit.Fact{Kind: audit.FactService, Source: src(s.Port.Port.Proto + ":" + net.JoinHostPort(h.Addr.String(), strconv.Itoa(s.Port.Port.Number))), Service: s.serviceFact(h)})
		}
	}
	for _, h := range r.Hosts {
		out = append(out, audit.Fact{Kind: audit.FactScan, Source: src("scan:" + h.Addr.String()), Scan: h.scanFact()})
	}
	for _, g := range r.Gaps {
		out = append(out, audit.Fact{Kind: audit.FactGap, Source: src("scan"), Gap: &audit.Gap{Topic: g.Topic, Reason: g.Reason}})
	}
	return out
}

// scanFact records which ports of the host were checked, so that a scan
// that found nothing dangerous open counts as a pass, not as no scan.
func (h *HostReport) scanFact() *audit.Scan {
	s := &audit.Scan{Host: h.Addr.String(), Open: len(h.Services), Error: h.Unreachable}
	seen := map[int]bool{}
	for _, p := range h.Ports {
		if n := p.Port.Number; !seen[n] {
			seen[n] = true
			s.Ports = append(s.Ports, n)
		}
	}
	sort.Ints(s.Ports)
	return s
}

// emailFact is the email_domain fact. When Error is set only the domain
// and the error are given: the rest is unknown.
func (d *DomainReport) emailFact() *audit.EmailDomain {
	e := &audit.EmailDomain{Domain: d.Domain, Error: d.Error}
	if d.Error != "" {
		return e
	}
	e.MX = hosts(d.MX)
	if len(e.MX) > 0 {
		e.MXFiltered = d.MXFiltered
	}
	e.SPFRecords = len(d.SPF.Records)
	e.SPFAll = d.SPF.All
	e.SPFLookups = d.SPF.Lookups
	e.SPFError = spfError(d.SPF.Problems)
	e.DMARCRecords = len(d.DMARC.Records)
	if e.DMARCRecords == 1 && !d.DMARC.Valid {
		// Receivers ignore a record with no usable policy, exactly as if
		// there were none; the fact has no field to say "present but
		// unusable", so it counts as none.
		e.DMARCRecords = 0
	}
	if d.DMARC.Valid {
		e.DMARCPolicy = string(d.DMARC.Effective)
		if d.DMARC.FoundAt == dmarc.AtDomain {
			e.DMARCSubPolicy = string(d.DMARC.SubdomainPolicy)
		}
		e.DMARCPct = d.DMARC.Percent
		e.DMARCRua = d.DMARC.HasRUA
	}
	e.DKIMChecked = d.DKIM.Checked
	e.DKIMSelectors = d.DKIM.Usable()
	e.DKIMShortKeys = d.DKIM.ShortKeys()
	return e
}

// spfBroken are the problems that make receivers treat SPF as a permanent
// error.
var spfBroken = map[string]bool{"spf.syntax": true, "spf.include_broken": true, "spf.loop": true, "spf.mx_too_many": true}

// spfError is the permerror text of the first problem that breaks SPF.
func spfError(ps []probe.Problem) string {
	for _, p := range ps {
		if spfBroken[p.Code] || p.Code == "spf.void_lookups" && p.Level == probe.Error {
			return "permerror: " + firstSentence(p.Text)
		}
	}
	return ""
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i]
	}
	return strings.TrimSuffix(s, ".")
}

// tlsFact is the tls fact of one endpoint, or nil when nothing listened.
func tlsFact(t *tlsprobe.Result, site *httpprobe.WebResult) *audit.TLS {
	if t == nil || !t.Connected {
		return nil
	}
	f := &audit.TLS{Host: t.Host, Port: t.Port, Versions: t.Versions, HostnameMatch: t.HostnameMatch, ChainValid: t.ChainValid, KeyBits: t.KeyBits, Error: t.Error}
	if !t.NotAfter.IsZero() {
		na := t.NotAfter.UTC()
		f.NotAfter = &na
	}
	if site != nil && site.HTTPS {
		f.HSTS = site.HSTS
	}
	return f
}

func (s *ServiceReport) serviceFact(h *HostReport) *audit.Service {
	f := &audit.Service{Host: h.Addr.String(), Port: s.Port.Port.Number, Proto: s.Port.Port.Proto, Name: s.Name, Product: s.Port.Product, Version: s.Port.Version, KEV: s.KEV,
		// The KEV catalogue names products, not affected versions.
		KEVByProduct: len(s.KEV) > 0}
	if w := s.Web; w != nil {
		f.Admin, f.Remote = w.Admin, w.Remote
		switch {
		case w.Product != "":
			f.Product, f.Version = w.Product, w.Version
		case w.Server != "":
			f.Product, f.Version = serverProduct(w.Server)
		}
	}
	return f
}

// serverProduct splits a Server header such as "Microsoft-IIS/10.0".
func serverProduct(server string) (string, string) {
	fields := strings.Fields(server)
	if len(fields) == 0 {
		return "", ""
	}
	first := fields[0]
	if p, v, ok := strings.Cut(first, "/"); ok {
		return p, v
	}
	return first, ""
}
