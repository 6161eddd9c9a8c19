package dnsx

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"triage/internal/probe"
)

// serve starts handler on a loopback UDP socket and a TCP listener on the
// same port, and returns the HOST:PORT to give a Client.
func serve(t *testing.T, handler dns.Handler) string {
	t.Helper()
	var pc net.PacketConn
	var ln net.Listener
	for try := 0; ; try++ {
		var err error
		pc, err = net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ln, err = net.Listen("tcp", pc.LocalAddr().String())
		if err == nil {
			break
		}
		pc.Close()
		if try == 10 {
			t.Fatalf("no loopback port free for both UDP and TCP: %v", err)
		}
	}
	udp := &dns.Server{PacketConn: pc, Handler: handler}
	tcp := &dns.Server{Listener: ln, Handler: handler}
	for _, s := range []*dns.Server{udp, tcp} {
		started := make(chan struct{})
		s.NotifyStartedFunc = func() { close(started) }
		go func() { _ = s.ActivateAndServe() }()
		<-started
		t.Cleanup(func() { _ = s.Shutdown() })
	}
	return pc.LocalAddr().String()
}

func TestClientAgainstLoopbackZone(t *testing.T) {
	z := testZone()
	long := strings.Repeat("x", 300) + ` "quoted" \ and ` + "\x01"
	z.AddTXT("long.example.com", long)
	for i := range 60 { // far more than fits in one UDP answer
		z.AddAddr("many.example.com", netip.AddrFrom4([4]byte{198, 51, 100, byte(i)}))
	}
	c := &Client{Server: serve(t, z), Timeout: 300 * time.Millisecond, Attempts: 1}
	ctx := context.Background()

	txt, err := c.LookupTXT(ctx, "example.com")
	if err != nil || !slices.Equal(txt, []string{"v=spf1 -all", "hello"}) {
		t.Errorf("TXT = %q, %v", txt, err)
	}
	txt, err = c.LookupTXT(ctx, "long.example.com")
	if err != nil || len(txt) != 1 || txt[0] != long {
		t.Errorf("long TXT = %q, %v; want the strings joined back with escapes undone", txt, err)
	}
	a, err := c.LookupA(ctx, "www.example.com")
	if err != nil || !slices.Equal(a, []netip.Addr{netip.MustParseAddr("192.0.2.1")}) {
		t.Errorf("A via CNAME = %v, %v", a, err)
	}
	a, err = c.LookupA(ctx, "many.example.com")
	if err != nil || len(a) != 60 {
		t.Errorf("truncated A answer: got %d addresses, %v; want 60 over TCP", len(a), err)
	}
	aaaa, err := c.LookupAAAA(ctx, "example.com")
	if err != nil || !slices.Equal(aaaa, []netip.Addr{netip.MustParseAddr("2001:db8::1")}) {
		t.Errorf("AAAA = %v, %v", aaaa, err)
	}
	mx, err := c.LookupMX(ctx, "example.com")
	if err != nil || !slices.Equal(mx, []probe.MX{{Pref: 10, Host: "mail.example.com"}}) {
		t.Errorf("MX = %v, %v", mx, err)
	}
	mx, err = c.LookupMX(ctx, "null.example.com")
	if err != nil || !slices.Equal(mx, []probe.MX{{Pref: 0, Host: "."}}) {
		t.Errorf("null MX = %v, %v", mx, err)
	}
	ptr, err := c.LookupPTR(ctx, netip.MustParseAddr("192.0.2.1"))
	if err != nil || !slices.Equal(ptr, []string{"example.com"}) {
		t.Errorf("PTR = %v, %v", ptr, err)
	}

	errCases := []struct {
		name string
		call func() error
		want error
	}{
		{"nxdomain", func() error { _, err := c.LookupTXT(ctx, "nope.example.com"); return err }, probe.ErrNotFound},
		{"nodata", func() error { _, err := c.LookupA(ctx, "null.example.com"); return err }, probe.ErrNoData},
		{"servfail", func() error { _, err := c.LookupA(ctx, "loop1.example.com"); return err }, probe.ErrTemporary},
		{"timeout", func() error { _, err := c.LookupA(ctx, "slow.example.com"); return err }, probe.ErrTemporary},
		{"unqueryable", func() error { _, err := c.LookupA(ctx, "a..example.com"); return err }, probe.ErrNotFound},
	}
	for _, ec := range errCases {
		err := ec.call()
		if !errors.Is(err, ec.want) {
			t.Errorf("%s: err = %v, want %v", ec.name, err, ec.want)
		}
	}
}

func TestClientRetriesThenTimesOut(t *testing.T) {
	z := NewZone()
	z.SetTimeout("slow.example.com")
	c := &Client{Server: serve(t, z), Timeout: 100 * time.Millisecond, Attempts: 3}
	start := time.Now()
	_, err := c.LookupTXT(context.Background(), "slow.example.com")
	if !errors.Is(err, probe.ErrTemporary) {
		t.Fatalf("err = %v, want temporary", err)
	}
	if took := time.Since(start); took < 250*time.Millisecond {
		t.Errorf("gave up after %v; three attempts of 100ms should take longer", took)
	}
	if n := len(z.Queries()); n != 3 {
		t.Errorf("server saw %d queries, want 3", n)
	}
}

func TestClientHonoursContext(t *testing.T) {
	z := NewZone()
	z.SetTimeout("slow.example.com")
	c := &Client{Server: serve(t, z), Timeout: 5 * time.Second, Attempts: 3}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.LookupTXT(ctx, "slow.example.com")
	if !probe.IsTemporary(err) {
		t.Fatalf("err = %v, want temporary", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v; the context deadline should have stopped it", took)
	}
}

func TestClientWithoutServer(t *testing.T) {
	_, err := (&Client{}).LookupA(context.Background(), "example.com")
	if !errors.Is(err, probe.ErrTemporary) || !strings.Contains(err.Error(), "no DNS server") {
		t.Fatalf("err = %v", err)
	}
}

func TestServerFromResolvConf(t *testing.T) {
	path := t.TempDir() + "/resolv.conf"
	if err := os.WriteFile(path, []byte("# test\nnameserver 127.0.0.53\nnameserver ::1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ServerFromResolvConf(path)
	if err != nil || got != "127.0.0.53:53" {
		t.Fatalf("got %q, %v", got, err)
	}
	if err := os.WriteFile(path, []byte("search example.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ServerFromResolvConf(path); err == nil {
		t.Fatal("no nameserver: want an error")
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	for _, s := range []string{"", "plain", `a"b\c`, "\x00\xff\x7f end", `\`, `\12`} {
		if got := unescape(escapeTXT(s)); got != s {
			t.Errorf("unescape(escapeTXT(%q)) = %q", s, got)
		}
	}
}
