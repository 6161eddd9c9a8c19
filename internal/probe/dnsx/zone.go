package dnsx

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"triage/internal/probe"
)

// detailTimeout marks the temporary failure of a name set with SetTimeout,
// so ServeDNS can stay silent instead of answering SERVFAIL.
const detailTimeout = "timeout"

// maxCNAMEHops bounds alias chains the way recursive resolvers do; a longer
// chain or a loop is answered as a server failure.
const maxCNAMEHops = 8

// Zone is an in-memory DNS: a set of names, each with records of the five
// types the probes ask for, an optional CNAME, and an optional "times out"
// mark. Names are case-insensitive and a trailing dot is ignored.
//
// A name that owns nothing but lies above a name that does (an empty
// non-terminal) answers "no data", as real DNS does, rather than NXDOMAIN.
//
// Build the zone first, then query it; queries are safe for concurrent use,
// and Queries lists every question asked so tests can assert on traffic.
type Zone struct {
	names map[string]*node

	mu  sync.Mutex
	log []string
}

type node struct {
	txt     []string
	a, aaaa []netip.Addr
	mx      []probe.MX
	ptr     []string
	cname   string
	timeout bool

	// Added for the external scan (zone_sec.go): CAA and DS records, a
	// forced response code, and whether answers carry the AD bit.
	caa       []probe.CAA
	ds        []probe.DS
	rcode     int
	validated bool
}

// NewZone returns an empty zone.
func NewZone() *Zone { return &Zone{names: map[string]*node{}} }

func (z *Zone) node(name string) *node {
	name = probe.Normalize(name)
	n := z.names[name]
	if n == nil {
		n = &node{}
		z.names[name] = n
	}
	return n
}

// AddName makes name exist without giving it any records.
func (z *Zone) AddName(name string) { z.node(name) }

// AddTXT adds one TXT record whose character-strings join to text.
func (z *Zone) AddTXT(name, text string) { n := z.node(name); n.txt = append(n.txt, text) }

// AddAddr adds an A record for an IPv4 address or an AAAA record otherwise.
func (z *Zone) AddAddr(name string, addr netip.Addr) {
	n := z.node(name)
	if addr.Is4() {
		n.a = append(n.a, addr)
	} else {
		n.aaaa = append(n.aaaa, addr)
	}
}

// AddMX adds a mail exchanger; host "" or "." is a null MX.
func (z *Zone) AddMX(name string, pref uint16, host string) {
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		host = "."
	}
	n := z.node(name)
	n.mx = append(n.mx, probe.MX{Pref: pref, Host: host})
}

// AddPTR adds a PTR record at name, which is normally a reverse name (see
// probe.ReverseName).
func (z *Zone) AddPTR(name, host string) {
	n := z.node(name)
	n.ptr = append(n.ptr, strings.TrimSuffix(host, "."))
}

// SetCNAME makes name an alias of target.
func (z *Zone) SetCNAME(name, target string) { z.node(name).cname = probe.Normalize(target) }

// SetTimeout makes every query for name that would otherwise get no records
// fail as a timeout. Records already present still answer, which is how the
// RFC 7208 suite models a server that times out on some types only.
func (z *Zone) SetTimeout(name string) { z.node(name).timeout = true }

// Queries returns the questions asked so far, as "TYPE name".
func (z *Zone) Queries() []string {
	z.mu.Lock()
	defer z.mu.Unlock()
	return slices.Clone(z.log)
}

// resolve follows aliases from name and returns the node that answers and
// the aliases passed through, or the error a resolver would give. has
// reports whether a node holds records of the type asked for.
func (z *Zone) resolve(ctx context.Context, qtype, name string, has func(*node) bool) (*node, []string, error) {
	z.mu.Lock()
	z.log = append(z.log, qtype+" "+name)
	z.mu.Unlock()
	fail := func(kind error, detail string) (*node, []string, error) {
		return nil, nil, &probe.LookupError{Name: name, Type: qtype, Kind: kind, Detail: detail}
	}
	if err := ctx.Err(); err != nil {
		return fail(probe.ErrTemporary, err.Error())
	}
	if !probe.QueryableName(name) {
		return fail(probe.ErrNotFound, "not a valid DNS name")
	}
	cur := probe.Normalize(name)
	var chain []string
	for range maxCNAMEHops {
		n := z.names[cur]
		switch {
		case n != nil && n.rcode != 0:
			return fail(probe.ErrTemporary, rcodeDetail(n.rcode))
		case n == nil && z.isEmptyNonTerminal(cur):
			return fail(probe.ErrNoData, "")
		case n == nil:
			return fail(probe.ErrNotFound, "")
		case has(n):
			return n, chain, nil
		case n.cname != "":
			chain = append(chain, cur)
			cur = n.cname
		case n.timeout:
			return fail(probe.ErrTemporary, detailTimeout)
		default:
			return fail(probe.ErrNoData, "")
		}
	}
	return fail(probe.ErrTemporary, "SERVFAIL: CNAME chain too long or looping")
}

func (z *Zone) isEmptyNonTerminal(name string) bool {
	for other := range z.names {
		if strings.HasSuffix(other, "."+name) {
			return true
		}
	}
	return false
}

// LookupTXT implements probe.Resolver.
func (z *Zone) LookupTXT(ctx context.Context, name string) ([]string, error) {
	n, _, err := z.resolve(ctx, "TXT", name, func(n *node) bool { return len(n.txt) > 0 })
	if err != nil {
		return nil, err
	}
	return slices.Clone(n.txt), nil
}

// LookupA implements probe.Resolver.
func (z *Zone) LookupA(ctx context.Context, name string) ([]netip.Addr, error) {
	n, _, err := z.resolve(ctx, "A", name, func(n *node) bool { return len(n.a) > 0 })
	if err != nil {
		return nil, err
	}
	return slices.Clone(n.a), nil
}

// LookupAAAA implements probe.Resolver.
func (z *Zone) LookupAAAA(ctx context.Context, name string) ([]netip.Addr, error) {
	n, _, err := z.resolve(ctx, "AAAA", name, func(n *node) bool { return len(n.aaaa) > 0 })
	if err != nil {
		return nil, err
	}
	return slices.Clone(n.aaaa), nil
}

// LookupMX implements probe.Resolver.
func (z *Zone) LookupMX(ctx context.Context, name string) ([]probe.MX, error) {
	n, _, err := z.resolve(ctx, "MX", name, func(n *node) bool { return len(n.mx) > 0 })
	if err != nil {
		return nil, err
	}
	return slices.Clone(n.mx), nil
}

// LookupPTR implements probe.Resolver.
func (z *Zone) LookupPTR(ctx context.Context, addr netip.Addr) ([]string, error) {
	n, _, err := z.resolve(ctx, "PTR", probe.ReverseName(addr), func(n *node) bool { return len(n.ptr) > 0 })
	if err != nil {
		return nil, err
	}
	return slices.Clone(n.ptr), nil
}

var _ probe.Resolver = (*Zone)(nil)
