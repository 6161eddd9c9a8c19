package httpprobe

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"triage/internal/probe"
	"triage/internal/probe/probetest"
)

var now = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

func tlsConfig(t *testing.T, names ...string) *tls.Config {
	t.Helper()
	ca, err := probetest.NewCA("Test Root", now)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.Issue(probetest.LeafSpec{Names: names, NotBefore: now.AddDate(-1, 0, 0), NotAfter: time.Now().AddDate(1, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}}
}

func serveTLS(t *testing.T, addr string, h http.Handler) string {
	t.Helper()
	srv, err := probetest.ServeTLS(addr, tlsConfig(t, "portal.test"), h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv.Addr
}

func serveHTTP(t *testing.T, addr string, h http.Handler) string {
	t.Helper()
	srv, err := probetest.ServeHTTP(addr, h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv.Addr
}

func TestIdentify(t *testing.T) {
	c := &Client{Dialer: &net.Dialer{}, Timeout: 2 * time.Second}
	cases := []struct {
		name    string
		addr    string
		tls     bool
		product string
		admin   bool
		remote  bool
	}{
		{"fortigate", serveTLS(t, "127.0.0.1:0", probetest.FortiGateSSLVPN()), true, "Fortinet FortiGate SSL VPN", false, true},
		{"rdweb", serveTLS(t, "127.0.0.1:0", probetest.RDWebAccess()), true, "Microsoft RD Web Access", false, true},
		{"synology", serveHTTP(t, "127.0.0.1:0", probetest.SynologyDSM()), false, "Synology DiskStation Manager", true, false},
		{"website", serveTLS(t, "127.0.0.1:0", probetest.Website("Harbourside", true)), true, "", false, false},
	}
	for _, c2 := range cases {
		f := c.Identify(context.Background(), Target{Addr: c2.addr, TLS: c2.tls})
		if f.Error != "" || f.Product != c2.product || f.Admin != c2.admin || f.Remote != c2.remote {
			t.Errorf("%s: %+v", c2.name, f)
		}
	}
	// The RD Web page was found on its path, not at the root.
	f := c.Identify(context.Background(), Target{Addr: cases[1].addr, TLS: true})
	if f.Title != "IIS Windows Server" || f.Server != "Microsoft-IIS/10.0" || f.MatchedAt == f.URL {
		t.Errorf("rdweb details: %+v", f)
	}
}

func TestIdentifyNotHTTP(t *testing.T) {
	srv, err := probetest.ServeBanner("127.0.0.1:0", probetest.Banner{Greeting: []byte("SSH-2.0-OpenSSH_9.6\r\n")})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	f := (&Client{Dialer: &net.Dialer{}, Timeout: time.Second}).Identify(context.Background(), Target{Addr: srv.Addr})
	if f.Error == "" || f.Product != "" {
		t.Fatalf("%+v", f)
	}
}

func TestWebsite(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs 127.0.0.2 and 127.0.0.3, which only Linux answers on without setup")
	}
	// Two loopback "hosts", each with ports standing in for 80 and 443.
	good := serveTLS(t, "127.0.0.2:0", probetest.Website("Good", true))
	_, goodTLSPort, _ := net.SplitHostPort(good)
	httpsPort, _ := strconv.Atoi(goodTLSPort)
	goodHTTP := serveHTTP(t, "127.0.0.2:0", probetest.RedirectToHTTPS(httpsPort))
	_, goodHTTPPort, _ := net.SplitHostPort(goodHTTP)
	httpPort, _ := strconv.Atoi(goodHTTPPort)

	bad := serveTLS(t, "127.0.0.3:0", probetest.Website("Bad", false))
	_, badTLSPort, _ := net.SplitHostPort(bad)
	badHTTPS, _ := strconv.Atoi(badTLSPort)
	badHTTP := serveHTTP(t, "127.0.0.3:0", probetest.Website("Bad", false))
	_, badHTTPPort, _ := net.SplitHostPort(badHTTP)
	badHTTPn, _ := strconv.Atoi(badHTTPPort)

	c := &Client{Dialer: &net.Dialer{}, Timeout: 2 * time.Second}
	r := c.Website(context.Background(), "good.test", netip.MustParseAddr("127.0.0.2"), httpPort, httpsPort, nil)
	if !r.HTTP || !r.HTTPS || r.HTTPSRedirect == nil || !*r.HTTPSRedirect || r.HSTS == nil || !*r.HSTS || r.HSTSMaxAge != 31536000 || len(r.Problems) != 0 {
		t.Errorf("good site: %+v", r)
	}
	r = c.Website(context.Background(), "bad.test", netip.MustParseAddr("127.0.0.3"), badHTTPn, badHTTPS, nil)
	if r.HTTPSRedirect == nil || *r.HTTPSRedirect || r.HSTS == nil || *r.HSTS || !slices.Equal(codes(r.Problems), []string{"web.no_hsts", "web.no_redirect"}) {
		t.Errorf("bad site: %+v", r)
	}
}

func TestHSTS(t *testing.T) {
	for v, want := range map[string]int{"max-age=31536000": 31536000, `max-age="600"; preload`: 600, "max-age=0": 0, "": 0, "includeSubDomains": 0} {
		got, on := hsts(v)
		if got != want || *on != (want > 0) {
			t.Errorf("hsts(%q) = %d %v", v, got, *on)
		}
	}
}

func codes(ps []probe.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}
