package dnsx

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/miekg/dns"

	"triage/internal/probe"
)

// This file gives Zone what the external scan needs beyond the five record
// types of probe.Resolver: CAA and DS records, answers marked as validated
// (the AD bit of a DNSSEC-validating resolver), and names that fail with a
// chosen response code such as SERVFAIL or REFUSED.

// AddCAA adds a CAA record; tag is stored in lower case.
func (z *Zone) AddCAA(name string, flag uint8, tag, value string) {
	n := z.node(name)
	n.caa = append(n.caa, probe.CAA{Flag: flag, Tag: strings.ToLower(tag), Value: value})
}

// AddDS adds a DS record, as the parent zone of name would publish it.
func (z *Zone) AddDS(name string, ds probe.DS) {
	n := z.node(name)
	ds.Digest = strings.ToLower(ds.Digest)
	n.ds = append(n.ds, ds)
}

// SetValidated makes answers for name and every name under it carry the
// AD bit, as a validating resolver does for a signed zone.
func (z *Zone) SetValidated(name string) { z.node(name).validated = true }

// SetRcode makes every query for name fail with rcode (dns.RcodeServerFailure,
// dns.RcodeRefused, ...), whatever records the name has.
func (z *Zone) SetRcode(name string, rcode int) { z.node(name).rcode = rcode }

// LookupCAA implements probe.SecurityResolver.
func (z *Zone) LookupCAA(ctx context.Context, name string) ([]probe.CAA, error) {
	n, _, err := z.resolve(ctx, "CAA", name, func(n *node) bool { return len(n.caa) > 0 })
	if err != nil {
		return nil, err
	}
	return slices.Clone(n.caa), nil
}

// LookupDS implements probe.SecurityResolver.
func (z *Zone) LookupDS(ctx context.Context, name string) ([]probe.DS, bool, error) {
	n, _, err := z.resolve(ctx, "DS", name, func(n *node) bool { return len(n.ds) > 0 })
	if err != nil {
		return nil, false, err
	}
	return slices.Clone(n.ds), z.isValidated(name), nil
}

// isValidated reports whether name is at or under a name marked with
// SetValidated.
func (z *Zone) isValidated(name string) bool {
	name = probe.Normalize(name)
	for {
		if n := z.names[name]; n != nil && n.validated {
			return true
		}
		i := strings.IndexByte(name, '.')
		if i < 0 {
			return false
		}
		name = name[i+1:]
	}
}

// secRecords renders a node's CAA or DS records.
func secRecords(owner string, qtype uint16, n *node) []dns.RR {
	var out []dns.RR
	switch qtype {
	case dns.TypeCAA:
		for _, c := range n.caa {
			out = append(out, &dns.CAA{Hdr: hdr(owner, qtype), Flag: c.Flag, Tag: c.Tag, Value: c.Value})
		}
	case dns.TypeDS:
		for _, d := range n.ds {
			out = append(out, &dns.DS{Hdr: hdr(owner, qtype), KeyTag: d.KeyTag, Algorithm: d.Algorithm, DigestType: d.DigestType, Digest: strings.ToUpper(d.Digest)})
		}
	}
	return out
}

// rcodeDetail is the LookupError detail of a name set with SetRcode: the
// code's name, as Client reports it.
func rcodeDetail(rcode int) string { return dns.RcodeToString[rcode] }

// zoneRcode returns the response code a failure stands for, or 0 when it
// is not one set with SetRcode.
func zoneRcode(err error) int {
	var le *probe.LookupError
	if !errors.As(err, &le) {
		return 0
	}
	if rc, ok := dns.StringToRcode[le.Detail]; ok && rc != dns.RcodeSuccess {
		return rc
	}
	return 0
}

// dnssecOK reports whether a query set the DO bit.
func dnssecOK(req *dns.Msg) bool {
	opt := req.IsEdns0()
	return opt != nil && opt.Do()
}

var _ probe.SecurityResolver = (*Zone)(nil)
