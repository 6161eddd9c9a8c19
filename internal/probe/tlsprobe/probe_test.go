package tlsprobe

import (
	"context"
	"crypto/tls"
	"net"
	"slices"
	"testing"
	"time"

	"triage/internal/probe"
	"triage/internal/probe/probetest"
)

var now = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

type endpoint struct {
	name     string
	spec     probetest.LeafSpec
	min, max uint16
}

func startTLS(t *testing.T, ca *probetest.CA, e endpoint) string {
	t.Helper()
	cert, err := ca.Issue(e.spec)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: e.min, MaxVersion: e.max}
	srv, err := probetest.ServeTLS("127.0.0.1:0", cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv.Addr
}

func TestProbeEndpoints(t *testing.T) {
	ca, err := probetest.NewCA("Test Root", now)
	if err != nil {
		t.Fatal(err)
	}
	valid := func(names ...string) probetest.LeafSpec {
		return probetest.LeafSpec{Names: names, NotBefore: now.AddDate(0, -1, 0), NotAfter: now.AddDate(0, 6, 0)}
	}
	expired := valid("expired.test")
	expired.NotAfter = now.AddDate(0, 0, -3)
	soon := valid("soon.test")
	soon.NotAfter = now.AddDate(0, 0, 10)
	self := valid("self.test")
	self.SelfSign = true
	rsa := valid("rsa.test")
	rsa.RSABits = 2048
	cases := []struct {
		e          endpoint
		host       string
		versions   []string
		match      *bool
		chain      bool
		keyBits    int
		codes      []string
		selfSigned bool
	}{
		{endpoint{"good", valid("good.test"), 0, 0}, "good.test", []string{"TLS1.2", "TLS1.3"}, ptr(true), true, 256, nil, false},
		{endpoint{"rsa", rsa, tls.VersionTLS12, tls.VersionTLS12}, "rsa.test", []string{"TLS1.2"}, ptr(true), true, 2048, nil, false},
		{endpoint{"tls10", valid("old.test"), tls.VersionTLS10, tls.VersionTLS10}, "old.test", []string{"TLS1.0"}, ptr(true), true, 256, []string{"tls.old_versions", "tls.no_modern"}, false},
		{endpoint{"tls10-12", valid("mixed.test"), tls.VersionTLS10, tls.VersionTLS12}, "mixed.test", []string{"TLS1.0", "TLS1.1", "TLS1.2"}, ptr(true), true, 256, []string{"tls.old_versions"}, false},
		{endpoint{"tls13", valid("new.test"), tls.VersionTLS13, tls.VersionTLS13}, "new.test", []string{"TLS1.3"}, ptr(true), true, 256, nil, false},
		{endpoint{"expired", expired, 0, 0}, "expired.test", []string{"TLS1.2", "TLS1.3"}, ptr(true), true, 256, []string{"tls.expired"}, false},
		{endpoint{"soon", soon, 0, 0}, "soon.test", []string{"TLS1.2", "TLS1.3"}, ptr(true), true, 256, []string{"tls.expiring"}, false},
		{endpoint{"self", self, 0, 0}, "self.test", []string{"TLS1.2", "TLS1.3"}, ptr(true), false, 256, []string{"tls.untrusted"}, true},
		{endpoint{"wrong", valid("other.test"), 0, 0}, "www.good.test", []string{"TLS1.2", "TLS1.3"}, ptr(false), true, 256, []string{"tls.wrong_host"}, false},
		{endpoint{"by-ip", valid("portal.test"), 0, 0}, "", []string{"TLS1.2", "TLS1.3"}, nil, true, 256, nil, false},
	}
	opt := Options{Dialer: &net.Dialer{}, Roots: ca.Pool(), Now: func() time.Time { return now }, Timeout: 2 * time.Second}
	for _, c := range cases {
		addr := startTLS(t, ca, c.e)
		r := Probe(context.Background(), opt, addr, c.host)
		if r.Error != "" {
			t.Errorf("%s: error %s", c.e.name, r.Error)
			continue
		}
		if !slices.Equal(r.Versions, c.versions) || len(r.Unknown) > 0 {
			t.Errorf("%s: versions %v unknown %v, want %v", c.e.name, r.Versions, r.Unknown, c.versions)
		}
		if !eqPtr(r.HostnameMatch, c.match) || r.ChainValid == nil || *r.ChainValid != c.chain || r.KeyBits != c.keyBits || r.SelfSigned != c.selfSigned {
			t.Errorf("%s: match %v chain %v (%s) bits %d self %v", c.e.name, show(r.HostnameMatch), show(r.ChainValid), r.ChainError, r.KeyBits, r.SelfSigned)
		}
		if got := codes(r.Problems); !slices.Equal(got, c.codes) {
			t.Errorf("%s: problems %v, want %v", c.e.name, got, c.codes)
		}
		if !r.NotAfter.Equal(c.e.spec.NotAfter.Truncate(time.Second)) {
			t.Errorf("%s: NotAfter %v, want %v", c.e.name, r.NotAfter, c.e.spec.NotAfter)
		}
	}
}

func TestProbeNotTLS(t *testing.T) {
	srv, err := probetest.ServeBanner("127.0.0.1:0", probetest.Banner{Greeting: []byte("SSH-2.0-OpenSSH_9.6\r\n")})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	r := Probe(context.Background(), Options{Dialer: &net.Dialer{}, Timeout: time.Second}, srv.Addr, "")
	if len(r.Versions) != 0 || r.Error == "" {
		t.Fatalf("versions %v error %q", r.Versions, r.Error)
	}
}

func TestProbeClosedPort(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	r := Probe(context.Background(), Options{Dialer: &net.Dialer{}, Timeout: time.Second}, addr, "closed.test")
	if r.Error == "" || r.Connected || len(r.Problems) != 0 || len(r.Versions) != 0 || len(r.Unknown) != len(AllVersions) {
		t.Fatalf("closed port: %+v", r)
	}
}

func TestHelloShape(t *testing.T) {
	for _, v := range AllVersions {
		rec, err := buildHello(v, "example.test")
		if err != nil {
			t.Fatal(err)
		}
		n := len(rec) - 5
		if rec[0] != 22 || int(rec[3])<<8|int(rec[4]) != n {
			t.Errorf("%s: bad record header", VersionName(v))
		}
		if v != VersionSSL30 && n < 512 {
			t.Errorf("%s: handshake of %d bytes is in the range some servers hang on", VersionName(v), n)
		}
	}
}

func ptr(b bool) *bool { return &b }

func eqPtr(a, b *bool) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func show(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

func codes(ps []probe.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}
