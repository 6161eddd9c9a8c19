package spf

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func TestParseValid(t *testing.T) {
	rec, err := Parse("v=spf1 +a mx:mail.example.com/24//64 -ptr ~ip4:192.0.2.0/24 ?ip6:2001:DB8::/32 include:_spf.example.net exists:%{i}.bl.example.org exp=why.%{d} foo=bar -all")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		q     Qualifier
		kind  Kind
		dom   string
		c4    int
		c6    int
		netip string
	}{
		{Plus, A, "", 32, 128, ""},
		{Plus, MX, "mail.example.com", 24, 64, ""},
		{Minus, PTR, "", 32, 128, ""},
		{Tilde, IP4, "", 32, 128, "192.0.2.0/24"},
		{Question, IP6, "", 32, 128, "2001:db8::/32"},
		{Plus, Include, "_spf.example.net", 32, 128, ""},
		{Plus, Exists, "%{i}.bl.example.org", 32, 128, ""},
		{Minus, All, "", 32, 128, ""},
	}
	if len(rec.Mechanisms) != len(want) {
		t.Fatalf("got %d mechanisms, want %d", len(rec.Mechanisms), len(want))
	}
	for i, w := range want {
		m := rec.Mechanisms[i]
		dom := ""
		if m.Domain != nil {
			dom = m.Domain.String()
		}
		if m.Qualifier != w.q || m.Kind != w.kind || dom != w.dom || m.CIDR4 != w.c4 || m.CIDR6 != w.c6 {
			t.Errorf("mechanism %d = %+v (domain %q), want %+v", i, m, dom, w)
		}
		if w.netip != "" && m.Net != netip.MustParsePrefix(w.netip) {
			t.Errorf("mechanism %d network %v, want %s", i, m.Net, w.netip)
		}
	}
	if rec.Exp == nil || rec.Exp.String() != "why.%{d}" || rec.Redirect != nil {
		t.Errorf("exp/redirect = %v/%v", rec.Exp, rec.Redirect)
	}
	if len(rec.Unknown) != 1 || rec.Unknown[0].Name != "foo" {
		t.Errorf("unknown modifiers = %+v", rec.Unknown)
	}
	if q, ok := rec.AllQualifier(); !ok || q != Minus {
		t.Errorf("AllQualifier = %c, %v", q, ok)
	}
}

func TestParseCaseAndSpacing(t *testing.T) {
	rec, err := Parse("V=SPF1   IP4:192.0.2.1   Redirect=_spf.example.com  ")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Mechanisms) != 1 || rec.Mechanisms[0].Kind != IP4 || rec.Redirect == nil {
		t.Fatalf("parsed %+v", rec)
	}
	if _, ok := rec.AllQualifier(); ok {
		t.Error("no all expected")
	}
}

func TestParseErrors(t *testing.T) {
	bad := map[string]string{
		"v=spf10":                        "not an SPF record",
		"spf1 -all":                      "no version",
		"v=spf1 -all moo":                "unknown mechanism",
		"v=spf1 a:example.com\t-all":     "tab is not a separator",
		"v=spf1 a:ex\u00e4mple.com -all": "non-ASCII",
		"v=spf1 all:foo":                 "all with argument",
		"v=spf1 -all/8":                  "all with prefix",
		"v=spf1 include":                 "include without domain",
		"v=spf1 include:":                "include with empty domain",
		"v=spf1 include:example.com/24":  "include with prefix",
		"v=spf1 exists":                  "exists without domain",
		"v=spf1 a:museum":                "single label",
		"v=spf1 a:111.222.33.44":         "numeric top label",
		"v=spf1 a:example.-com":          "top label starts with hyphen",
		"v=spf1 a/33":                    "ip4 prefix too long",
		"v=spf1 a//129":                  "ip6 prefix too long",
		"v=spf1 a/24/64":                 "wrong dual prefix",
		"v=spf1 ptr/0":                   "ptr with prefix",
		"v=spf1 ip4":                     "ip4 without address",
		"v=spf1 ip4:1.2.3":               "short ip4",
		"v=spf1 ip4:1.2.3.4/032":         "leading zero prefix",
		"v=spf1 ip4:1.2.3.4//32":         "dual prefix on ip4",
		"v=spf1 ip4:01.2.3.4":            "leading zero octet",
		"v=spf1 ip4:2001:db8::1":         "ip6 address in ip4",
		"v=spf1 ip6:192.0.2.1":           "ip4 address in ip6",
		"v=spf1 ip6:fe80::1%eth0":        "zone in ip6",
		"v=spf1 ip6::CAFE::BABE":         "bad ip6",
		"v=spf1 redirect=a.example.com redirect=b.example.com": "two redirects",
		"v=spf1 exp=a.example.com exp=b.example.com":           "two exps",
		"v=spf1 exp=":                      "empty exp",
		"v=spf1 redirect=-all":             "redirect not a domain",
		"v=spf1 redirect:example.com":      "redirect as mechanism",
		"v=spf1 1up=foo":                   "modifier name starts with digit",
		"v=spf1 =all":                      "empty modifier name",
		"v=spf1 foo=%abc":                  "bad macro in unknown modifier",
		"v=spf1 exists:%{a}.example.com":   "unknown macro letter",
		"v=spf1 exists:%{r}.example.com":   "explanation-only macro letter in domain",
		"v=spf1 exists:%{d0}.example.com":  "zero parts",
		"v=spf1 exists:%{d2x}.example.com": "bad delimiter",
		"v=spf1 exists:%{d.example.com":    "unclosed macro",
		"v=spf1 a:foo%":                    "lone percent",
		"v=spf1 +":                         "qualifier alone",
	}
	for rec, why := range bad {
		_, err := Parse(rec)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) (%s): err = %v, want a SyntaxError", rec, why, err)
		}
	}
}

func TestParseDomainSpecEnds(t *testing.T) {
	good := []string{"example.com", "example.com.", "foo.example.xn--zckzah", "%{d}", "_spf.%{d2}", "x.%{o}.", "foo:bar/baz.example.com", "a.123-456", "%{d}%-"}
	for _, s := range good {
		if _, err := parseDomainSpec(s); err != nil {
			t.Errorf("parseDomainSpec(%q): %v", s, err)
		}
	}
	bad := []string{"", "com", "com.", "a.123", "a.-com", "a.com-", "a.c_m", "%{d}com", "a.com/24"}
	for _, s := range bad {
		if _, err := parseDomainSpec(s); err == nil {
			t.Errorf("parseDomainSpec(%q): want an error", s)
		}
	}
}

func TestSyntaxErrorNamesTerm(t *testing.T) {
	_, err := Parse("v=spf1 ip4:192.0.2.1 a:museum -all")
	if err == nil || !strings.Contains(err.Error(), `"a:museum"`) {
		t.Fatalf("err = %v; want it to name the term", err)
	}
}
