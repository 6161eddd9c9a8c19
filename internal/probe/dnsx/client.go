package dnsx

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/miekg/dns"

	"triage/internal/probe"
)

// Defaults for a Client whose fields are zero. Two seconds per attempt and
// two attempts keep a whole SPF evaluation (at most ~30 queries) well inside
// the 20 seconds RFC 7208 §4.6.4 suggests allowing.
const (
	DefaultTimeout  = 2 * time.Second
	DefaultAttempts = 2
)

// ednsSize is the UDP payload we advertise: the DNS Flag Day 2020 value,
// which avoids IP fragmentation on almost every path.
const ednsSize = 1232

// Client is a probe.Resolver that asks one recursive resolver.
type Client struct {
	Server   string        // HOST:PORT of a recursive resolver, e.g. "127.0.0.1:53"
	Timeout  time.Duration // per attempt; DefaultTimeout when zero
	Attempts int           // UDP attempts before a timeout is final; DefaultAttempts when zero
}

// ServerFromResolvConf returns the first nameserver of a resolv.conf file
// as HOST:PORT, for a Client that should use the system's resolver.
func ServerFromResolvConf(path string) (string, error) {
	cfg, err := dns.ClientConfigFromFile(path)
	if err != nil {
		return "", fmt.Errorf("dnsx: reading %s: %w", path, err)
	}
	if len(cfg.Servers) == 0 {
		return "", fmt.Errorf("dnsx: %s lists no nameserver; add a \"nameserver\" line or pass a server", path)
	}
	return net.JoinHostPort(cfg.Servers[0], cfg.Port), nil
}

// query asks for name/qtype and returns the answer records of that type
// (aliases followed by the resolver), or a *probe.LookupError.
func (c *Client) query(ctx context.Context, name string, qtype uint16) ([]dns.RR, error) {
	rrs, _, err := c.ask(ctx, name, qtype, false)
	return rrs, err
}

// ask is query that also returns whether the resolver set the AD bit in its
// answer. With wantAD it asks for that bit (RFC 6840 §5.7) without setting
// DO, so answers stay small and carry no signatures.
func (c *Client) ask(ctx context.Context, name string, qtype uint16, wantAD bool) ([]dns.RR, bool, error) {
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
	msg.AuthenticatedData = wantAD

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

// exchange sends msg over UDP, retrying on timeouts, and repeats it over TCP
// when the answer comes back truncated.
func (c *Client) exchange(ctx context.Context, msg *dns.Msg) (*dns.Msg, error) {
	timeout, attempts := c.Timeout, c.Attempts
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	var resp *dns.Msg
	var err error
	for range attempts {
		udp := &dns.Client{Net: "udp", Timeout: timeout, UDPSize: ednsSize}
		resp, _, err = udp.ExchangeContext(ctx, msg, c.Server)
		if err == nil || ctx.Err() != nil || !isTimeout(err) {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	if resp.Truncated {
		tcp := &dns.Client{Net: "tcp", Timeout: timeout}
		resp, _, err = tcp.ExchangeContext(ctx, msg, c.Server)
		if err != nil {
			return nil, fmt.Errorf("retrying truncated answer over TCP: %w", err)
		}
	}
	return resp, nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// LookupTXT implements probe.Resolver.
func (c *Client) LookupTXT(ctx context.Context, name string) ([]string, error) {
	rrs, err := c.query(ctx, name, dns.TypeTXT)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(rrs))
	for _, rr := range rrs {
		var b strings.Builder
		for _, s := range rr.(*dns.TXT).Txt {
			b.WriteString(unescape(s))
		}
		out = append(out, b.String())
	}
	return out, nil
}

// LookupA implements probe.Resolver.
func (c *Client) LookupA(ctx context.Context, name string) ([]netip.Addr, error) {
	rrs, err := c.query(ctx, name, dns.TypeA)
	if err != nil {
		return nil, err
	}
	out := make([]netip.Addr, 0, len(rrs))
	for _, rr := range rrs {
		if a, ok := netip.AddrFromSlice(rr.(*dns.A).A.To4()); ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// LookupAAAA implements probe.Resolver.
func (c *Client) LookupAAAA(ctx context.Context, name string) ([]netip.Addr, error) {
	rrs, err := c.query(ctx, name, dns.TypeAAAA)
	if err != nil {
		return nil, err
	}
	out := make([]netip.Addr, 0, len(rrs))
	for _, rr := range rrs {
		if a, ok := netip.AddrFromSlice(rr.(*dns.AAAA).AAAA.To16()); ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// LookupMX implements probe.Resolver.
func (c *Client) LookupMX(ctx context.Context, name string) ([]probe.MX, error) {
	rrs, err := c.query(ctx, name, dns.TypeMX)
	if err != nil {
		return nil, err
	}
	out := make([]probe.MX, 0, len(rrs))
	for _, rr := range rrs {
		mx := rr.(*dns.MX)
		host := unescape(strings.TrimSuffix(mx.Mx, "."))
		if host == "" {
			host = "."
		}
		out = append(out, probe.MX{Pref: mx.Preference, Host: host})
	}
	return out, nil
}

// LookupPTR implements probe.Resolver.
func (c *Client) LookupPTR(ctx context.Context, addr netip.Addr) ([]string, error) {
	rrs, err := c.query(ctx, probe.ReverseName(addr), dns.TypePTR)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(rrs))
	for _, rr := range rrs {
		out = append(out, unescape(strings.TrimSuffix(rr.(*dns.PTR).Ptr, ".")))
	}
	return out, nil
}

var _ probe.Resolver = (*Client)(nil)
