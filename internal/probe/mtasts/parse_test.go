package mtasts

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseRecord(t *testing.T) {
	good := map[string]string{
		"v=STSv1; id=20160831085700Z;":     "20160831085700Z",
		"v=STSv1;id=1":                     "1",
		"v = STSv1 ; id = abc ; ext=hello": "abc",
	}
	for in, id := range good {
		r, err := ParseRecord(in)
		if err != nil || r.ID != id {
			t.Errorf("ParseRecord(%q) = %+v, %v", in, r, err)
		}
	}
	for _, in := range []string{"", "id=1; v=STSv1", "v=STSv2; id=1", "v=STSv10; id=1", "hello"} {
		if _, err := ParseRecord(in); !errors.Is(err, ErrNotSTS) {
			t.Errorf("ParseRecord(%q) = %v, want ErrNotSTS", in, err)
		}
	}
	bad := []string{"v=STSv1", "v=STSv1; id=", "v=STSv1; id=" + strings.Repeat("a", 33), "v=STSv1; id=2024-01-01", "v=STSv1; id=1; id=2", "v=STSv1; junk"}
	for _, in := range bad {
		if _, err := ParseRecord(in); err == nil || errors.Is(err, ErrNotSTS) {
			t.Errorf("ParseRecord(%q) = %v, want a broken-record error", in, err)
		}
	}
}

func TestParseTLSRPT(t *testing.T) {
	r, err := ParseTLSRPT("v=TLSRPTv1; rua=mailto:tls@example.com,https://report.example/tls")
	if err != nil || !slices.Equal(r.RUA, []string{"mailto:tls@example.com", "https://report.example/tls"}) {
		t.Fatalf("got %+v, %v", r, err)
	}
	for _, in := range []string{"v=TLSRPTv1", "v=TLSRPTv1; rua=", "v=TLSRPTv1; rua=ftp://x", "v=TLSRPTv1; rua=mailto:"} {
		if _, err := ParseTLSRPT(in); err == nil || errors.Is(err, ErrNotSTS) {
			t.Errorf("ParseTLSRPT(%q) = %v, want an error", in, err)
		}
	}
	if _, err := ParseTLSRPT("v=spf1 -all"); !errors.Is(err, ErrNotSTS) {
		t.Errorf("SPF record: %v", err)
	}
}

func TestParsePolicy(t *testing.T) {
	p, err := ParsePolicy("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 1209600\r\n")
	if err != nil || p.Mode != Enforce || p.MaxAge != 1209600 || !slices.Equal(p.MX, []string{"mail.example.com", "*.example.net"}) {
		t.Fatalf("got %+v, %v", p, err)
	}
	for host, want := range map[string]bool{"mail.example.com": true, "MAIL.example.com.": true, "a.example.net": true, "a.b.example.net": false, "example.net": false, "other.example.com": false} {
		if p.Matches(host) != want {
			t.Errorf("Matches(%q) = %v", host, !want)
		}
	}
	if _, err := ParsePolicy("version: STSv1\nmode: none\nmax_age: 0\n"); err != nil {
		t.Errorf("mode none without mx: %v", err)
	}
	bad := map[string]string{
		"mode: enforce\nmx: a.example\nmax_age: 1":                                "version",
		"version: STSv1\nmx: a.example\nmax_age: 1":                               "mode",
		"version: STSv1\nmode: enforce\nmx: a.example":                            "max_age",
		"version: STSv1\nmode: enforce\nmax_age: 1":                               "mx",
		"version: STSv1\nmode: strict\nmx: a.example\nmax_age: 1":                 "mode",
		"version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 99999999999":      "max_age",
		"version: STSv1\nmode: enforce\nmx: a.example\nmax_age: -5":               "max_age",
		"version: STSv1\nmode: enforce\nmode: testing\nmx: a.example\nmax_age: 1": "twice",
		"version: STSv1\nmode: enforce\nmx: *\nmax_age: 1":                        "mx",
		"<html>not a policy</html>":                                               "key: value",
	}
	for in, want := range bad {
		if _, err := ParsePolicy(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParsePolicy(%q) = %v, want an error about %s", in, err, want)
		}
	}
}
