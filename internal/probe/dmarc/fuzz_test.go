package dmarc

import (
	"context"
	"testing"

	"triage/internal/probe/dnsx"
)

// FuzzParseDMARC parses arbitrary text: nothing may panic, and whatever is
// accepted must hold together.
func FuzzParseDMARC(f *testing.F) {
	for _, s := range []string{
		"v=DMARC1; p=reject; rua=mailto:d@example.com",
		"v=DMARC1; p=none; sp=reject; pct=0; rua=mailto:a@b.c!10m,https://x.example/r; ruf=mailto:f@x.example; adkim=s; aspf=s; fo=0:1:d:s; rf=afrf; ri=60",
		" V = DMARC1 ;P=Quarantine;;", "v=DMARC1", "v=DMARC1; p", "v=DMARC1; =x", "v=DMARC1; rua=mailto:,,!", "p=reject; v=DMARC1",
		"v=DMARC1; pct=99999999999999999999; ri=-1", "v=DMARC1; p=reject; p=none; P=none",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		rec, err := Parse(text)
		if err != nil {
			if IsDMARC(text) {
				t.Fatalf("IsDMARC but Parse failed: %v", err)
			}
			return
		}
		if rec.Valid == (rec.Policy == "") {
			t.Fatalf("valid %v with policy %q", rec.Valid, rec.Policy)
		}
		if rec.Percent < 0 || rec.Percent > 100 {
			t.Fatalf("pct %d", rec.Percent)
		}
		if rec.ADKIM != Relaxed && rec.ADKIM != Strict || rec.ASPF != Relaxed && rec.ASPF != Strict {
			t.Fatalf("alignment %q %q", rec.ADKIM, rec.ASPF)
		}
		z := dnsx.NewZone()
		z.AddTXT("_dmarc.example.com", text)
		r := Discover(context.Background(), z, "mail.example.com")
		if !r.Checked || r.FoundAt != AtOrgDomain || r.Valid != rec.Valid {
			t.Fatalf("discover: %+v", r)
		}
	})
}
