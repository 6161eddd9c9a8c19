package dnsx

import (
	"context"
	"strings"

	"github.com/miekg/dns"

	"triage/internal/probe"
)

// ask is query for the security record types: it also returns whether the
// resolver set the AD bit, which it asks for (RFC 6840 §5.7) without
// setting DO, so answers stay small and carry no signatures.
func (c *Client) ask(ctx context.Context, name string, qtype uint16) ([]dns.RR, bool, error) {
	typ := dns.TypeToString[qtype]
	fail := func(kind error, detail string) ([]dns.RR, bool, error) {
		return nil, false, &probe.LookupError{Name: name, Type: typ, Kind: kind, Detail: detail}
	}
	if c.Server == "" {
		return fail(probe.ErrTemporary, "no DNS server configured")
	}
	if !probe.QueryableName(name) {
		return fail(probe.ErrNotFound, "not a valid DNS name")
	}
	msg := new(dns.Msg)
	msg.SetQuestion(dns.Fqdn(escapeName(strings.TrimSuffix(name, "."))), qtype)
	msg.SetEdns0(ednsSize, false)
	msg.AuthenticatedData = true

	resp, err := c.exchange(ctx, msg)
	if err != nil {
		return fail(probe.ErrTemporary, err.Error())
	}
	switch resp.Rcode {
	case dns.RcodeSuccess:
	case dns.RcodeNameError:
		return fail(probe.ErrNotFound, "")
	default:
		return fail(probe.ErrTemporary, dns.RcodeToString[resp.Rcode])
	}
	var out []dns.RR
	for _, rr := range resp.Answer {
		if rr.Header().Rrtype == qtype && rr.Header().Class == dns.ClassINET {
			out = append(out, rr)
		}
	}
	if len(out) == 0 {
		return fail(probe.ErrNoData, "")
	}
	return out, resp.AuthenticatedData, nil
}

// LookupCAA implements probe.SecurityResolver.
func (c *Client) LookupCAA(ctx context.Context, name string) ([]probe.CAA, error) {
	rrs, _, err := c.ask(ctx, name, dns.TypeCAA)
	if err != nil {
		return nil, err
	}
	out := make([]probe.CAA, 0, len(rrs))
	for _, rr := range rrs {
		caa := rr.(*dns.CAA)
		out = append(out, probe.CAA{Flag: caa.Flag, Tag: strings.ToLower(caa.Tag), Value: caa.Value})
	}
	return out, nil
}

// LookupDS implements probe.SecurityResolver.
func (c *Client) LookupDS(ctx context.Context, name string) ([]probe.DS, bool, error) {
	rrs, ad, err := c.ask(ctx, name, dns.TypeDS)
	if err != nil {
		return nil, false, err
	}
	out := make([]probe.DS, 0, len(rrs))
	for _, rr := range rrs {
		ds := rr.(*dns.DS)
		out = append(out, probe.DS{KeyTag: ds.KeyTag, Algorithm: ds.Algorithm, DigestType: ds.DigestType, Digest: strings.ToLower(ds.Digest)})
	}
	return out, ad, nil
}

var _ probe.SecurityResolver = (*Client)(nil)
