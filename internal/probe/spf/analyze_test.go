package spf

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"triage/internal/probe/dnsx"
)

func TestAnalyze(t *testing.T) {
	z := dnsx.NewZone()
	// A practice on Microsoft 365 with a booking system that sends mail.
	z.AddTXT("good.example", "v=spf1 include:spf.m365.example include:booking.example -all")
	z.AddTXT("spf.m365.example", "v=spf1 ip4:40.92.0.0/15 ip6:2a01:111:f400::/48 -all")
	z.AddTXT("booking.example", "v=spf1 a mx ~all")
	z.AddAddr("booking.example", netip.MustParseAddr("198.51.100.20"))
	z.AddMX("booking.example", 10, "mail.booking.example")

	z.AddTXT("soft.example", "v=spf1 redirect=_spf.soft.example")
	z.AddTXT("_spf.soft.example", "v=spf1 ip4:192.0.2.0/24 ~all")

	z.AddTXT("two.example", "v=spf1 -all")
	z.AddTXT("two.example", "v=spf1 include:spf.m365.example -all")

	z.AddTXT("none.example", "some-verification=xyz")

	// 11 lookups through a chain of includes.
	z.AddTXT("heavy.example", "v=spf1 include:h1.example include:h2.example -all")
	z.AddTXT("h1.example", "v=spf1 a a a a ptr -all")
	z.AddTXT("h2.example", "v=spf1 a a a a -all")
	z.AddAddr("h1.example", netip.MustParseAddr("192.0.2.1"))
	z.AddAddr("h2.example", netip.MustParseAddr("192.0.2.2"))

	z.AddTXT("stale.example", "v=spf1 include:gone.example a:old.stale.example a:older.stale.example -all")

	z.AddTXT("loop.example", "v=spf1 include:loop2.example -all")
	z.AddTXT("loop2.example", "v=spf1 include:loop.example -all")

	z.AddTXT("macro.example", "v=spf1 exists:%{i}._spf.macro.example redirect=%{d}.x.example")

	z.AddTXT("timeout-inc.example", "v=spf1 include:slow.example -all")
	z.SetTimeout("slow.example")
	z.SetTimeout("down.example")

	z.AddTXT("bigmx.example", "v=spf1 mx -all")
	for i := range 11 {
		z.AddMX("bigmx.example", uint16(i), fmt.Sprintf("mx%d.bigmx.example", i))
	}

	cases := []struct {
		domain  string
		checked bool
		all     string
		lookups int
		voids   int
		ptr     bool
		codes   []string
	}{
		{"good.example", true, "-all", 4, 0, false, nil},
		{"soft.example", true, "~all", 1, 0, false, []string{"spf.all_softfail:warning"}},
		{"two.example", true, "", 0, 0, false, []string{"spf.multiple:error"}},
		{"none.example", true, "", 0, 0, false, []string{"spf.missing:error"}},
		{"nxdomain.example", true, "", 0, 0, false, []string{"spf.missing:error"}},
		{"down.example", false, "", 0, 0, false, []string{"spf.dns_error:warning"}},
		{"heavy.example", true, "-all", 11, 0, true, []string{"spf.too_many_lookups:error", "spf.ptr:warning"}},
		{"stale.example", true, "-all", 3, 3, false, []string{"spf.include_broken:error", "spf.void_lookups:error"}},
		{"loop.example", true, "-all", 2, 0, false, []string{"spf.loop:error"}},
		{"macro.example", true, "", 2, 0, false, []string{"spf.macros:info"}},
		{"timeout-inc.example", true, "-all", 1, 0, false, []string{"spf.dns_error:warning"}},
		{"bigmx.example", true, "-all", 1, 0, false, []string{"spf.mx_too_many:error"}},
	}
	for _, c := range cases {
		a := Analyze(context.Background(), z, c.domain)
		got := codes(a.Problems)
		if a.Checked != c.checked || a.All != c.all || a.Lookups != c.lookups || a.VoidLookups != c.voids || a.UsesPTR != c.ptr || !slices.Equal(got, c.codes) {
			t.Errorf("%s: checked %v all %q lookups %d voids %d ptr %v problems %v\nwant checked %v all %q lookups %d voids %d ptr %v problems %v",
				c.domain, a.Checked, a.All, a.Lookups, a.VoidLookups, a.UsesPTR, got, c.checked, c.all, c.lookups, c.voids, c.ptr, c.codes)
			for _, p := range a.Problems {
				t.Logf("  %s", p.Text)
			}
		}
	}
}

func TestAnalyzeIncludesAndRecords(t *testing.T) {
	z := dnsx.NewZone()
	z.AddTXT("example.com", "v=spf1 include:a.example.net redirect=b.example.net")
	z.AddTXT("a.example.net", "v=spf1 ip4:192.0.2.1 -all")
	z.AddTXT("b.example.net", "v=spf1 include:a.example.net -all")
	a := Analyze(context.Background(), z, "Example.COM.")
	if a.Domain != "example.com" || !slices.Equal(a.Records, []string{"v=spf1 include:a.example.net redirect=b.example.net"}) {
		t.Errorf("domain %q records %q", a.Domain, a.Records)
	}
	if !slices.Equal(a.Includes, []string{"a.example.net", "b.example.net"}) || a.Lookups != 3 || a.All != "-all" {
		t.Errorf("includes %v lookups %d all %q", a.Includes, a.Lookups, a.All)
	}
}

func TestAnalyzeBoundsTraffic(t *testing.T) {
	z := dnsx.NewZone()
	// A wide tree: every record includes ten more.
	var walkTree func(name string, depth int)
	walkTree = func(name string, depth int) {
		if depth == 3 {
			z.AddTXT(name, "v=spf1 -all")
			return
		}
		terms := []string{"v=spf1"}
		for i := range 10 {
			child := fmt.Sprintf("c%d.%s", i, name)
			terms = append(terms, "include:"+child)
			walkTree(child, depth+1)
		}
		z.AddTXT(name, strings.Join(append(terms, "-all"), " "))
	}
	walkTree("tree.example", 0)
	a := Analyze(context.Background(), z, "tree.example")
	if n := len(z.Queries()); n > maxFetches+1 {
		t.Errorf("made %d queries; want at most %d", n, maxFetches+1)
	}
	got := codes(a.Problems)
	if !slices.Contains(got, "spf.too_many_lookups:error") || !slices.Contains(got, "spf.too_deep:warning") {
		t.Errorf("problems %v", got)
	}
	for _, p := range a.Problems {
		if p.Code == "spf.too_many_lookups" && !strings.Contains(p.Text, "at least") {
			t.Errorf("a cut-short count must say \"at least\": %s", p.Text)
		}
	}
}
