package spf

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"triage/internal/probe/dnsx"
)

func practiceZone() *dnsx.Zone {
	z := dnsx.NewZone()
	z.AddTXT("clinic.example", "v=spf1 ip4:192.0.2.10 include:spf.mail.example mx -all exp=why.clinic.example")
	z.AddTXT("clinic.example", "google-site-verification=abc")
	z.AddTXT("why.clinic.example", "%{i} may not send for %{d}")
	z.AddMX("clinic.example", 10, "mx.clinic.example")
	z.AddAddr("mx.clinic.example", netip.MustParseAddr("198.51.100.7"))
	z.AddTXT("spf.mail.example", "v=spf1 ip4:203.0.113.0/24 ip6:2001:db8:5::/48 -all")
	z.AddTXT("flaky.example", "v=spf1 mx -all")
	z.AddMX("flaky.example", 10, "slow.flaky.example")
	z.SetTimeout("slow.flaky.example")
	z.AddTXT("ptrflaky.example", "v=spf1 ptr ip4:192.0.2.99 -all")
	z.SetTimeout("99.2.0.192.in-addr.arpa")
	return z
}

func TestCheckHostPractice(t *testing.T) {
	z := practiceZone()
	ctx := context.Background()
	cases := []struct {
		ip, domain string
		want       Result
		expl       string
	}{
		{"192.0.2.10", "clinic.example", Pass, ""},
		{"203.0.113.44", "clinic.example", Pass, ""},
		{"2001:db8:5::25", "clinic.example", Pass, ""},
		{"198.51.100.7", "clinic.example", Pass, ""},
		{"::ffff:198.51.100.7", "clinic.example", Pass, ""},
		{"192.0.2.11", "clinic.example", Fail, "192.0.2.11 may not send for clinic.example"},
		{"192.0.2.11", "nothing.example", None, ""},
		{"192.0.2.11", "flaky.example", TempError, ""},
		{"192.0.2.99", "ptrflaky.example", Pass, ""}, // a PTR failure is a no-match, not temperror
	}
	for _, c := range cases {
		got, expl := CheckHost(ctx, z, netip.MustParseAddr(c.ip), c.domain, "reception@"+c.domain, "mail.example")
		if got != c.want || expl != c.expl {
			t.Errorf("%s for %s = %s %q, want %s %q", c.ip, c.domain, got, expl, c.want, c.expl)
		}
	}
}

func TestCheckerVerdictCounts(t *testing.T) {
	v := (&Checker{Resolver: practiceZone()}).Check(context.Background(), netip.MustParseAddr("192.0.2.11"), "clinic.example", "", "mail.example")
	if v.Result != Fail || v.Lookups != 2 || v.VoidLookups != 0 || !strings.Contains(v.Reason, `"-all"`) {
		t.Fatalf("verdict %+v", v)
	}
}

func TestCheckerLimitsConfigurable(t *testing.T) {
	z := dnsx.NewZone()
	z.AddTXT("example.com", "v=spf1 a a a ip4:192.0.2.1 -all")
	z.AddAddr("example.com", netip.MustParseAddr("198.51.100.1"))
	ip := netip.MustParseAddr("192.0.2.1")
	if v := (&Checker{Resolver: z}).Check(context.Background(), ip, "example.com", "", "h"); v.Result != Pass {
		t.Fatalf("default limits: %+v", v)
	}
	v := (&Checker{Resolver: z, MaxLookups: 2}).Check(context.Background(), ip, "example.com", "", "h")
	if v.Result != PermError || !strings.Contains(v.Reason, "more than 2 DNS lookups") {
		t.Fatalf("MaxLookups 2: %+v", v)
	}
}

func TestCheckerCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got, _ := CheckHost(ctx, practiceZone(), netip.MustParseAddr("192.0.2.10"), "clinic.example", "", "h")
	if got != TempError {
		t.Fatalf("result %s, want temperror", got)
	}
}

func TestCheckerInvalidIP(t *testing.T) {
	got, _ := CheckHost(context.Background(), practiceZone(), netip.Addr{}, "clinic.example", "", "h")
	if got != None {
		t.Fatalf("result %s, want none", got)
	}
}

func TestExplanationOnlyForFailAndUncounted(t *testing.T) {
	z := practiceZone()
	_, _ = CheckHost(context.Background(), z, netip.MustParseAddr("192.0.2.10"), "clinic.example", "", "h")
	if slices.Contains(z.Queries(), "TXT why.clinic.example") {
		t.Error("looked up the explanation for a pass")
	}
}

func TestValidatedNamePrefersDomain(t *testing.T) {
	z := dnsx.NewZone()
	ip := netip.MustParseAddr("192.0.2.5")
	rev := "5.2.0.192.in-addr.arpa"
	for _, n := range []string{"other.example.net", "host.example.com", "example.com"} {
		z.AddPTR(rev, n)
		z.AddAddr(n, ip)
	}
	z.AddPTR(rev, "liar.example.com") // does not resolve back
	e := (&Checker{Resolver: z}).newEval(ip, "example.com", "", "h")
	if got := e.validatedName(context.Background(), "example.com"); got != "example.com" {
		t.Errorf("p = %q, want the domain itself", got)
	}
	if got := e.validatedName(context.Background(), "sub.example.com"); got != "other.example.net" {
		t.Errorf("p = %q, want the first validated name when none is under the domain", got)
	}
	if got := e.validatedName(context.Background(), "host.example.com"); got != "host.example.com" {
		t.Errorf("p = %q", got)
	}
}
