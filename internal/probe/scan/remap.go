package scan

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"syscall"

	"triage/internal/probe"
)

// RemapDialer sends connections for one address to another. It exists for
// tests and benchmarks: loopback servers cannot all listen on 443 or 3389,
// so the scan is pointed at high ports while still believing (and
// reporting) the real ones. Routes maps "host:port" or just "port" (for
// any host) to "host:port" or "port" (same host). With Strict, a
// connection with no route is refused, so a test never reaches a service
// it did not start.
type RemapDialer struct {
	Dialer probe.Dialer
	Routes map[string]string
	Strict bool
}

// DialContext implements probe.Dialer.
func (d *RemapDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	to, ok := d.Routes[address]
	if !ok {
		to, ok = d.Routes[port]
	}
	switch {
	case !ok && d.Strict:
		return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
	case !ok:
		to = address
	case !strings.Contains(to, ":"):
		to = net.JoinHostPort(host, to)
	}
	return d.Dialer.DialContext(ctx, network, to)
}

// ParseRoutes reads "FROM=TO,FROM=TO" where each side is a port or a
// host:port (IPv6 hosts in brackets), as RemapDialer takes them.
func ParseRoutes(s string) (map[string]string, error) {
	routes := map[string]string{}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		from, to, ok := strings.Cut(part, "=")
		if !ok || !validEnd(from) || !validEnd(to) {
			return nil, fmt.Errorf("port route %q: want PORT=PORT or HOST:PORT=HOST:PORT", part)
		}
		routes[from] = to
	}
	return routes, nil
}

func validEnd(s string) bool {
	port := s
	if strings.Contains(s, ":") {
		var err error
		if _, port, err = net.SplitHostPort(s); err != nil {
			return false
		}
	}
	n, err := strconv.Atoi(port)
	return err == nil && n > 0 && n < 65536
}
