package dnsx

import (
	"context"
	"strings"

	"github.com/miekg/dns"

	"triage/internal/probe"
)

// LookupCAA implements probe.SecurityResolver.
func (c *Client) LookupCAA(ctx context.Context, name string) ([]probe.CAA, error) {
	rrs, _, err := c.ask(ctx, name, dns.TypeCAA, true)
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
	rrs, ad, err := c.ask(ctx, name, dns.TypeDS, true)
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
