package scan

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"triage/internal/audit"
	"triage/internal/probe/dnsx"
	"triage/internal/probe/ports"
	"triage/internal/probe/scan/scantest"
)

// world is started once for the package: building certificates and
// servers takes a moment, and the tests only read from it.
var (
	worldOnce sync.Once
	world     *scantest.World
	worldErr  error
)

func startWorld(t *testing.T) *scantest.World {
	t.Helper()
	worldOnce.Do(func() { world, worldErr = scantest.Start(scantest.Options{}) })
	if errors.Is(worldErr, scantest.ErrNoLoopbackRange) {
		t.Skip(worldErr)
	}
	if worldErr != nil {
		t.Fatal(worldErr)
	}
	return world
}

func testConfig(w *scantest.World) Config {
	return Config{
		Resolver:      &dnsx.Client{Server: w.DNS, Timeout: time.Second, Attempts: 2},
		Dialer:        &RemapDialer{Dialer: &net.Dialer{}, Routes: w.Routes, Strict: true},
		Roots:         w.CA.Pool(),
		DKIMSelectors: []string{"practice1"},
		Timeout:       2 * time.Second,
		Now:           func() time.Time { return w.Now },
	}
}

// runOnce runs the full scan of the made-up internet once for the tests
// that only read its report.
var (
	fullOnce   sync.Once
	fullReport *Report
	fullSteps  []Step
)

func fullScan(t *testing.T) *Report {
	w := startWorld(t)
	fullOnce.Do(func() {
		cfg := testConfig(w)
		cfg.Domains = scantest.Domains
		cfg.IPs = []netip.Addr{scantest.Exposed, scantest.Quiet}
		cfg.KEVLookup = func(vendor, product, version string) []string {
			if vendor == "Fortinet" && product == "FortiOS" {
				return []string{"CVE-2018-13379", "CVE-2022-42475"}
			}
			return nil
		}
		var mu sync.Mutex
		cfg.Progress = func(s Step) { mu.Lock(); fullSteps = append(fullSteps, s); mu.Unlock() }
		r, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		fullReport = r
	})
	if fullReport == nil {
		t.Fatal("scan failed earlier")
	}
	return fullReport
}

func domainFact(t *testing.T, facts []audit.Fact, d string) *audit.EmailDomain {
	t.Helper()
	for _, f := range facts {
		if f.EmailDomain != nil && f.EmailDomain.Domain == d {
			return f.EmailDomain
		}
	}
	t.Fatalf("no email_domain fact for %s", d)
	return nil
}

func TestEmailFacts(t *testing.T) {
	facts := fullScan(t).Facts()
	yes, no := true, false
	cases := []struct {
		domain string
		want   audit.EmailDomain
	}{
		{"good.example", audit.EmailDomain{MX: []string{"good-example.mail.protection.outlook.com"}, MXFiltered: &yes, SPFRecords: 1, SPFAll: "-all", SPFLookups: 1,
			DMARCRecords: 1, DMARCPolicy: "reject", DMARCSubPolicy: "reject", DMARCPct: 100, DMARCRua: true, DKIMChecked: true, DKIMSelectors: []string{"selector1"}}},
		{"none.example", audit.EmailDomain{MX: []string{"mail.none.example"}, MXFiltered: &no, SPFRecords: 1, SPFAll: "~all", SPFLookups: 1,
			DMARCRecords: 1, DMARCPolicy: "none", DMARCSubPolicy: "none", DMARCPct: 100, DKIMChecked: true, DKIMSelectors: []string{"google"},
			DKIMShortKeys: []string{"google"}}}, // a 1024-bit key
		{"twodmarc.example", audit.EmailDomain{MX: []string{"twodmarc-example.mail.protection.outlook.com"}, MXFiltered: &yes, SPFRecords: 2,
			DMARCRecords: 2, DKIMChecked: true}},
		{"pct.example", audit.EmailDomain{MX: []string{"pct-example.mail.protection.outlook.com"}, MXFiltered: &yes, SPFRecords: 1, SPFAll: "-all", SPFLookups: 11,
			DMARCRecords: 1, DMARCPolicy: "quarantine", DMARCSubPolicy: "none", DMARCPct: 50, DMARCRua: true, DKIMChecked: true, DKIMSelectors: []string{"practice1"}}},
		{"plusall.example", audit.EmailDomain{MX: []string{"mx.plusall.example.mimecast.com"}, MXFiltered: &yes, SPFRecords: 1, SPFAll: "+all",
			DMARCRecords: 1, DMARCPolicy: "reject", DMARCSubPolicy: "reject", DMARCPct: 100, DMARCRua: true, DKIMChecked: true, DKIMSelectors: []string{"s1"}}},
	}
	for _, c := range cases {
		got := domainFact(t, facts, c.domain)
		c.want.Domain = c.domain
		if !sameEmail(*got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.domain, *got, c.want)
		}
	}
	for _, d := range []string{"servfail.example", "timeout.example"} {
		got := domainFact(t, facts, d)
		if got.Error == "" || got.SPFRecords != 0 || got.DMARCRecords != 0 || got.MX != nil {
			t.Errorf("%s: want only an error, got %+v", d, *got)
		}
	}
	if e := domainFact(t, facts, "servfail.example").Error; !strings.Contains(e, "SERVFAIL") {
		t.Errorf("servfail error %q does not say SERVFAIL", e)
	}
}

func sameEmail(a, b audit.EmailDomain) bool {
	eqb := func(x, y *bool) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.Domain == b.Domain && a.Error == b.Error && slices.Equal(a.MX, b.MX) && eqb(a.MXFiltered, b.MXFiltered) &&
		a.SPFRecords == b.SPFRecords && a.SPFAll == b.SPFAll && a.SPFLookups == b.SPFLookups && (a.SPFError != "") == (b.SPFError != "") &&
		a.DMARCRecords == b.DMARCRecords && a.DMARCPolicy == b.DMARCPolicy && a.DMARCSubPolicy == b.DMARCSubPolicy &&
		a.DMARCPct == b.DMARCPct && a.DMARCRua == b.DMARCRua && a.DKIMChecked == b.DKIMChecked && slices.Equal(a.DKIMSelectors, b.DKIMSelectors) &&
		slices.Equal(a.DKIMShortKeys, b.DKIMShortKeys)
}

func TestDomainExtras(t *testing.T) {
	r := fullScan(t)
	var good *DomainReport
	for _, d := range r.Domains {
		if d.Domain == "good.example" {
			good = d
		}
	}
	if !good.MTASTS.Enforced || good.MTASTS.Policy == nil || good.MTASTS.Policy.MaxAge != 1209600 {
		t.Errorf("MTA-STS: %+v", good.MTASTS)
	}
	if good.TLSRPT.Record == nil || good.TLSRPT.Record.RUA[0] != "mailto:tlsrpt@good.example" {
		t.Errorf("TLS-RPT: %+v", good.TLSRPT)
	}
	if !good.DNSSEC.Signed || good.DNSSEC.Validated == nil || !*good.DNSSEC.Validated {
		t.Errorf("DNSSEC: %+v", good.DNSSEC)
	}
	if !slices.Equal(good.CAA.Issuers, []string{"letsencrypt.org"}) {
		t.Errorf("CAA: %+v", good.CAA)
	}
	if good.MTASTSHost == nil || good.MTASTSHost.HostnameMatch == nil || !*good.MTASTSHost.HostnameMatch {
		t.Errorf("MTA-STS host TLS: %+v", good.MTASTSHost)
	}
	for _, d := range r.Domains {
		if d.Domain == "none.example" {
			if d.MTASTS.Present || d.TLSRPT.Present || d.DNSSEC.Signed || len(d.CAA.Records) != 0 {
				t.Errorf("none.example extras: %+v %+v %+v %+v", d.MTASTS, d.TLSRPT, d.DNSSEC, d.CAA)
			}
			var revoked bool
			for _, s := range d.DKIM.Selectors {
				revoked = revoked || s.Name == "selector2" && s.Status == "revoked"
			}
			if !revoked {
				t.Errorf("none.example: revoked selector2 not seen: %+v", d.DKIM.Selectors)
			}
		}
	}
}

func tlsFacts(facts []audit.Fact) map[string]*audit.TLS {
	out := map[string]*audit.TLS{}
	for _, f := range facts {
		if f.TLS != nil {
			out[net.JoinHostPort(f.TLS.Host, strconv.Itoa(f.TLS.Port))] = f.TLS
		}
	}
	return out
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n)) }

func fmtInt(n int) string {
	return netip.AddrPortFrom(netip.IPv4Unspecified(), uint16(n)).String()[len("0.0.0.0:"):]
}

func TestTLSFacts(t *testing.T) {
	r := fullScan(t)
	got := tlsFacts(r.Facts())
	w := startWorld(t)
	check := func(key string, versions []string, match, chain *bool, hsts *bool, expired bool) {
		t.Helper()
		f := got[key]
		if f == nil {
			t.Errorf("no TLS fact for %s (have %v)", key, keys(got))
			return
		}
		eqb := func(x, y *bool) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
		if f.Error != "" || !slices.Equal(f.Versions, versions) || !eqb(f.HostnameMatch, match) || !eqb(f.ChainValid, chain) || !eqb(f.HSTS, hsts) || f.NotAfter == nil || f.NotAfter.Before(w.Now) != expired {
			t.Errorf("%s: %+v (not after %v)", key, *f, f.NotAfter)
		}
	}
	yes, no := true, false
	check("good.example:443", []string{"TLS1.2", "TLS1.3"}, &yes, &yes, &yes, false)
	check("www.good.example:443", []string{"TLS1.2", "TLS1.3"}, &yes, &yes, &yes, false)
	check("mta-sts.good.example:443", []string{"TLS1.2", "TLS1.3"}, &yes, &yes, nil, false)
	check("bad.example:443", []string{"TLS1.2", "TLS1.3"}, &yes, &yes, &no, true)
	check("www.bad.example:443", []string{"TLS1.2", "TLS1.3"}, &no, &yes, &no, true)
	check("old.example:443", []string{"TLS1.0"}, &yes, &no, &no, false)
	check("127.0.0.5:443", []string{"TLS1.2", "TLS1.3"}, nil, &yes, nil, false)
	check("127.0.0.5:10443", []string{"TLS1.0", "TLS1.1", "TLS1.2"}, nil, &yes, nil, false)
	if f := got["good.example:443"]; f.KeyBits != 2048 {
		t.Errorf("good.example key bits %d", f.KeyBits)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestServiceFacts(t *testing.T) {
	r := fullScan(t)
	type svc struct {
		port          int
		proto, name   string
		product       string
		admin, remote bool
		kev           int
	}
	var got []svc
	for _, f := range r.Facts() {
		if s := f.Service; s != nil {
			if s.Host != scantest.Exposed.String() {
				t.Errorf("service on %s: the quiet host has nothing open", s.Host)
			}
			got = append(got, svc{s.Port, s.Proto, s.Name, s.Product, s.Admin, s.Remote, len(s.KEV)})
		}
	}
	want := []svc{
		{21, "tcp", "ftp", "FileZilla Server", false, false, 0},
		{22, "tcp", "ssh", "OpenSSH", false, false, 0},
		{23, "tcp", "telnet", "", false, false, 0},
		{443, "tcp", "https", "Microsoft RD Web Access", false, true, 0},
		{445, "tcp", "smb", "", false, false, 0},
		{1433, "tcp", "mssql", "Microsoft SQL Server", false, false, 0},
		{1434, "udp", "mssql-browser", "Microsoft SQL Server", false, false, 0},
		{3306, "tcp", "mysql", "MySQL", false, false, 0},
		{3389, "tcp", "rdp", "", false, false, 0},
		{5000, "tcp", "http", "Synology DiskStation Manager", true, false, 0},
		{5900, "tcp", "vnc", "", false, false, 0},
		{10443, "tcp", "https", "Fortinet FortiGate SSL VPN", false, true, 2},
	}
	if !slices.Equal(got, want) {
		t.Errorf("services:\n got %+v\nwant %+v", got, want)
	}
}

func TestGapsAndProgress(t *testing.T) {
	r := fullScan(t)
	var reasons []string
	for _, g := range r.Gaps {
		reasons = append(reasons, g.Topic+": "+g.Reason)
	}
	// The broken domains are reported in their email_domain facts; only
	// their websites' addresses are a scan gap. Nothing else failed.
	if len(r.Gaps) != 2 || !strings.Contains(strings.Join(reasons, "\n"), "servfail.example") || !strings.Contains(strings.Join(reasons, "\n"), "timeout.example") {
		t.Errorf("gaps: %q", reasons)
	}
	kinds := map[string]int{}
	for _, s := range fullSteps {
		kinds[s.Kind]++
	}
	if kinds["dns"] != len(scantest.Domains) || kinds["ports"] != 2 || kinds["tls"] != 2 || kinds["http"] != 3 || kinds["web"] == 0 {
		t.Errorf("progress steps: %v", kinds)
	}
}

func TestTextReport(t *testing.T) {
	var buf bytes.Buffer
	if err := fullScan(t).WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"good.example ============",
		"PROBLEM       The DMARC policy for none.example is p=none",
		"twodmarc.example has 2 SPF records",
		"_dmarc.twodmarc.example has 2 DMARC records",
		"SPF policy needs 11 DNS lookups",
		"OK            MTA-STS is enforced",
		"Remote Desktop (RDP) is reachable from the internet at 127.0.0.5 port 3389/tcp",
		"no NLA",
		"Synology DiskStation Manager is reachable from the internet",
		"CVE-2018-13379",
		"The certificate of bad.example (port 443) expired",
		"old.example (port 443) still accepts TLS1.0",
		"NOT CHECKED   Email authentication of servfail.example: DNS failed",
		"None of the 22 ports checked answered: nothing on the list is exposed at 127.0.0.6.",
		"Not checked (the audit reports these as not checked, never as passed)",
	} {
		if !strings.Contains(flat, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("text report lacks %q", want)
		}
	}
	if testing.Verbose() {
		t.Log("\n" + out)
	}
}

func TestScanOneHostIsFast(t *testing.T) {
	w := startWorld(t)
	cfg := testConfig(w)
	cfg.IPs = []netip.Addr{scantest.Exposed}
	start := time.Now()
	facts, err := Scan(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("one host took %v", took)
	}
	if len(facts) < 12 {
		t.Errorf("%d facts", len(facts))
	}
}

func TestRunNeedsResolverForDomains(t *testing.T) {
	if _, err := Run(context.Background(), Config{Domains: []string{"x.example"}}); err == nil {
		t.Fatal("no error without a resolver")
	}
}

func TestParseRoutes(t *testing.T) {
	r, err := ParseRoutes("443=18443, 127.0.0.5:3389=127.0.0.5:13389,[::1]:22=2222")
	if err != nil || r["443"] != "18443" || r["127.0.0.5:3389"] != "127.0.0.5:13389" || r["[::1]:22"] != "2222" {
		t.Fatalf("%v %v", r, err)
	}
	for _, bad := range []string{"443", "443=", "a=b", "443=70000", "x:y=1"} {
		if _, err := ParseRoutes(bad); err == nil {
			t.Errorf("ParseRoutes(%q) accepted", bad)
		}
	}
}

func TestDefaultPortsAreTheRealOnes(t *testing.T) {
	cfg := (&Config{}).withDefaults()
	if len(cfg.Ports) != len(ports.Default) || cfg.HTTPSPort != 443 || cfg.HTTPPort != 80 {
		t.Fatal("defaults")
	}
}
