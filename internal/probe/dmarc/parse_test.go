package dmarc

import (
	"errors"
	"slices"
	"testing"

	"triage/internal/probe"
)

func problemCodes(ps []probe.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}

func TestParseFull(t *testing.T) {
	rec, err := Parse("v=DMARC1; p=reject; sp=quarantine; pct=50; rua=mailto:agg@example.com,mailto:x@example.net!10m; ruf=mailto:f@example.com; adkim=s; aspf=r; fo=1:d; rf=afrf; ri=3600")
	if err != nil {
		t.Fatal(err)
	}
	if !rec.Valid || rec.Policy != Reject || rec.SubdomainPolicy != Quarantine || rec.ForSubdomains() != Quarantine || rec.Percent != 50 {
		t.Errorf("policy fields: %+v", rec)
	}
	if !slices.Equal(rec.RUA, []string{"mailto:agg@example.com", "mailto:x@example.net!10m"}) || !slices.Equal(rec.RUF, []string{"mailto:f@example.com"}) {
		t.Errorf("rua %q ruf %q", rec.RUA, rec.RUF)
	}
	if rec.ADKIM != Strict || rec.ASPF != Relaxed || !slices.Equal(rec.FailureOptions, []string{"1", "d"}) || rec.Interval != 3600 {
		t.Errorf("other fields: %+v", rec)
	}
	if len(rec.Problems) != 0 || len(rec.Tags) != 11 {
		t.Errorf("problems %v, %d tags", rec.Problems, len(rec.Tags))
	}
}

func TestParseDefaults(t *testing.T) {
	rec, err := Parse("v=DMARC1; p=none")
	if err != nil {
		t.Fatal(err)
	}
	if rec.Percent != 100 || rec.ADKIM != Relaxed || rec.ASPF != Relaxed || rec.Interval != 86400 ||
		!slices.Equal(rec.FailureOptions, []string{"0"}) || !slices.Equal(rec.ReportFormats, []string{"afrf"}) ||
		rec.SubdomainPolicy != "" || rec.ForSubdomains() != PolicyNone {
		t.Errorf("defaults: %+v", rec)
	}
}

func TestParseNotDMARC(t *testing.T) {
	for _, text := range []string{
		"", "p=reject; v=DMARC1", "v=dmarc1; p=reject", "v=DMARC2; p=reject", "v=spf1 -all",
		"junk; v=DMARC1; p=reject", "v = DMARC1x; p=reject", "v:DMARC1; p=reject",
	} {
		if _, err := Parse(text); !errors.Is(err, ErrNotDMARC) {
			t.Errorf("Parse(%q): err = %v, want ErrNotDMARC", text, err)
		}
	}
}

func TestParseEdgeCases(t *testing.T) {
	cases := []struct {
		name   string
		text   string
		valid  bool
		policy Policy
		sub    Policy
		pct    int
		codes  []string
	}{
		{"whitespace everywhere", " v = DMARC1 ;\tp = reject ;  rua = mailto:a@example.com ; ", true, Reject, "", 100, nil},
		{"no trailing semicolon needed", "v=DMARC1;p=quarantine", true, Quarantine, "", 100, nil},
		{"uppercase tag names", "V=DMARC1; P=reject; SP=none", true, Reject, PolicyNone, 100, []string{"dmarc.tag_case"}},
		{"uppercase policy value", "v=DMARC1; p=REJECT", true, Reject, "", 100, nil},
		{"missing p, with rua: p=none", "v=DMARC1; rua=mailto:a@example.com", true, PolicyNone, "", 100, []string{"dmarc.no_policy"}},
		{"missing p, no rua: ignored", "v=DMARC1; pct=100", false, "", "", 100, []string{"dmarc.invalid"}},
		{"bad p, with rua", "v=DMARC1; p=rejected; rua=mailto:a@example.com", true, PolicyNone, "", 100, []string{"dmarc.bad_value", "dmarc.no_policy"}},
		{"bad p, rua unusable", "v=DMARC1; p=rejected; rua=dmarc@example.com", false, "", "", 100, []string{"dmarc.bad_value", "dmarc.bad_uri", "dmarc.invalid"}},
		{"bad sp voids the record", "v=DMARC1; p=reject; sp=strict", false, "", "", 100, []string{"dmarc.bad_value", "dmarc.invalid"}},
		{"bad sp with rua: p=none", "v=DMARC1; p=reject; sp=strict; rua=mailto:a@example.com", true, PolicyNone, "", 100, []string{"dmarc.bad_value", "dmarc.no_policy"}},
		{"pct below 100", "v=DMARC1; p=reject; pct=20", true, Reject, "", 20, nil},
		{"pct out of range", "v=DMARC1; p=reject; pct=150", true, Reject, "", 100, []string{"dmarc.bad_value"}},
		{"pct not a number", "v=DMARC1; p=reject; pct=+5", true, Reject, "", 100, []string{"dmarc.bad_value"}},
		{"unknown tags ignored", "v=DMARC1; p=reject; foo=bar", true, Reject, "", 100, []string{"dmarc.unknown_tag"}},
		{"later-revision tags accepted quietly", "v=DMARC1; p=reject; np=reject; t=n; psd=u", true, Reject, "", 100, nil},
		{"duplicate p: first wins", "v=DMARC1; p=reject; p=none", true, Reject, "", 100, []string{"dmarc.duplicate_tag"}},
		{"not a tag", "v=DMARC1; p=reject; hello", true, Reject, "", 100, []string{"dmarc.syntax"}},
		{"double semicolon", "v=DMARC1;; p=reject", true, Reject, "", 100, []string{"dmarc.syntax"}},
		{"bad alignment", "v=DMARC1; p=reject; adkim=x", true, Reject, "", 100, []string{"dmarc.bad_value"}},
		{"bad fo item", "v=DMARC1; p=reject; fo=1:z", true, Reject, "", 100, []string{"dmarc.bad_value"}},
		{"bad ri", "v=DMARC1; p=reject; ri=daily", true, Reject, "", 100, []string{"dmarc.bad_value"}},
		{"v only", "v=DMARC1", false, "", "", 100, []string{"dmarc.invalid"}},
	}
	for _, c := range cases {
		rec, err := Parse(c.text)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		got := problemCodes(rec.Problems)
		if rec.Valid != c.valid || rec.Policy != c.policy || rec.SubdomainPolicy != c.sub || rec.Percent != c.pct || !slices.Equal(got, c.codes) {
			t.Errorf("%s: valid %v p %q sp %q pct %d problems %v; want %v %q %q %d %v",
				c.name, rec.Valid, rec.Policy, rec.SubdomainPolicy, rec.Percent, got, c.valid, c.policy, c.sub, c.pct, c.codes)
		}
	}
}

func TestRUAValidation(t *testing.T) {
	rec, _ := Parse("v=DMARC1; p=none; rua=mailto:ok@example.com, mailto:@example.com , https://reports.example.com/dmarc, example.com, mailto:big@example.com!50k")
	want := []string{"mailto:ok@example.com", "https://reports.example.com/dmarc", "mailto:big@example.com!50k"}
	if !slices.Equal(rec.RUA, want) {
		t.Errorf("RUA = %q, want %q", rec.RUA, want)
	}
	if n := len(rec.Problems); n != 2 {
		t.Errorf("%d problems, want 2 (the two unusable URIs): %v", n, rec.Problems)
	}
}
