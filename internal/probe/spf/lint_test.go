package spf

import (
	"slices"
	"strings"
	"testing"

	"triage/internal/probe"
)

func codes(ps []probe.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code+":"+string(p.Level))
	}
	return out
}

func TestLint(t *testing.T) {
	cases := []struct {
		record string
		want   []string
	}{
		{"v=spf1 include:spf.protection.outlook.com -all", nil},
		{"v=spf1 include:_spf.google.com ~all", []string{"spf.all_softfail:warning"}},
		{"v=spf1 +all", []string{"spf.all_pass:error"}},
		{"v=spf1 a mx ?all", []string{"spf.all_neutral:error"}},
		{"v=spf1 ip4:192.0.2.1", []string{"spf.no_all:error"}},
		{"v=spf1 redirect=_spf.example.com", []string{"spf.redirect:info"}},
		{"v=spf1 ptr -all", []string{"spf.ptr:warning"}},
		{"v=spf1 ip4:0.0.0.0/1 -all", []string{"spf.wide_network:error"}},
		{"v=spf1 ip4:10.0.0.0/8 -all", []string{"spf.wide_network:warning"}},
		{"v=spf1 -ip4:0.0.0.0/0 ~all", []string{"spf.all_softfail:warning"}}, // excluding the world is fine
		{"v=spf1 -all ip4:192.0.2.1", []string{"spf.after_all:warning"}},
		{"v=spf1 -all redirect=x.example.com", []string{"spf.redirect_ignored:info"}},
		{"v=spf1 default=deny -all", []string{"spf.unknown_modifier:info"}},
		{"v=spf1 a a a a a a a a a a a -all", []string{"spf.too_many_lookups:error"}},
		{"v=spf1 -all a a a a a a a a a a a", []string{"spf.after_all:warning"}},
		{"v=spf1 ip4:192.0.2.1 -all moo", []string{"spf.syntax:error"}},
		{"v=spf1 ip4:192.0.2.1 " + strings.Repeat("ip4:192.0.2.1 ", 35) + "-all", []string{"spf.too_long:warning"}},
	}
	for _, c := range cases {
		got := codes(Lint(c.record))
		if !slices.Equal(got, c.want) {
			t.Errorf("Lint(%.60q) = %v, want %v", c.record, got, c.want)
		}
	}
}

func TestLintOrdersByLevelAndSpeaksPlainly(t *testing.T) {
	ps := Lint("v=spf1 ptr foo=bar +all")
	got := codes(ps)
	want := []string{"spf.all_pass:error", "spf.ptr:warning", "spf.unknown_modifier:info"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for _, p := range ps {
		if p.Text == "" || !strings.HasSuffix(p.Text, ".") {
			t.Errorf("%s: text %q should be a full sentence", p.Code, p.Text)
		}
	}
}
