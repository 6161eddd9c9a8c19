package dmarc

import (
	"context"
	"slices"
	"testing"

	"triage/internal/probe/dnsx"
)

func TestOrgDomain(t *testing.T) {
	cases := map[string]string{
		"mail.clinic.com.au":      "clinic.com.au",
		"clinic.com.au":           "clinic.com.au",
		"Bookings.Clinic.COM.AU.": "clinic.com.au",
		"a.b.example.com":         "example.com",
		"example.co.uk":           "example.co.uk",
		"com.au":                  "com.au",
		"localhost":               "localhost",
	}
	for in, want := range cases {
		if got := OrgDomain(in); got != want {
			t.Errorf("OrgDomain(%q) = %q, want %q", in, got, want)
		}
	}
}

func testZone() *dnsx.Zone {
	z := dnsx.NewZone()
	z.AddTXT("_dmarc.strict.com.au", "v=DMARC1; p=reject; rua=mailto:dmarc@strict.com.au")
	z.AddTXT("_dmarc.monitor.com.au", "v=DMARC1; p=none; rua=mailto:dmarc@monitor.com.au")
	z.AddTXT("_dmarc.two.com.au", "v=DMARC1; p=reject")
	z.AddTXT("_dmarc.two.com.au", "v=DMARC1; p=none")
	z.AddTXT("_dmarc.subweak.com.au", "v=DMARC1; p=reject; sp=none; rua=mailto:d@subweak.com.au")
	z.AddTXT("_dmarc.substrict.com.au", "v=DMARC1; p=quarantine; sp=reject; rua=mailto:d@substrict.com.au")
	z.AddTXT("_dmarc.partial.com.au", "v=DMARC1; p=reject; pct=25; rua=mailto:d@partial.com.au")
	z.AddTXT("_dmarc.vnotfirst.com.au", "p=reject; v=DMARC1")
	z.AddTXT("_dmarc.nop.com.au", "v=DMARC1; rua=mailto:d@nop.com.au")
	z.AddTXT("_dmarc.nopnorua.com.au", "v=DMARC1; adkim=s")
	z.AddTXT("_dmarc.norua.com.au", "V=DMARC1; P=Reject")
	z.AddTXT("_dmarc.mixed.com.au", "some-other-verification=1")
	z.AddTXT("_dmarc.mixed.com.au", "v=DMARC1;p=reject;rua=mailto:d@mixed.com.au")
	z.AddTXT("_dmarc.ownsub.strict.com.au", "v=DMARC1; p=quarantine; rua=mailto:d@strict.com.au")
	z.AddTXT("_dmarc.twice-sub.strict.com.au", "v=DMARC1; p=reject")
	z.AddTXT("_dmarc.twice-sub.strict.com.au", "v=DMARC1; p=reject")
	z.SetTimeout("_dmarc.slow.com.au")
	z.SetTimeout("_dmarc.slowparent.com.au")
	return z
}

func TestDiscover(t *testing.T) {
	z := testZone()
	cases := []struct {
		domain         string
		checked, valid bool
		foundAt, name  string
		p, sp, eff     Policy
		pct            int
		rua            bool
		codes          []string
	}{
		{"strict.com.au", true, true, AtDomain, "_dmarc.strict.com.au", Reject, Reject, Reject, 100, true, nil},
		{"monitor.com.au", true, true, AtDomain, "_dmarc.monitor.com.au", PolicyNone, PolicyNone, PolicyNone, 100, true, []string{"dmarc.policy_none"}},
		{"two.com.au", true, false, AtDomain, "_dmarc.two.com.au", "", "", "", 100, false, []string{"dmarc.multiple"}},
		{"subweak.com.au", true, true, AtDomain, "_dmarc.subweak.com.au", Reject, PolicyNone, Reject, 100, true, []string{"dmarc.sp_weaker"}},
		{"substrict.com.au", true, true, AtDomain, "_dmarc.substrict.com.au", Quarantine, Reject, Quarantine, 100, true, []string{"dmarc.policy_quarantine"}},
		{"x.substrict.com.au", true, true, AtOrgDomain, "_dmarc.substrict.com.au", Quarantine, Reject, Reject, 100, true, []string{"dmarc.inherited"}},
		{"partial.com.au", true, true, AtDomain, "_dmarc.partial.com.au", Reject, Reject, Reject, 25, true, []string{"dmarc.pct"}},
		{"vnotfirst.com.au", true, false, "", "", "", "", "", 100, false, []string{"dmarc.not_dmarc", "dmarc.missing"}},
		{"nop.com.au", true, true, AtDomain, "_dmarc.nop.com.au", PolicyNone, PolicyNone, PolicyNone, 100, true, []string{"dmarc.no_policy", "dmarc.policy_none"}},
		{"nopnorua.com.au", true, false, AtDomain, "_dmarc.nopnorua.com.au", "", "", "", 100, false, []string{"dmarc.invalid"}},
		{"norua.com.au", true, true, AtDomain, "_dmarc.norua.com.au", Reject, Reject, Reject, 100, false, []string{"dmarc.tag_case", "dmarc.no_rua"}},
		{"mixed.com.au", true, true, AtDomain, "_dmarc.mixed.com.au", Reject, Reject, Reject, 100, true, nil},
		{"nothing.com.au", true, false, "", "", "", "", "", 100, false, []string{"dmarc.missing"}},
		{"mail.nothing.com.au", true, false, "", "", "", "", "", 100, false, []string{"dmarc.missing"}},
		// A subdomain without its own record falls back to the organisational domain.
		{"bookings.strict.com.au", true, true, AtOrgDomain, "_dmarc.strict.com.au", Reject, Reject, Reject, 100, true, []string{"dmarc.inherited"}},
		{"deep.er.subweak.com.au", true, true, AtOrgDomain, "_dmarc.subweak.com.au", Reject, PolicyNone, PolicyNone, 100, true, []string{"dmarc.policy_none", "dmarc.inherited"}},
		// A subdomain's own record wins, even when weaker.
		{"ownsub.strict.com.au", true, true, AtDomain, "_dmarc.ownsub.strict.com.au", Quarantine, Quarantine, Quarantine, 100, true, []string{"dmarc.policy_quarantine"}},
		// Two records at the subdomain: no policy, and no fallback either.
		{"twice-sub.strict.com.au", true, false, AtDomain, "_dmarc.twice-sub.strict.com.au", "", "", "", 100, false, []string{"dmarc.multiple"}},
		{"slow.com.au", false, false, "", "", "", "", "", 100, false, []string{"dmarc.dns_error"}},
		{"mail.slowparent.com.au", false, false, "", "", "", "", "", 100, false, []string{"dmarc.dns_error"}},
	}
	for _, c := range cases {
		r := Discover(context.Background(), z, c.domain)
		got := problemCodes(r.Problems)
		slices.Sort(got)
		want := slices.Clone(c.codes)
		slices.Sort(want)
		if r.Checked != c.checked || r.Valid != c.valid || r.FoundAt != c.foundAt || r.Name != c.name ||
			r.Policy != c.p || r.SubdomainPolicy != c.sp || r.Effective != c.eff || r.Percent != c.pct || r.HasRUA != c.rua || !slices.Equal(got, want) {
			t.Errorf("%s:\n got checked %v valid %v at %q %q p %q sp %q eff %q pct %d rua %v %v\nwant checked %v valid %v at %q %q p %q sp %q eff %q pct %d rua %v %v",
				c.domain, r.Checked, r.Valid, r.FoundAt, r.Name, r.Policy, r.SubdomainPolicy, r.Effective, r.Percent, r.HasRUA, got,
				c.checked, c.valid, c.foundAt, c.name, c.p, c.sp, c.eff, c.pct, c.rua, want)
			for _, p := range r.Problems {
				t.Logf("  %s: %s", p.Code, p.Text)
			}
		}
	}
}

func TestDiscoverRecordsListedForMultiple(t *testing.T) {
	r := Discover(context.Background(), testZone(), "two.com.au")
	if len(r.Records) != 2 || r.Record != nil {
		t.Fatalf("records %q, parsed %v", r.Records, r.Record)
	}
}

func TestDiscoverQueries(t *testing.T) {
	z := testZone()
	Discover(context.Background(), z, "Bookings.Strict.COM.AU.")
	want := []string{"TXT _dmarc.bookings.strict.com.au", "TXT _dmarc.strict.com.au"}
	if got := z.Queries(); !slices.Equal(got, want) {
		t.Fatalf("queries %q, want %q", got, want)
	}
}
