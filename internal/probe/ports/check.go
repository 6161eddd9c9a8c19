package ports

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"syscall"
	"time"

	"triage/internal/probe"
)

// States of a port, as nmap names them.
const (
	Open     = "open"
	Closed   = "closed"   // the host refused the connection
	Filtered = "filtered" // nothing answered: a firewall drops it, or no host
	// Unreachable means the connection could not even be tried (no route,
	// network down, not permitted): the port was not checked.
	Unreachable = "unreachable"
)

// Defaults for a Scanner whose fields are zero.
const (
	DefaultTimeout       = 3 * time.Second
	DefaultBannerTimeout = 2 * time.Second
)

// Scanner checks ports of one host at a time.
type Scanner struct {
	Dialer        probe.Dialer
	Timeout       time.Duration // to connect; DefaultTimeout when zero
	BannerTimeout time.Duration // to wait for a greeting or reply; DefaultBannerTimeout when zero
}

// Result is what was found at one port.
type Result struct {
	Host  netip.Addr `json:"host"`
	Port  Port       `json:"port"`
	State string     `json:"state"`
	// Name is the service found: Port.Name unless the exchange showed
	// another protocol. Confirmed is true when the exchange matched.
	Name      string `json:"name,omitempty"`
	Confirmed bool   `json:"confirmed,omitempty"`
	Product   string `json:"product,omitempty"`
	Version   string `json:"version,omitempty"`
	Banner    string `json:"banner,omitempty"` // printable start of the greeting
	Detail    string `json:"detail,omitempty"` // e.g. what RDP security it asks for
	Error     string `json:"error,omitempty"`  // why Unreachable
	// HostUnreachable marks an Unreachable port whose connection was
	// answered with "host unreachable". Firewalls send that to block a
	// single port, so when other ports of the host answered, the scan
	// counts it as filtered.
	HostUnreachable bool `json:"-"`
}

func (s *Scanner) timeouts() (time.Duration, time.Duration) {
	t, b := s.Timeout, s.BannerTimeout
	if t <= 0 {
		t = DefaultTimeout
	}
	if b <= 0 {
		b = DefaultBannerTimeout
	}
	return t, b
}

// Check connects to one port and, when it is open, identifies the service
// (web ports are left to the HTTP and TLS probes).
func (s *Scanner) Check(ctx context.Context, host netip.Addr, p Port) Result {
	if p.Proto == "udp" {
		return s.checkUDP(ctx, host, p)
	}
	res := Result{Host: host, Port: p}
	timeout, bannerTimeout := s.timeouts()
	dctx, cancel := context.WithTimeout(ctx, timeout)
	conn, err := s.Dialer.DialContext(dctx, "tcp", net.JoinHostPort(host.String(), strconv.Itoa(p.Number)))
	cancel()
	if err != nil {
		res.State, res.Error = dialState(ctx, err)
		res.HostUnreachable = errors.Is(err, syscall.EHOSTUNREACH)
		return res
	}
	defer conn.Close()
	res.State, res.Name = Open, p.Name
	if !p.IsWeb() {
		_ = conn.SetDeadline(time.Now().Add(bannerTimeout))
		identify(conn, &res)
	}
	return res
}

// dialState classifies a failed connection.
func dialState(ctx context.Context, err error) (string, string) {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return Closed, ""
	case ctx.Err() != nil:
		return Unreachable, "the scan was stopped: " + ctx.Err().Error()
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return Filtered, ""
	}
	return Unreachable, err.Error()
}

// checkUDP sends the service's query and waits for an answer. Only an
// answer proves a UDP port open; silence is reported as filtered.
func (s *Scanner) checkUDP(ctx context.Context, host netip.Addr, p Port) Result {
	res := Result{Host: host, Port: p}
	timeout, bannerTimeout := s.timeouts()
	query := udpQuery(p.Name)
	if query == nil {
		res.State, res.Error = Unreachable, "no query known for UDP service "+p.Name
		return res
	}
	dctx, cancel := context.WithTimeout(ctx, timeout)
	conn, err := s.Dialer.DialContext(dctx, "udp", net.JoinHostPort(host.String(), strconv.Itoa(p.Number)))
	cancel()
	if err != nil {
		res.State, res.Error = dialState(ctx, err)
		return res
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(bannerTimeout))
	if _, err := conn.Write(query); err != nil {
		res.State, res.Error = dialState(ctx, err)
		return res
	}
	buf := make([]byte, 4096)
	n, err := conn.Read(buf)
	switch {
	case err == nil:
	case errors.Is(err, syscall.ECONNREFUSED):
		res.State = Closed // ICMP port unreachable: nothing listens
		return res
	case ctx.Err() != nil:
		res.State, res.Error = dialState(ctx, err)
		return res
	default:
		// Silence, or an ICMP "prohibited" from a firewall: as nmap, open
		// is only claimed on an answer.
		res.State = Filtered
		return res
	}
	res.State, res.Name = Open, p.Name
	readUDPReply(p.Name, buf[:n], &res)
	return res
}
