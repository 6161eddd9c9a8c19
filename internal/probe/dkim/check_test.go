package dkim

import (
	"context"
	"slices"
	"testing"

	"triage/internal/probe"
	"triage/internal/probe/dnsx"
)

func TestCheck(t *testing.T) {
	z := dnsx.NewZone()
	// Microsoft 365: selector1 is a CNAME into the tenant's zone.
	z.SetCNAME("selector1._domainkey.good.example", "selector1-good-example._domainkey.tenant.onmicrosoft.com")
	z.AddTXT("selector1-good-example._domainkey.tenant.onmicrosoft.com", "v=DKIM1; k=rsa; p="+rsaKey(t, 2048))
	z.AddTXT("selector2._domainkey.good.example", "v=DKIM1; k=rsa; p=")
	z.AddTXT("google._domainkey.old.example", "v=DKIM1; k=rsa; p="+rsaKey(t, 1024))
	z.AddTXT("s1._domainkey.weak.example", "v=DKIM1; p="+rsaKey(t, 768))
	z.AddTXT("k1._domainkey.weak.example", "some-other-record")
	z.AddTXT("k1._domainkey.two.example", "v=DKIM1; p="+rsaKey(t, 2048))
	z.AddTXT("k1._domainkey.two.example", "v=DKIM1; p="+rsaKey(t, 2048))
	z.AddName("www.none.example")
	z.SetTimeout("selector1._domainkey.flaky.example")
	z.AddTXT("selector2._domainkey.flaky.example", "v=DKIM1; p=")
	z.SetTimeout("selector1._domainkey.mixed.example")
	z.AddTXT("selector2._domainkey.mixed.example", "v=DKIM1; p="+rsaKey(t, 2048))

	ctx := context.Background()
	sel := []string{"selector1", "selector2", "google", "s1", "k1"}
	cases := []struct {
		domain   string
		usable   []string
		checked  bool
		statuses []Status
		codes    []string
	}{
		{"good.example", []string{"selector1"}, true, []Status{Valid, Revoked, Absent, Absent, Absent}, nil},
		{"old.example", []string{"google"}, true, []Status{Absent, Absent, Valid, Absent, Absent}, []string{"dkim.key_1024"}},
		{"weak.example", nil, true, []Status{Absent, Absent, Absent, Weak, Absent}, []string{"dkim.weak_key", "dkim.missing"}},
		{"two.example", nil, true, []Status{Absent, Absent, Absent, Absent, Invalid}, []string{"dkim.invalid", "dkim.missing"}},
		{"none.example", nil, true, []Status{Absent, Absent, Absent, Absent, Absent}, []string{"dkim.missing"}},
		{"flaky.example", nil, false, []Status{Failed, Revoked, Absent, Absent, Absent}, []string{"dkim.dns_error"}},
		{"mixed.example", []string{"selector2"}, true, []Status{Failed, Valid, Absent, Absent, Absent}, nil},
	}
	for _, c := range cases {
		r := Check(ctx, z, c.domain, sel)
		var st []Status
		for _, s := range r.Selectors {
			st = append(st, s.Status)
		}
		wantShort := []string(nil)
		if c.domain == "old.example" {
			wantShort = []string{"google"} // 1024 bits: usable, short
		}
		if !slices.Equal(r.ShortKeys(), wantShort) {
			t.Errorf("%s: short keys %v, want %v", c.domain, r.ShortKeys(), wantShort)
		}
		if !slices.Equal(r.Usable(), c.usable) || r.Checked != c.checked || !slices.Equal(st, c.statuses) || !slices.Equal(codes(r.Problems), c.codes) {
			t.Errorf("%s: usable %v checked %v statuses %v codes %v; want %v %v %v %v", c.domain, r.Usable(), r.Checked, st, codes(r.Problems), c.usable, c.checked, c.statuses, c.codes)
		}
	}
}

func codes(ps []probe.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}
