package mtasts

import (
	"strings"
	"testing"
)

// FuzzParseMTASTS feeds the same text to the three parsers: the _mta-sts
// record, the TLS-RPT record and the policy file. Nothing may panic, and
// whatever is accepted must satisfy the RFCs' rules.
func FuzzParseMTASTS(f *testing.F) {
	for _, s := range []string{
		"v=STSv1; id=20160831085700Z;", "v=STSv1;id=", "v = STSv1 ; id = a ; x=y", "v=TLSRPTv1; rua=mailto:a@b.c,https://r.example/x",
		goodPolicy, "version: STSv1\r\nmode: none\r\nmax_age: 0\r\n", "mx: *.a.b\nmx: c.d\n", ":\n:", "version:STSv1\nmode:testing\nmx:*.x.y\nmax_age:31557600",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if r, err := ParseRecord(text); err == nil {
			if !IsRecord(text) || r.ID == "" || len(r.ID) > 32 {
				t.Fatalf("accepted record %q with id %q", text, r.ID)
			}
		} else if r != nil {
			t.Fatal("record with an error")
		}
		if r, err := ParseTLSRPT(text); err == nil {
			if !IsTLSRPT(text) || len(r.RUA) == 0 {
				t.Fatalf("accepted TLS-RPT %q with rua %v", text, r.RUA)
			}
		}
		p, err := ParsePolicy(text)
		if err != nil {
			return
		}
		if p.Version != "STSv1" || p.MaxAge < 0 || p.MaxAge > MaxMaxAge || (p.Mode != None && len(p.MX) == 0) {
			t.Fatalf("accepted policy %+v", p)
		}
		for _, m := range p.MX {
			if m != strings.ToLower(m) || strings.Count(m, "*") > 1 {
				t.Fatalf("mx pattern %q", m)
			}
			if !strings.HasPrefix(m, "*.") && !p.Matches(m) {
				t.Fatalf("policy does not match its own host %q", m)
			}
		}
	})
}
