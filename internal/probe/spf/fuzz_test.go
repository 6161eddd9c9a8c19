package spf

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"triage/internal/probe/dnsx"
)

// suiteRecords returns every SPF and TXT string of the RFC 7208 suite's
// zone data, the best seed corpus there is for the parser.
func suiteRecords(f *testing.F) []string {
	var out []string
	for _, doc := range loadSuite(f, "testdata/rfc7208-tests.yml") {
		for _, records := range doc.Zonedata {
			for _, rr := range records {
				if rr.Kind != yaml.MappingNode || (rr.Content[0].Value != "SPF" && rr.Content[0].Value != "TXT") {
					continue
				}
				if v := rr.Content[1]; v.Kind == yaml.ScalarNode {
					out = append(out, v.Value)
				}
			}
		}
	}
	if len(out) < 100 {
		f.Fatalf("only %d seed records from the suite", len(out))
	}
	return out
}

// FuzzParseSPF parses arbitrary text and, when it parses, lints it and
// evaluates it against a small zone: nothing may panic or hang.
func FuzzParseSPF(f *testing.F) {
	for _, r := range suiteRecords(f) {
		f.Add(r)
	}
	f.Fuzz(func(t *testing.T, text string) {
		rec, err := Parse(text)
		_ = Lint(text)
		if err != nil {
			return
		}
		if rec.Text != text {
			t.Fatalf("Text = %q, want the input", rec.Text)
		}
		z := dnsx.NewZone()
		z.AddTXT("example.com", text)
		z.AddTXT("inc.example.com", "v=spf1 ip4:192.0.2.0/24 -all")
		z.AddAddr("example.com", netip.MustParseAddr("192.0.2.1"))
		z.AddMX("example.com", 10, "example.com")
		z.AddPTR("1.2.0.192.in-addr.arpa", "example.com")
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		for _, ip := range []string{"192.0.2.1", "2001:db8::1"} {
			v := (&Checker{Resolver: z}).Check(ctx, netip.MustParseAddr(ip), "example.com", "user@example.com", "mail.example.com")
			if v.Result == None {
				t.Fatalf("a parsed record gave none: %+v", v)
			}
		}
		_ = Analyze(ctx, z, "example.com")
	})
}

// FuzzMacroExpand parses arbitrary macro strings, in both the domain and
// the explanation flavour, and expands them for arbitrary senders and HELO
// names.
func FuzzMacroExpand(f *testing.F) {
	seeds := []string{
		"%{s}", "%{l1r-}", "%{ir}.%{v}._spf.%{d2}", "%{d99999r+-,/_=}", "%%%_%-", "%{p}.%{P}",
		"%{c} %{r} %{t} %{h}", "%{L}.x", "%{", "%{}", "%", "%{d0}", "exp.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}",
	}
	for _, s := range seeds {
		f.Add(s, "strong-bad@email.example.com", "mail.example.com", true)
	}
	f.Add("%{l}", "@", "", false)
	f.Add("%{o}.", "a@b@c.", "[192.0.2.1]", false)
	f.Fuzz(func(t *testing.T, macro, sender, helo string, ipv4 bool) {
		z := dnsx.NewZone()
		z.AddPTR("1.2.0.192.in-addr.arpa", "mail.example.com")
		z.AddAddr("mail.example.com", netip.MustParseAddr("192.0.2.1"))
		ip := netip.MustParseAddr("2001:db8::1")
		if ipv4 {
			ip = netip.MustParseAddr("192.0.2.1")
		}
		e := (&Checker{Resolver: z}).newEval(ip, "email.example.com", sender, helo)
		ctx := context.Background()
		if ms, err := parseMacroString(macro, explainLetters, true); err == nil {
			_ = ms.expandWith(e.values(ctx, "email.example.com"))
		}
		if ds, err := parseDomainSpec(macro); err == nil {
			name, ok := e.targetName(ctx, ds, "email.example.com")
			if ok && len(name) > 253 {
				t.Fatalf("target %q longer than a DNS name may be", name)
			}
		}
	})
}
