package probe

import (
	"context"
	"net/netip"
)

// Resolver is the DNS as the probes see it. Implementations answer from a
// recursive resolver (dnsx.Client) or from memory (dnsx.Zone) so that every
// check can be tested without the network.
//
// Every method follows CNAME chains. An error is always one of the classes in
// errors.go: errors.Is(err, ErrNotFound) for NXDOMAIN (or a name that cannot
// be queried at all), errors.Is(err, ErrNoData) when the name exists but has
// no records of the type, and anything else is temporary (timeout, SERVFAIL,
// refused, cancelled). A successful call returns at least one record.
type Resolver interface {
	// LookupTXT returns one string per TXT record, with the record's
	// character-strings concatenated without separators (RFC 7208 §3.3).
	LookupTXT(ctx context.Context, name string) ([]string, error)
	// LookupA returns the IPv4 addresses of name.
	LookupA(ctx context.Context, name string) ([]netip.Addr, error)
	// LookupAAAA returns the IPv6 addresses of name.
	LookupAAAA(ctx context.Context, name string) ([]netip.Addr, error)
	// LookupMX returns the mail exchangers of name in the order received.
	// A null MX (RFC 7505) comes back as Host ".".
	LookupMX(ctx context.Context, name string) ([]MX, error)
	// LookupPTR returns the names the reverse zone gives for addr, without
	// trailing dots.
	LookupPTR(ctx context.Context, addr netip.Addr) ([]string, error)
}

// MX is one mail exchanger record.
type MX struct {
	Pref uint16
	Host string // without the trailing dot; "." for a null MX
}
