package cli

import (
	"bytes"
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"triage/internal/audit"
	"triage/internal/importer"
	"triage/internal/probe"
	"triage/internal/probe/dnsx"
	"triage/internal/probe/scan"
	"triage/internal/refdata"
)

const scanSynopsis = "--domain DOMAIN... [--ip ADDRESS]... [--resolver HOST:PORT] [--dkim-selector NAME]... [--format text|json] [--out FILE] [--timeout 5s]"

// Environment variables that point the scan at loopback test servers.
// They exist for Triage's own tests and benchmark (bench/scan) and are
// not meant for practices: TRIAGE_SCAN_PORTS routes connections
// ("443=18443" or "203.0.113.10:3389=127.0.0.5:13389", comma-separated)
// and refuses every connection it has no route for; TRIAGE_SCAN_ROOTS
// names a PEM file of certificate authorities to trust instead of the
// system's.
const (
	envScanPorts = "TRIAGE_SCAN_PORTS"
	envScanRoots = "TRIAGE_SCAN_ROOTS"
)

// maxScanTimeout bounds --timeout: beyond it a scan of a dead address
// would seem to hang.
const maxScanTimeout = 2 * time.Minute

// scanRequest is a validated command line.
type scanRequest struct {
	domains   []string
	ips       []netip.Addr
	resolver  string
	selectors []string
	timeout   time.Duration
	progress  io.Writer // nil: quiet
}

func runScan(ctx context.Context, args []string, env Env) error {
	fs := newFlags("scan", scanSynopsis, env)
	var domains, ips, selectors multiFlag
	fs.Var(&domains, "domain", "a domain of the practice: its email records and website are checked (repeatable)")
	fs.Var(&ips, "ip", "a public IP address of the practice: its open services are checked (repeatable)")
	resolver := fs.String("resolver", "", "the DNS resolver to ask, HOST:PORT (default: the first nameserver in /etc/resolv.conf)")
	fs.Var(&selectors, "dkim-selector", "a DKIM selector your mail provider uses, looked up besides the common ones (repeatable)")
	format := fs.String("format", "", "text (findings for people) or json (a facts.json for 'triage audit --facts'); default: text on a terminal, else from --out's extension, else json")
	out := fs.String("out", "", "write to this file instead of standard output")
	timeout := fs.Duration("timeout", scan.DefaultTimeout, "how long to wait for each connection and each DNS answer")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	req, err := parseScanRequest(domains, ips, selectors, *resolver, *timeout, env)
	if err != nil {
		return err
	}
	f, err := scanFormat(*format, *out, env)
	if err != nil {
		return err
	}
	if isTerminal(env.Stderr) {
		req.progress = env.Stderr
	}
	rep, err := runScanRequest(ctx, req, env)
	if err != nil {
		return err
	}
	return writeScan(env, *out, f, rep)
}

// scanPracticeFacts scans the domains and public IPs of practice.yaml and
// returns the facts: what 'triage audit --scan' calls before running the
// engine. resolver is HOST:PORT, or "" for the system's.
func scanPracticeFacts(ctx context.Context, p audit.Practice, resolver string, env Env) ([]audit.Fact, error) {
	req, err := parseScanRequest(p.Domains, p.PublicIPs, nil, resolver, scan.DefaultTimeout, env)
	if err != nil {
		return nil, err
	}
	if isTerminal(env.Stderr) {
		req.progress = env.Stderr
	}
	rep, err := runScanRequest(ctx, req, env)
	if err != nil {
		return nil, err
	}
	return rep.Facts(), nil
}

// parseScanRequest checks the command line and normalises it.
func parseScanRequest(domains, ips, selectors []string, resolver string, timeout time.Duration, env Env) (scanRequest, error) {
	req := scanRequest{timeout: timeout}
	if len(domains) == 0 && len(ips) == 0 {
		return req, errUsage{"nothing to scan: pass --domain with the practice's domain, --ip with its public address, or both"}
	}
	if timeout <= 0 || timeout > maxScanTimeout {
		return req, errUsage{fmt.Sprintf("--timeout %s must be above 0 and at most %s", timeout, maxScanTimeout)}
	}
	for _, d := range domains {
		name, err := scanDomain(d)
		if err != nil {
			return req, err
		}
		if !containsString(req.domains, name) {
			req.domains = append(req.domains, name)
		}
	}
	for _, s := range ips {
		addr, err := scanAddr(s)
		if err != nil {
			return req, err
		}
		if !addr.IsGlobalUnicast() || addr.IsPrivate() {
			fmt.Fprintf(env.Stderr, "triage: note: %s is not a public internet address; the results describe what is reachable from this computer, not from the internet\n", addr)
		}
		if !containsAddr(req.ips, addr) {
			req.ips = append(req.ips, addr)
		}
	}
	for _, s := range selectors {
		s = strings.ToLower(strings.TrimSpace(s))
		if !probe.QueryableName(s+"._domainkey.x") || strings.ContainsAny(s, " /:@") {
			return req, errUsage{fmt.Sprintf("--dkim-selector %q is not a DKIM selector (one or more DNS labels, such as selector1 or google)", s)}
		}
		req.selectors = append(req.selectors, s)
	}
	server, err := scanResolver(resolver)
	if err != nil {
		return req, err
	}
	req.resolver = server
	return req, nil
}

// scanDomain accepts a domain as people type it (any case, a trailing
// dot) and returns it normalised. A URL or an email address gets a hint
// instead. International names must be given in their xn-- form: turning
// them into it needs golang.org/x/text, which Triage does not depend on.
func scanDomain(s string) (string, error) {
	in := strings.TrimSpace(s)
	switch {
	case strings.Contains(in, "://") || strings.Contains(in, "/"):
		return "", errUsage{fmt.Sprintf("--domain %q: give the domain alone, such as clinic.com.au, not a web address", s)}
	case strings.Contains(in, "@"):
		return "", errUsage{fmt.Sprintf("--domain %q: give the domain alone, such as clinic.com.au, not an email address", s)}
	}
	name := probe.Normalize(in)
	for _, c := range name {
		if c > 0x7e {
			return "", errUsage{fmt.Sprintf("--domain %q: give an international domain in its xn-- form (as your registrar shows it)", s)}
		}
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return "", errUsage{fmt.Sprintf("--domain %q is not a domain name such as clinic.com.au", s)}
		}
	}
	if !strings.Contains(name, ".") || !probe.QueryableName(name) {
		return "", errUsage{fmt.Sprintf("--domain %q is not a domain name such as clinic.com.au", s)}
	}
	return name, nil
}

// scanAddr reads one IP address; ranges are refused so that a typo cannot
// turn into a scan of someone else's network.
func scanAddr(s string) (netip.Addr, error) {
	in := strings.TrimSpace(s)
	if strings.Contains(in, "/") || strings.Contains(in, "-") {
		return netip.Addr{}, errUsage{fmt.Sprintf("--ip %q: give single addresses, one --ip each, not a range", s)}
	}
	addr, err := netip.ParseAddr(strings.Trim(in, "[]"))
	if err != nil || addr.Zone() != "" {
		return netip.Addr{}, errUsage{fmt.Sprintf("--ip %q is not an IP address such as 203.0.113.10", s)}
	}
	return addr.Unmap(), nil
}

// scanResolver returns the resolver's HOST:PORT: the flag's (port 53 when
// left out), else the system's. It must be an address, since looking up
// the resolver's own name would need another resolver.
func scanResolver(flagValue string) (string, error) {
	if flagValue == "" {
		server, err := dnsx.ServerFromResolvConf("/etc/resolv.conf")
		if err != nil {
			return "", fmt.Errorf("%w; pass --resolver HOST:PORT", err)
		}
		return server, nil
	}
	host, port, err := net.SplitHostPort(flagValue)
	if err != nil {
		host, port = strings.Trim(flagValue, "[]"), "53"
	}
	if _, err := netip.ParseAddr(host); err != nil || port == "" {
		return "", errUsage{fmt.Sprintf("--resolver %q must be an IP address, optionally with a port, such as 1.1.1.1 or 127.0.0.1:5353", flagValue)}
	}
	return net.JoinHostPort(host, port), nil
}

// runScanRequest wires the concrete resolver, dialer and KEV lookup into
// a scan and runs it.
func runScanRequest(ctx context.Context, req scanRequest, env Env) (*scan.Report, error) {
	cfg := scan.Config{
		Domains:       req.domains,
		IPs:           req.ips,
		Resolver:      &dnsx.Client{Server: req.resolver, Timeout: min(req.timeout, dnsx.DefaultTimeout), Attempts: dnsx.DefaultAttempts},
		DKIMSelectors: req.selectors,
		Timeout:       req.timeout,
		Now:           env.now,
		KEVLookup:     kevLookup(env),
	}
	if err := testRouting(&cfg, env); err != nil {
		return nil, err
	}
	if req.progress != nil {
		var mu sync.Mutex
		cfg.Progress = func(s scan.Step) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(req.progress, "%s %s ... %s\n", s.Kind, s.Target, s.Status)
		}
	}
	rep, err := scan.Run(ctx, cfg)
	if err == nil && ctx.Err() != nil {
		// A half-finished scan would read as "nothing found" for what it
		// never reached; write nothing instead.
		return nil, fmt.Errorf("the scan was stopped before it finished (%w); nothing was written", ctx.Err())
	}
	return rep, err
}

// kevLookup answers from the reference data (the embedded CISA catalogue,
// or a newer copy installed with 'triage refdata update'). The catalogue
// names products, not versions, so a product it lists counts whatever its
// version: the practice's IT provider must confirm each fix. The data is
// decoded in the background while the scan runs, since it takes longer
// than scanning one address on a fast network.
func kevLookup(env Env) func(vendor, product, version string) []string {
	var data *refdata.Data
	ready := make(chan struct{})
	go func() {
		defer close(ready)
		d, err := loadRefdata("")
		if err != nil {
			fmt.Fprintf(env.Stderr, "triage: note: the updated reference data could not be read (%v); using the built-in copy\n", err)
			d, err = refdata.Embedded()
		}
		if err == nil {
			data = d
		}
	}()
	return func(vendor, product, _ string) []string {
		<-ready
		if data == nil {
			return nil
		}
		var ids []string
		for _, e := range data.KEVFor(vendor, product) {
			ids = append(ids, e.CVE)
		}
		return ids
	}
}

// testRouting applies TRIAGE_SCAN_PORTS and TRIAGE_SCAN_ROOTS (see
// above), saying so on stderr so they are never on by accident.
func testRouting(cfg *scan.Config, env Env) error {
	if v := os.Getenv(envScanPorts); v != "" {
		routes, err := scan.ParseRoutes(v)
		if err != nil {
			return errUsage{envScanPorts + ": " + err.Error()}
		}
		cfg.Dialer = &scan.RemapDialer{Dialer: &net.Dialer{}, Routes: routes, Strict: true}
		fmt.Fprintf(env.Stderr, "triage: %s is set: connections go only to the test ports it lists\n", envScanPorts)
	}
	if path := os.Getenv(envScanRoots); path != "" {
		pem, err := os.ReadFile(path)
		if err != nil {
			return errUsage{envScanRoots + ": " + err.Error()}
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return errUsage{envScanRoots + ": " + path + " holds no PEM certificate"}
		}
		cfg.Roots = pool
		fmt.Fprintf(env.Stderr, "triage: %s is set: certificates are checked against %s instead of the system's authorities\n", envScanRoots, path)
	}
	return nil
}

// scanFormat picks the output: text on a terminal, else by --out's
// extension, else json, as the audit command does.
func scanFormat(explicit, out string, env Env) (string, error) {
	switch explicit {
	case "text", "json":
		return explicit, nil
	case "":
	default:
		return "", errUsage{fmt.Sprintf("--format %q must be text or json", explicit)}
	}
	if out != "" {
		if strings.EqualFold(filepath.Ext(out), ".txt") {
			return "text", nil
		}
		return "json", nil
	}
	if isTerminal(env.Stdout) {
		return "text", nil
	}
	return "json", nil
}

// writeScan writes the report as text, or its facts as facts.json, to
// stdout or (all at once) to out.
func writeScan(env Env, out, format string, rep *scan.Report) error {
	var buf bytes.Buffer
	var err error
	if format == "text" {
		err = rep.WriteText(&buf)
	} else {
		err = importer.WriteFacts(&buf, rep.Facts())
	}
	if err != nil {
		return err
	}
	if out == "" {
		_, err := env.Stdout.Write(buf.Bytes())
		return err
	}
	return writeFileAtomic(out, buf.Bytes())
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsAddr(list []netip.Addr, a netip.Addr) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}
