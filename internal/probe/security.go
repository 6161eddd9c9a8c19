package probe

import "context"

// SecurityResolver is a Resolver that can also read the records a domain
// uses to protect itself beyond email: CAA (which certificate authorities
// may issue for it) and DS (whether its parent vouches for DNSSEC keys).
// dnsx.Client and dnsx.Zone implement it. A scan given a plain Resolver
// reports DNSSEC and CAA as not checked rather than guessing.
type SecurityResolver interface {
	Resolver
	// LookupCAA returns the CAA records at name itself; callers climb to
	// the parent domains (RFC 8659 §3).
	LookupCAA(ctx context.Context, name string) ([]CAA, error)
	// LookupDS returns the DS records for name, as its parent zone
	// publishes them, and whether the resolver vouched for the answer by
	// setting the AD bit (it validated the DNSSEC signatures). Validated
	// is false when the resolver does not validate, so it says nothing on
	// its own about the domain.
	LookupDS(ctx context.Context, name string) (ds []DS, validated bool, err error)
}

// CAA is one certification authority authorisation record (RFC 8659).
type CAA struct {
	Flag  uint8
	Tag   string // issue, issuewild, iodef, ... (lower case)
	Value string
}

// Critical reports whether the issuer-critical flag is set: a CA that does
// not understand the tag must refuse to issue.
func (c CAA) Critical() bool { return c.Flag&0x80 != 0 }

// DS is one delegation signer record (RFC 4034 §5).
type DS struct {
	KeyTag     uint16
	Algorithm  uint8
	DigestType uint8
	Digest     string // hexadecimal, lower case
}
