package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"triage/internal/audit"
	"triage/internal/importer"
	"triage/internal/probe/scan/scantest"
)

// runScanCLI runs 'triage scan' in-process: through Run once the command
// is registered, else through runScan with Run's exit-code mapping.
func runScanCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	for _, c := range commands() {
		if c.name == "scan" {
			return run(t, append([]string{"scan"}, args...)...)
		}
	}
	var out, errw bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errw}
	code := exitCode(&errw, runScan(context.Background(), args, env))
	return code, out.String(), errw.String()
}

// scanWorld starts the made-up practices on loopback and points the scan
// at them through the test-only environment variables.
func scanWorld(t *testing.T) *scantest.World {
	t.Helper()
	w, err := scantest.Start(scantest.Options{})
	if errors.Is(err, scantest.ErrNoLoopbackRange) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	var routes []string
	for from, to := range w.Routes {
		routes = append(routes, from+"="+to)
	}
	sort.Strings(routes)
	t.Setenv(envScanPorts, strings.Join(routes, ","))
	roots := filepath.Join(t.TempDir(), "roots.pem")
	if err := os.WriteFile(roots, w.CA.PEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(envScanRoots, roots)
	return w
}

func TestScanText(t *testing.T) {
	w := scanWorld(t)
	code, stdout, stderr := runScanCLI(t, "--resolver", w.DNS, "--domain", "None.Example.", "--domain", "good.example",
		"--ip", scantest.Exposed.String(), "--format", "text", "--timeout", "3s")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	flat := strings.Join(strings.Fields(stdout), " ")
	for _, want := range []string{
		"none.example ============",
		"The DMARC policy for none.example is p=none: receivers only report forged mail and still deliver it. Move to p=quarantine, then p=reject",
		"OK DMARC tells receivers to reject mail that fakes good.example.",
		"Remote Desktop (RDP) is reachable from the internet at 127.0.0.5 port 3389/tcp",
		"A remote-access portal (Fortinet FortiGate SSL VPN) is reachable",
		"The Fortinet FortiGate SSL VPN has flaws that attackers are known to be exploiting (CVE-",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if !strings.Contains(stderr, envScanPorts+" is set") || !strings.Contains(stderr, "127.0.0.5 is not a public internet address") {
		t.Errorf("stderr should say the test routing is on and the address is not public:\n%s", stderr)
	}
	if strings.Contains(stderr, "dns good.example ... done") {
		t.Error("progress lines written when stderr is not a terminal")
	}
}

func TestScanJSONIsFactsTheAuditReads(t *testing.T) {
	w := scanWorld(t)
	out := filepath.Join(t.TempDir(), "facts.json")
	code, stdout, stderr := runScanCLI(t, "--resolver", w.DNS, "--domain", "good.example", "--domain", "servfail.example",
		"--ip", scantest.Exposed.String(), "--dkim-selector", "practice1", "--out", out)
	if code != ExitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	res, err := importer.ImportFile(out)
	if err != nil {
		t.Fatalf("importer rejects the scan's facts.json: %v", err)
	}
	kinds := map[audit.FactKind]int{}
	for _, f := range res.Facts {
		kinds[f.Kind]++
		if f.EmailDomain != nil && f.EmailDomain.Domain == "servfail.example" && !strings.Contains(f.EmailDomain.Error, "SERVFAIL") {
			t.Errorf("servfail.example error %q", f.EmailDomain.Error)
		}
	}
	if kinds[audit.FactEmailDomain] != 2 || kinds[audit.FactService] != 12 || kinds[audit.FactTLS] < 5 || kinds[audit.FactGap] != 1 {
		t.Errorf("fact kinds %v", kinds)
	}
	var envelope struct {
		SchemaVersion int `json:"schema_version"`
	}
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &envelope); err != nil || envelope.SchemaVersion != 1 {
		t.Errorf("envelope: %v %+v", err, envelope)
	}
}

func TestScanBadInput(t *testing.T) {
	cases := map[string][]string{
		"nothing to scan":                 {"--resolver", "127.0.0.1:1"},
		"not a web address":               {"--domain", "https://clinic.com.au/", "--resolver", "127.0.0.1"},
		"not an email address":            {"--domain", "reception@clinic.com.au", "--resolver", "127.0.0.1"},
		"is not a domain name":            {"--domain", "localhost", "--resolver", "127.0.0.1"},
		"xn-- form":                       {"--domain", "klinik.bücher.example", "--resolver", "127.0.0.1"},
		"not a range":                     {"--ip", "203.0.113.0/24", "--resolver", "127.0.0.1"},
		"is not an IP address":            {"--ip", "router.local", "--resolver", "127.0.0.1"},
		"must be an IP address":           {"--domain", "clinic.com.au", "--resolver", "dns.google"},
		"--timeout":                       {"--domain", "clinic.com.au", "--resolver", "127.0.0.1", "--timeout", "0s"},
		"must be text or json":            {"--domain", "clinic.com.au", "--resolver", "127.0.0.1", "--format", "pdf"},
		"is not a DKIM selector":          {"--domain", "clinic.com.au", "--resolver", "127.0.0.1", "--dkim-selector", "a b"},
		"unexpected argument":             {"--domain", "clinic.com.au", "extra"},
		"flag provided but not defined":   {"--domains", "clinic.com.au"},
		envScanPorts + ": port route \"x": {"--domain", "clinic.com.au", "--resolver", "127.0.0.1"},
	}
	for want, args := range cases {
		if strings.HasPrefix(want, envScanPorts) {
			t.Setenv(envScanPorts, "x")
		} else {
			t.Setenv(envScanPorts, "")
		}
		code, _, stderr := runScanCLI(t, args...)
		if code != ExitInvalid || !strings.Contains(stderr, want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", args, code, stderr, want)
		}
	}
}

func TestScanDomainNormalised(t *testing.T) {
	for in, want := range map[string]string{"Clinic.COM.au.": "clinic.com.au", " xn--bcher-kva.example ": "xn--bcher-kva.example"} {
		got, err := scanDomain(in)
		if err != nil || got != want {
			t.Errorf("scanDomain(%q) = %q, %v", in, got, err)
		}
	}
	if got, err := scanResolver("127.0.0.1"); err != nil || got != "127.0.0.1:53" {
		t.Errorf("resolver default port: %q %v", got, err)
	}
	if got, err := scanResolver("[::1]:5353"); err != nil || got != "[::1]:5353" {
		t.Errorf("IPv6 resolver: %q %v", got, err)
	}
}

func TestScanPracticeFacts(t *testing.T) {
	w := scanWorld(t)
	p := audit.Practice{Domains: []string{"pct.example"}, PublicIPs: []string{scantest.Quiet.String(), scantest.Exposed.String()}}
	var errw bytes.Buffer
	facts, err := scanPracticeFacts(context.Background(), p, w.DNS, Env{Stdout: &bytes.Buffer{}, Stderr: &errw})
	if err != nil {
		t.Fatal(err)
	}
	services, domains := 0, 0
	for _, f := range facts {
		if f.Service != nil {
			services++
		}
		if f.EmailDomain != nil && f.EmailDomain.Domain == "pct.example" && f.EmailDomain.SPFLookups == 11 {
			domains++
		}
	}
	if services != 12 || domains != 1 {
		t.Fatalf("%d services, %d domains; stderr %s", services, domains, errw.String())
	}
	if _, err := scanPracticeFacts(context.Background(), audit.Practice{}, w.DNS, Env{Stderr: &errw}); err == nil {
		t.Fatal("a practice with nothing to scan should be an error")
	}
}

func TestScanStoppedWritesNothing(t *testing.T) {
	w := scanWorld(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errw bytes.Buffer
	err := runScan(ctx, []string{"--resolver", w.DNS, "--ip", scantest.Exposed.String(), "--format", "json"}, Env{Stdout: &out, Stderr: &errw})
	if err == nil || out.Len() != 0 || !strings.Contains(err.Error(), "stopped") {
		t.Fatalf("err %v, output %q", err, out.String())
	}
}

// triage audit --scan scans what practice.yaml names and judges it with the
// rest of the evidence.
func TestAuditScan(t *testing.T) {
	w := scanWorld(t)
	// practice.yaml takes only public addresses, so route a documentation
	// address to the loopback host that plays the exposed practice; every
	// other address stays refused by the test routing.
	const public = "203.0.113.77"
	var routes []string
	for from, to := range w.Routes {
		routes = append(routes, from+"="+to)
		if host, port, _ := net.SplitHostPort(from); host == scantest.Exposed.String() {
			routes = append(routes, net.JoinHostPort(public, port)+"="+to)
		}
	}
	sort.Strings(routes)
	t.Setenv(envScanPorts, strings.Join(routes, ","))
	dir := t.TempDir()
	writeFile(t, dir, "practice.yaml", "name: Scan Test Clinic\ncountry: AU\ndomains: [pct.example]\npublic_ips: ["+public+"]\n")
	code, out, stderr := run(t, "audit", "--evidence", dir, "--scan", "--resolver", w.DNS, "--as-of", "2026-11-20", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r audit.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	rdp, _ := r.Finding("EXP-REMOTE-SERVICES")
	if rdp.Status != audit.Fail || !containsString(rdp.Urgency, "internet-exposed") {
		t.Errorf("EXP-REMOTE-SERVICES %s %v: %s", rdp.Status, rdp.Urgency, rdp.Reason)
	}
	email, _ := r.Finding("TEC-EMAIL-AUTH")
	if email.Status != audit.Fail {
		t.Errorf("TEC-EMAIL-AUTH %s: %s (pct.example has 11 SPF lookups)", email.Status, email.Reason)
	}
	if code, _, stderr := run(t, "audit", "--evidence", dir, "--resolver", w.DNS); code != ExitInvalid || !strings.Contains(stderr, "--scan") {
		t.Errorf("--resolver without --scan: exit %d, %s", code, stderr)
	}
}
