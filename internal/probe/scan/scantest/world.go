// Package scantest builds a small made-up internet on loopback for the
// external scan: a DNS server with the zones of several practices (good,
// badly configured, broken), their websites, and a public address with
// remote desktop, databases, a VPN portal and a NAS page open, plus one
// with nothing open. The scan tests, the CLI tests and the benchmark
// (bench/scan) run against it.
//
// Servers listen on 127.0.0.2 to 127.0.0.6 (Linux answers on the whole of
// 127.0.0.0/8 without setup). With Options.RealPorts they use the real
// port numbers (443, 3389, ...), which needs root and lets other tools
// such as nmap and testssl.sh scan the same servers; otherwise every
// server gets a free high port and Routes tells the scan's RemapDialer
// where the real port numbers went.
//
// This package imports probe, dnsx, probetest and the standard library.
package scantest

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"strconv"
	"time"

	"triage/internal/probe"
	"triage/internal/probe/dnsx"
	"triage/internal/probe/probetest"
)

// The loopback addresses of the made-up hosts.
var (
	GoodWeb = netip.MustParseAddr("127.0.0.2") // good.example and www, mta-sts
	BadWeb  = netip.MustParseAddr("127.0.0.3") // bad.example: expired, no HSTS, no redirect
	OldWeb  = netip.MustParseAddr("127.0.0.4") // old.example: TLS 1.0 only, self-signed
	Exposed = netip.MustParseAddr("127.0.0.5") // a practice router with too much open
	Quiet   = netip.MustParseAddr("127.0.0.6") // nothing open
)

// Domains lists the made-up practice domains, each showing one thing.
var Domains = []string{
	"good.example",     // everything right
	"none.example",     // DMARC p=none, SPF ~all, 1024-bit DKIM, a revoked selector
	"twodmarc.example", // two DMARC records and two SPF records
	"pct.example",      // p=quarantine pct=50 sp=none, 11 SPF lookups, practice selector
	"plusall.example",  // SPF +all
	"bad.example",      // website with an expired certificate
	"old.example",      // website on TLS 1.0 only, self-signed
	"servfail.example", // DNS answers SERVFAIL
	"timeout.example",  // DNS does not answer
}

// ExposedPorts are the services listening on Exposed, by real port.
var ExposedPorts = map[int]string{
	21: "ftp", 22: "ssh", 23: "telnet", 443: "https", 445: "smb", 1433: "mssql",
	3306: "mysql", 3389: "rdp", 5000: "http", 5900: "vnc", 10443: "https",
}

// Options configures Start.
type Options struct {
	// DNSAddr is where the DNS server listens; "" means 127.0.0.1:0.
	DNSAddr string
	// RealPorts binds the real port numbers (needs root).
	RealPorts bool
	// Now is the time certificates are made around; zero means time.Now.
	Now time.Time
}

// World is the running made-up internet.
type World struct {
	DNS    string // HOST:PORT of the DNS server
	Zone   *dnsx.Zone
	CA     *probetest.CA
	Now    time.Time
	Routes map[string]string // "ip:realport" to "ip:port", for scan.RemapDialer
	// TLSEndpoints lists "ip:realport" of every TLS server, for the
	// benchmark's testssl.sh runs.
	TLSEndpoints []string

	opt     Options
	closers []func() error
}

// ErrNoLoopbackRange is returned by Start where 127.0.0.2 and the other
// addresses of 127.0.0.0/8 cannot be used without setup (everywhere but
// Linux); tests skip then.
var ErrNoLoopbackRange = errors.New("scantest: this system answers on 127.0.0.1 only; the made-up hosts need 127.0.0.2-127.0.0.6 (Linux has them without setup)")

// Start builds the zones and starts every server.
func Start(opt Options) (w *World, err error) {
	if runtime.GOOS != "linux" {
		return nil, ErrNoLoopbackRange
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	ca, err := probetest.NewCA("Triage Test Root", opt.Now)
	if err != nil {
		return nil, err
	}
	w = &World{CA: ca, Now: opt.Now, Routes: map[string]string{}, opt: opt, Zone: dnsx.NewZone()}
	defer func() {
		if err != nil {
			w.Close()
			w = nil
		}
	}()
	if err := w.zones(); err != nil {
		return nil, err
	}
	dnsAddr := opt.DNSAddr
	if dnsAddr == "" {
		dnsAddr = "127.0.0.1:0"
	}
	srv, err := dnsx.Listen(dnsAddr, w.Zone)
	if err != nil {
		return nil, err
	}
	w.closers = append(w.closers, srv.Close)
	w.DNS = srv.Addr
	for _, start := range []func() error{w.goodWeb, w.badWeb, w.oldWeb, w.exposed} {
		if err := start(); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// Close stops every server.
func (w *World) Close() error {
	var errs []error
	for i := len(w.closers) - 1; i >= 0; i-- {
		errs = append(errs, w.closers[i]())
	}
	return errors.Join(errs...)
}

// listenAddr is where a server for ip:port binds, recording the route.
func (w *World) listenAddr(ip netip.Addr, port int) string {
	if w.opt.RealPorts {
		return net.JoinHostPort(ip.String(), strconv.Itoa(port))
	}
	return net.JoinHostPort(ip.String(), "0")
}

func (w *World) route(ip netip.Addr, port int, actual string) {
	real := net.JoinHostPort(ip.String(), strconv.Itoa(port))
	if actual != real {
		w.Routes[real] = actual
	}
}

func (w *World) started(ip netip.Addr, port int, s *probetest.Server, err error) error {
	if err != nil {
		return fmt.Errorf("scantest: %s port %d: %w", ip, port, err)
	}
	w.closers = append(w.closers, s.Close)
	w.route(ip, port, s.Addr)
	return nil
}

func (w *World) cert(spec probetest.LeafSpec) (tls.Certificate, error) { return w.CA.Issue(spec) }

func (w *World) valid(names ...string) probetest.LeafSpec {
	return probetest.LeafSpec{Names: names, NotBefore: w.Now.AddDate(0, -1, 0), NotAfter: w.Now.AddDate(0, 3, 0)}
}

func (w *World) serveTLS(ip netip.Addr, port int, spec probetest.LeafSpec, min, max uint16, h http.Handler) error {
	cert, err := w.cert(spec)
	if err != nil {
		return err
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: min, MaxVersion: max}
	if min == tls.VersionTLS10 {
		// Old appliances offer CBC suites with RSA key exchange too.
		cfg.CipherSuites = []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, tls.TLS_RSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}
	}
	s, err := probetest.ServeTLS(w.listenAddr(ip, port), cfg, h)
	if err := w.started(ip, port, s, err); err != nil {
		return err
	}
	w.TLSEndpoints = append(w.TLSEndpoints, net.JoinHostPort(ip.String(), strconv.Itoa(port)))
	return nil
}

func (w *World) serveHTTP(ip netip.Addr, port int, h http.Handler) error {
	s, err := probetest.ServeHTTP(w.listenAddr(ip, port), h)
	return w.started(ip, port, s, err)
}

func (w *World) serveBanner(ip netip.Addr, port int, b probetest.Banner) error {
	s, err := probetest.ServeBanner(w.listenAddr(ip, port), b)
	return w.started(ip, port, s, err)
}

// goodWeb is good.example: a valid certificate for the site, www and the
// MTA-STS host, HSTS, and HTTP redirected to HTTPS.
func (w *World) goodWeb() error {
	policy := probetest.Text("/.well-known/mta-sts.txt", "version: STSv1\nmode: enforce\nmx: *.mail.protection.outlook.com\nmax_age: 1209600\n")
	site := probetest.Website("Good Family Practice", true)
	mux := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.Host)
		if host == "" {
			host = r.Host
		}
		if host == "mta-sts.good.example" {
			policy.ServeHTTP(rw, r)
			return
		}
		site.ServeHTTP(rw, r)
	})
	spec := w.valid("good.example", "www.good.example", "mta-sts.good.example")
	spec.RSABits = 2048
	if err := w.serveTLS(GoodWeb, 443, spec, 0, 0, mux); err != nil {
		return err
	}
	return w.serveHTTP(GoodWeb, 80, probetest.RedirectToHTTPS(443))
}

// badWeb is bad.example: an expired certificate that names only the
// domain (so www is also the wrong host), no HSTS, no redirect.
func (w *World) badWeb() error {
	spec := w.valid("bad.example")
	spec.NotBefore, spec.NotAfter = w.Now.AddDate(-1, 0, 0), w.Now.AddDate(0, 0, -5)
	site := probetest.Website("Bad Medical Centre", false)
	if err := w.serveTLS(BadWeb, 443, spec, 0, 0, site); err != nil {
		return err
	}
	return w.serveHTTP(BadWeb, 80, site)
}

// oldWeb is old.example: TLS 1.0 only with a self-signed certificate.
func (w *World) oldWeb() error {
	spec := w.valid("old.example", "www.old.example")
	spec.SelfSign = true
	return w.serveTLS(OldWeb, 443, spec, tls.VersionTLS10, tls.VersionTLS10, probetest.Website("Old Surgery", false))
}

// exposed is the router of a practice that forwards far too much.
func (w *World) exposed() error {
	banners := map[int]probetest.Banner{
		21: probetest.FTP("FileZilla Server 0.9.60 beta"), 22: probetest.SSH("8.9p1"), 23: probetest.Telnet(),
		445: probetest.SMB(), 1433: probetest.MSSQL(13, 0, 5026), 3306: probetest.MySQL("5.7.44"),
		3389: probetest.RDP(false), 5900: probetest.VNC(),
	}
	for port, b := range banners {
		if err := w.serveBanner(Exposed, port, b); err != nil {
			return err
		}
	}
	u, err := probetest.ServeUDP(w.listenAddr(Exposed, 1434), probetest.SQLBrowser("BPSINSTANCE", "13.0.5026.0"))
	if err := w.started(Exposed, 1434, u, err); err != nil {
		return err
	}
	if err := w.serveTLS(Exposed, 443, w.valid("remote.good.example"), tls.VersionTLS12, 0, probetest.RDWebAccess()); err != nil {
		return err
	}
	if err := w.serveTLS(Exposed, 10443, w.valid("vpn.good.example"), tls.VersionTLS10, tls.VersionTLS12, probetest.FortiGateSSLVPN()); err != nil {
		return err
	}
	return w.serveHTTP(Exposed, 5000, probetest.SynologyDSM())
}

// zones fills the DNS with the practices' records.
func (w *World) zones() error {
	z := w.Zone
	m365 := func(d, label string) {
		z.AddMX(d, 0, label+".mail.protection.outlook.com")
		z.AddAddr(label+".mail.protection.outlook.com", netip.MustParseAddr("192.0.2.25"))
	}
	z.AddTXT("spf.protection.outlook.com", "v=spf1 ip4:40.92.0.0/15 ip4:52.100.0.0/14 -all")
	key2048, key1024, err := dkimKeys()
	if err != nil {
		return err
	}

	// good.example: Microsoft 365 done properly.
	m365("good.example", "good-example")
	z.AddTXT("good.example", "v=spf1 include:spf.protection.outlook.com -all")
	z.AddTXT("good.example", "MS=ms12345678")
	z.AddTXT("_dmarc.good.example", "v=DMARC1; p=reject; rua=mailto:dmarc@good.example")
	z.SetCNAME("selector1._domainkey.good.example", "selector1-good-example._domainkey.goodpractice.onmicrosoft.com")
	z.AddTXT("selector1-good-example._domainkey.goodpractice.onmicrosoft.com", "v=DKIM1; k=rsa; p="+key2048)
	z.SetCNAME("selector2._domainkey.good.example", "selector2-good-example._domainkey.goodpractice.onmicrosoft.com")
	z.AddTXT("selector2-good-example._domainkey.goodpractice.onmicrosoft.com", "v=DKIM1; k=rsa; p=")
	z.AddTXT("_mta-sts.good.example", "v=STSv1; id=20250101T000000")
	z.AddTXT("_smtp._tls.good.example", "v=TLSRPTv1; rua=mailto:tlsrpt@good.example")
	z.AddDS("good.example", probe.DS{KeyTag: 12345, Algorithm: 13, DigestType: 2, Digest: "3b9c1f0e5d7a2b4c6e8f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d"})
	z.SetValidated("good.example")
	z.AddCAA("good.example", 0, "issue", "letsencrypt.org")
	z.AddAddr("good.example", GoodWeb)
	z.SetCNAME("www.good.example", "good.example")
	z.AddAddr("mta-sts.good.example", GoodWeb)

	// none.example: monitoring only.
	z.AddMX("none.example", 10, "mail.none.example")
	z.AddAddr("mail.none.example", netip.MustParseAddr("192.0.2.26"))
	z.AddTXT("none.example", "v=spf1 mx ~all")
	z.AddTXT("_dmarc.none.example", "v=DMARC1; p=none")
	z.AddTXT("google._domainkey.none.example", "v=DKIM1; k=rsa; p="+key1024)
	z.AddTXT("selector2._domainkey.none.example", "v=DKIM1; k=rsa; p=")

	// twodmarc.example: two of everything.
	m365("twodmarc.example", "twodmarc-example")
	z.AddTXT("twodmarc.example", "v=spf1 include:spf.protection.outlook.com -all")
	z.AddTXT("twodmarc.example", "v=spf1 ip4:192.0.2.0/24 -all")
	z.AddTXT("_dmarc.twodmarc.example", "v=DMARC1; p=reject; rua=mailto:a@twodmarc.example")
	z.AddTXT("_dmarc.twodmarc.example", "v=DMARC1; p=none")

	// pct.example: half-enforced, too many lookups, its own DKIM selector.
	m365("pct.example", "pct-example")
	z.AddTXT("pct.example", "v=spf1 include:a.spf.pct.example include:b.spf.pct.example -all")
	z.AddTXT("a.spf.pct.example", "v=spf1 a a a a a -all")
	z.AddTXT("b.spf.pct.example", "v=spf1 a a a a -all")
	z.AddAddr("a.spf.pct.example", netip.MustParseAddr("192.0.2.30"))
	z.AddAddr("b.spf.pct.example", netip.MustParseAddr("192.0.2.31"))
	z.AddTXT("_dmarc.pct.example", "v=DMARC1; p=quarantine; sp=none; pct=50; rua=mailto:d@pct.example")
	z.AddTXT("practice1._domainkey.pct.example", "v=DKIM1; p="+key2048)

	// plusall.example: SPF lets anyone send.
	z.AddMX("plusall.example", 10, "mx.plusall.example.mimecast.com")
	z.AddTXT("plusall.example", "v=spf1 +all")
	z.AddTXT("_dmarc.plusall.example", "v=DMARC1; p=reject; rua=mailto:d@plusall.example")
	z.AddTXT("s1._domainkey.plusall.example", "v=DKIM1; p="+key2048)

	// bad.example and old.example: email fine-ish, websites not.
	for _, d := range []string{"bad.example", "old.example"} {
		m365(d, d[:3]+"-example")
		z.AddTXT(d, "v=spf1 include:spf.protection.outlook.com -all")
		z.AddTXT("_dmarc."+d, "v=DMARC1; p=reject; rua=mailto:d@"+d)
		z.AddTXT("selector1._domainkey."+d, "v=DKIM1; p="+key2048)
	}
	z.AddAddr("bad.example", BadWeb)
	z.AddAddr("www.bad.example", BadWeb)
	z.AddAddr("old.example", OldWeb)
	z.AddAddr("www.old.example", OldWeb)

	// Broken DNS.
	for _, n := range []string{"servfail.example", "_dmarc.servfail.example"} {
		z.SetRcode(n, 2) // SERVFAIL
	}
	for _, n := range []string{"timeout.example", "_dmarc.timeout.example"} {
		z.SetTimeout(n)
	}
	return nil
}
