package mtasts

import (
	"context"
	"errors"
	"slices"
	"testing"

	"triage/internal/probe"
	"triage/internal/probe/dnsx"
)

const goodPolicy = "version: STSv1\nmode: enforce\nmx: *.mail.protection.outlook.com\nmax_age: 604800\n"

func TestCheck(t *testing.T) {
	z := dnsx.NewZone()
	for _, d := range []string{"good", "testing", "mismatch", "unreachable", "redirect", "html", "short"} {
		z.AddTXT("_mta-sts."+d+".example", "v=STSv1; id=2024")
	}
	z.AddTXT("_mta-sts.two.example", "v=STSv1; id=1")
	z.AddTXT("_mta-sts.two.example", "v=STSv1; id=2")
	z.AddTXT("_mta-sts.broken.example", "v=STSv1; id=not-alnum")
	z.SetTimeout("_mta-sts.slow.example")
	pages := map[string]struct {
		status int
		ctype  string
		body   string
	}{
		"good":     {200, "text/plain; charset=utf-8", goodPolicy},
		"testing":  {200, "text/plain", "version: STSv1\nmode: testing\nmx: *.mail.protection.outlook.com\nmax_age: 604800\n"},
		"mismatch": {200, "text/plain", "version: STSv1\nmode: enforce\nmx: mx.other.example\nmax_age: 604800\n"},
		"redirect": {301, "text/html", ""},
		"html":     {200, "text/html", "<html>hello</html>"},
		"short":    {200, "text/html", "version: STSv1\nmode: enforce\nmx: *.mail.protection.outlook.com\nmax_age: 300\n"},
	}
	get := func(_ context.Context, url string) (int, string, []byte, error) {
		for name, p := range pages {
			if url == "https://mta-sts."+name+".example/.well-known/mta-sts.txt" {
				return p.status, p.ctype, []byte(p.body), nil
			}
		}
		return 0, "", nil, errors.New("connection refused")
	}
	mx := []string{"x-example.mail.protection.outlook.com"}
	cases := []struct {
		domain            string
		checked, enforced bool
		codes             []string
	}{
		{"good.example", true, true, nil},
		{"testing.example", true, false, []string{"mta_sts.testing"}},
		{"mismatch.example", true, false, []string{"mta_sts.mx_mismatch"}},
		{"unreachable.example", true, false, []string{"mta_sts.policy_unreadable"}},
		{"redirect.example", true, false, []string{"mta_sts.policy_unreadable"}},
		{"html.example", true, false, []string{"mta_sts.policy_unreadable"}},
		{"short.example", true, true, []string{"mta_sts.content_type", "mta_sts.short_max_age"}},
		{"two.example", true, false, []string{"mta_sts.multiple"}},
		{"broken.example", true, false, []string{"mta_sts.bad_record"}},
		{"none.example", true, false, []string{"mta_sts.missing"}},
		{"slow.example", false, false, []string{"mta_sts.dns_error"}},
	}
	for _, c := range cases {
		r := Check(context.Background(), z, get, c.domain, mx)
		if r.Checked != c.checked || r.Enforced != c.enforced || !slices.Equal(codes(r.Problems), c.codes) {
			t.Errorf("%s: checked %v enforced %v codes %v; want %v %v %v", c.domain, r.Checked, r.Enforced, codes(r.Problems), c.checked, c.enforced, c.codes)
		}
	}
}

func TestCheckTLSRPT(t *testing.T) {
	z := dnsx.NewZone()
	z.AddTXT("_smtp._tls.good.example", "v=TLSRPTv1; rua=mailto:tls@good.example")
	z.AddTXT("_smtp._tls.bad.example", "v=TLSRPTv1;")
	z.AddTXT("_smtp._tls.two.example", "v=TLSRPTv1; rua=mailto:a@two.example")
	z.AddTXT("_smtp._tls.two.example", "v=TLSRPTv1; rua=mailto:b@two.example")
	z.AddTXT("_smtp._tls.other.example", "hello")
	z.SetTimeout("_smtp._tls.slow.example")
	cases := map[string][]string{
		"good.example":  nil,
		"bad.example":   {"tls_rpt.bad_record"},
		"two.example":   {"tls_rpt.multiple"},
		"other.example": {"tls_rpt.missing"},
		"slow.example":  {"tls_rpt.dns_error"},
	}
	for d, want := range cases {
		r := CheckTLSRPT(context.Background(), z, d)
		if got := codes(r.Problems); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", d, got, want)
		}
		if (d == "good.example") != (r.Record != nil) {
			t.Errorf("%s: record %v", d, r.Record)
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
