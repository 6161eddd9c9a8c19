package spf

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"triage/internal/probe/dnsx"
)

// The examples of RFC 7208 §7.4.
func TestMacroExpansionRFCExamples(t *testing.T) {
	cases := []struct {
		ip, in, want string
	}{
		{"192.0.2.3", "%{s}", "strong-bad@email.example.com"},
		{"192.0.2.3", "%{o}", "email.example.com"},
		{"192.0.2.3", "%{d}", "email.example.com"},
		{"192.0.2.3", "%{d4}", "email.example.com"},
		{"192.0.2.3", "%{d3}", "email.example.com"},
		{"192.0.2.3", "%{d2}", "example.com"},
		{"192.0.2.3", "%{d1}", "com"},
		{"192.0.2.3", "%{dr}", "com.example.email"},
		{"192.0.2.3", "%{d2r}", "example.email"},
		{"192.0.2.3", "%{l}", "strong-bad"},
		{"192.0.2.3", "%{l-}", "strong.bad"},
		{"192.0.2.3", "%{lr}", "strong-bad"},
		{"192.0.2.3", "%{lr-}", "bad.strong"},
		{"192.0.2.3", "%{l1r-}", "strong"},
		{"192.0.2.3", "%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"},
		{"192.0.2.3", "%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"},
		{"192.0.2.3", "%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"},
		{"192.0.2.3", "%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com"},
		{"192.0.2.3", "%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"},
		{"2001:db8::cb01", "%{ir}.%{v}._spf.%{d2}", "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com"},
	}
	for _, c := range cases {
		ms, err := parseMacroString(c.in, domainLetters, false)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		e := (&Checker{Resolver: dnsx.NewZone()}).newEval(netip.MustParseAddr(c.ip), "email.example.com", "strong-bad@email.example.com", "mx.example.org")
		if got := ms.expandWith(e.values(context.Background(), "email.example.com")); got != c.want {
			t.Errorf("%s with %s = %q, want %q", c.in, c.ip, got, c.want)
		}
	}
}

func TestMacroExplanationLetters(t *testing.T) {
	ms, err := parseMacroString("%{c} %{r} %{t} %{h} %{V} %% %_ %- %{L}", explainLetters, true)
	if err != nil {
		t.Fatal(err)
	}
	c := &Checker{Resolver: dnsx.NewZone(), Receiver: "mx.receiver.example", Now: func() time.Time { return time.Unix(1234567890, 0) }}
	e := c.newEval(netip.MustParseAddr("2001:DB8::1"), "example.com", "a b@example.com", "helo.example.com")
	got := ms.expandWith(e.values(context.Background(), "example.com"))
	want := "2001:db8::1 mx.receiver.example 1234567890 helo.example.com ip6 %   %20 a%20b"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestMacroEmptyLocalPartAndMappedAddress(t *testing.T) {
	ms, _ := parseMacroString("%{s} %{i} %{v}", domainLetters, true)
	e := (&Checker{Resolver: dnsx.NewZone()}).newEval(netip.MustParseAddr("::ffff:192.0.2.1"), "example.com", "@example.com", "h")
	if got := ms.expandWith(e.values(context.Background(), "example.com")); got != "postmaster@example.com 192.0.2.1 in-addr" {
		t.Errorf("got %q", got)
	}
}

func TestMacroHugeDigitCount(t *testing.T) {
	ms, err := parseMacroString("%{d99999999999999999999r}", domainLetters, false)
	if err != nil {
		t.Fatal(err)
	}
	e := (&Checker{Resolver: dnsx.NewZone()}).newEval(netip.MustParseAddr("192.0.2.1"), "a.b.c", "x@a.b.c", "h")
	if got := ms.expandWith(e.values(context.Background(), "a.b.c")); got != "c.b.a" {
		t.Errorf("got %q", got)
	}
}
