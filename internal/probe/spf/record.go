package spf

import (
	"net/netip"
	"strings"
)

// Kind names a mechanism.
type Kind string

// The eight mechanisms of RFC 7208 §5.
const (
	All     Kind = "all"
	Include Kind = "include"
	A       Kind = "a"
	MX      Kind = "mx"
	PTR     Kind = "ptr"
	IP4     Kind = "ip4"
	IP6     Kind = "ip6"
	Exists  Kind = "exists"
)

// queriesDNS reports whether a mechanism of this kind counts against the
// limit of 10 DNS-querying terms (RFC 7208 §4.6.4).
func (k Kind) queriesDNS() bool {
	switch k {
	case Include, A, MX, PTR, Exists:
		return true
	}
	return false
}

// Mechanism is one directive of a record.
type Mechanism struct {
	Qualifier Qualifier
	Kind      Kind
	// Domain is the domain-spec of include, exists, and optionally a, mx
	// and ptr; nil means "the current domain".
	Domain *MacroString
	// Net is the network of ip4 and ip6.
	Net netip.Prefix
	// CIDR4 and CIDR6 are the prefix lengths a and mx apply to the
	// addresses they find (32 and 128 unless the record says otherwise).
	CIDR4, CIDR6 int
	// Text is the term as written in the record.
	Text string
}

// Modifier is a name=value term that is neither redirect nor exp. RFC 7208
// §6 says such modifiers are ignored, but they must still be well formed.
type Modifier struct {
	Name  string
	Value *MacroString
}

// Record is a parsed SPF record.
type Record struct {
	Text       string // the record as published
	Mechanisms []Mechanism
	Redirect   *MacroString // redirect= target, nil when absent
	Exp        *MacroString // exp= target, nil when absent
	Unknown    []Modifier   // other modifiers, in order
}

// AllQualifier returns the qualifier of the record's "all" mechanism and
// whether it has one. Terms after the first "all" are never reached.
func (r *Record) AllQualifier() (Qualifier, bool) {
	for _, m := range r.Mechanisms {
		if m.Kind == All {
			return m.Qualifier, true
		}
	}
	return 0, false
}

// isSPF reports whether a TXT string is an SPF version 1 record: "v=spf1"
// in any case, then a space or the end (RFC 7208 §4.5).
func isSPF(txt string) bool {
	if len(txt) < 6 || !strings.EqualFold(txt[:6], "v=spf1") {
		return false
	}
	return len(txt) == 6 || txt[6] == ' '
}
