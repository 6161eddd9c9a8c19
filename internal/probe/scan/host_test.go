package scan

import (
	"bytes"
	"context"
	"net"
	"net/netip"
	"strings"
	"syscall"
	"testing"
	"time"

	"triage/internal/probe/ports"
)

// fateDialer answers each port with a fixed fate, without any network.
type fateDialer map[string]error

func (d fateDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	_, port, _ := net.SplitHostPort(address)
	err, ok := d[port]
	if !ok {
		err = d["*"]
	}
	if err == context.DeadlineExceeded {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return nil, &net.OpError{Op: "dial", Net: network, Err: err}
}

func scanHost(t *testing.T, d fateDialer) *Report {
	t.Helper()
	r, err := Run(context.Background(), Config{
		IPs:     []netip.Addr{netip.MustParseAddr("203.0.113.10")},
		Dialer:  d,
		Ports:   []ports.Port{{Number: 3389, Proto: "tcp", Name: "rdp"}, {Number: 443, Proto: "tcp", Name: "https"}, {Number: 22, Proto: "tcp", Name: "ssh"}},
		Timeout: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSilentHostIsNotAGap(t *testing.T) {
	r := scanHost(t, fateDialer{"*": context.DeadlineExceeded})
	var buf bytes.Buffer
	_ = r.WriteText(&buf)
	facts := r.Facts()
	if len(r.Gaps) != 0 || !strings.Contains(buf.String(), "not even to refuse") {
		t.Fatalf("gaps %v facts %v\n%s", r.Gaps, facts, buf.String())
	}
	// A silent host was still scanned: one scan fact, nothing open, so the
	// exposure checks can pass it rather than call it not scanned.
	if len(facts) != 1 || facts[0].Scan == nil || facts[0].Scan.Open != 0 || facts[0].Scan.Error != "" || len(facts[0].Scan.Ports) != 3 {
		t.Fatalf("facts %+v, want one clean scan fact covering 3 ports", facts)
	}
}

func TestFirewallUnreachablePortsAreFiltered(t *testing.T) {
	r := scanHost(t, fateDialer{"3389": syscall.EHOSTUNREACH, "*": syscall.ECONNREFUSED})
	if len(r.Gaps) != 0 || r.Hosts[0].Ports[0].State != ports.Filtered {
		t.Fatalf("gaps %v ports %+v", r.Gaps, r.Hosts[0].Ports)
	}
}

func TestUnreachableHostIsAGap(t *testing.T) {
	r := scanHost(t, fateDialer{"*": syscall.ENETUNREACH})
	if len(r.Gaps) != 1 || r.Gaps[0].Topic != "scan" || !strings.Contains(r.Gaps[0].Reason, "203.0.113.10 could not be scanned") || r.Hosts[0].Unreachable == "" {
		t.Fatalf("gaps %+v", r.Gaps)
	}
	r = scanHost(t, fateDialer{"*": syscall.EHOSTUNREACH})
	if len(r.Gaps) != 1 {
		t.Fatalf("all ports host-unreachable: gaps %+v", r.Gaps)
	}
	r = scanHost(t, fateDialer{"22": syscall.ENETUNREACH, "*": syscall.ECONNREFUSED})
	if len(r.Gaps) != 1 || !strings.Contains(r.Gaps[0].Reason, "ports 22/tcp of 203.0.113.10 could not be checked") {
		t.Fatalf("one port unreachable: gaps %+v", r.Gaps)
	}
}
