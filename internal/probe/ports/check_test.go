package ports

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"syscall"
	"testing"
	"time"

	"triage/internal/probe/probetest"
)

var lo = netip.MustParseAddr("127.0.0.1")

func start(t *testing.T, b probetest.Banner) int {
	t.Helper()
	srv, err := probetest.ServeBanner("127.0.0.1:0", b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	_, port, _ := net.SplitHostPort(srv.Addr)
	n, _ := strconv.Atoi(port)
	return n
}

func TestIdentifyServices(t *testing.T) {
	s := &Scanner{Dialer: &net.Dialer{}, Timeout: time.Second, BannerTimeout: time.Second}
	cases := []struct {
		expect    string
		banner    probetest.Banner
		name      string
		product   string
		version   string
		detail    string
		confirmed bool
	}{
		{"rdp", probetest.RDP(true), "rdp", "", "", "Network Level Authentication required", true},
		{"rdp", probetest.RDP(false), "rdp", "", "", "standard RDP security: the Windows sign-in screen is shown to anyone (no NLA)", true},
		{"ssh", probetest.SSH("9.6p1"), "ssh", "OpenSSH", "9.6p1", "", true},
		{"vnc", probetest.VNC(), "vnc", "", "", "protocol 003.008", true},
		{"ftp", probetest.FTP("FileZilla Server 1.8.1"), "ftp", "FileZilla Server", "1.8.1", "", true},
		{"telnet", probetest.Telnet(), "telnet", "", "", "", true},
		{"mysql", probetest.MySQL("8.0.36"), "mysql", "MySQL", "8.0.36", "", true},
		{"mysql", probetest.MySQL("5.5.5-10.11.6-MariaDB"), "mysql", "MariaDB", "10.11.6", "", true},
		{"mssql", probetest.MSSQL(15, 0, 2000), "mssql", "Microsoft SQL Server", "15.0.2000", "", true},
		{"postgresql", probetest.PostgreSQL(), "postgresql", "PostgreSQL", "", "", true},
		{"smb", probetest.SMB(), "smb", "", "", "SMB2 or later", true},
		{"netbios", probetest.NetBIOS(), "netbios", "", "", "", true},
		// SSH where RDP was expected is reported as what it is.
		{"rdp", probetest.SSH("8.9"), "ssh", "OpenSSH", "8.9", "", true},
		// A silent service keeps the port's name, unconfirmed.
		{"firebird", probetest.Banner{}, "firebird", "", "", "", false},
	}
	for _, c := range cases {
		port := start(t, c.banner)
		r := s.Check(context.Background(), lo, Port{port, "tcp", c.expect})
		if r.State != Open || r.Name != c.name || r.Product != c.product || r.Version != c.version || r.Detail != c.detail || r.Confirmed != c.confirmed {
			t.Errorf("%s: %+v", c.expect, r)
		}
	}
}

func TestSQLBrowser(t *testing.T) {
	srv, err := probetest.ServeUDP("127.0.0.1:0", probetest.SQLBrowser("BPSINSTANCE", "13.0.5026.0"))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	_, p, _ := net.SplitHostPort(srv.Addr)
	port, _ := strconv.Atoi(p)
	s := &Scanner{Dialer: &net.Dialer{}, BannerTimeout: time.Second}
	r := s.Check(context.Background(), lo, Port{port, "udp", "mssql-browser"})
	if r.State != Open || r.Version != "13.0.5026.0" || r.Detail != "instances: BPSINSTANCE" {
		t.Fatalf("%+v", r)
	}
	srv.Close()
	// Nothing listening: the kernel's port unreachable makes it closed.
	r = s.Check(context.Background(), lo, Port{port, "udp", "mssql-browser"})
	if r.State != Closed {
		t.Fatalf("after close: %+v", r)
	}
}

type failDialer struct{ err error }

func (d failDialer) DialContext(ctx context.Context, _, _ string) (net.Conn, error) {
	if d.err == nil {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return nil, d.err
}

func TestStates(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	_, p, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	port, _ := strconv.Atoi(p)
	if r := (&Scanner{Dialer: &net.Dialer{}}).Check(context.Background(), lo, Port{port, "tcp", "rdp"}); r.State != Closed {
		t.Errorf("closed port: %+v", r)
	}
	if r := (&Scanner{Dialer: failDialer{}, Timeout: 50 * time.Millisecond}).Check(context.Background(), lo, Port{3389, "tcp", "rdp"}); r.State != Filtered {
		t.Errorf("silent port: %+v", r)
	}
	unreach := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.EHOSTUNREACH}
	if r := (&Scanner{Dialer: failDialer{unreach}}).Check(context.Background(), lo, Port{3389, "tcp", "rdp"}); r.State != Unreachable || r.Error == "" {
		t.Errorf("unreachable: %+v", r)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r := (&Scanner{Dialer: failDialer{}}).Check(ctx, lo, Port{3389, "tcp", "rdp"}); r.State != Unreachable {
		t.Errorf("cancelled scan must not claim filtered: %+v", r)
	}
	if !errors.Is(unreach, syscall.EHOSTUNREACH) {
		t.Fatal("test setup")
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(100, 5)
	start := time.Now()
	for range 15 {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	// 5 at once, then 10 more at 100/s: about 100ms.
	if took := time.Since(start); took < 80*time.Millisecond || took > time.Second {
		t.Errorf("15 events took %v", took)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	slow := NewLimiter(1, 1)
	_ = slow.Wait(ctx)
	if err := slow.Wait(ctx); err == nil {
		t.Error("Wait ignored the context")
	}
}
