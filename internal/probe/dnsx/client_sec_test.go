package dnsx

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/miekg/dns"

	"triage/internal/probe"
)

func secZone() *Zone {
	z := NewZone()
	z.AddCAA("signed.example", 0, "ISSUE", "letsencrypt.org")
	z.AddCAA("signed.example", 128, "iodef", "mailto:sec@signed.example")
	z.AddDS("signed.example", probe.DS{KeyTag: 2371, Algorithm: 13, DigestType: 2, Digest: "1F987CC6583E92DF0890718C42"})
	z.SetValidated("signed.example")
	z.AddDS("unvalidated.example", probe.DS{KeyTag: 1, Algorithm: 8, DigestType: 2, Digest: "ab"})
	z.AddAddr("plain.example", netip.MustParseAddr("192.0.2.7"))
	z.AddTXT("broken.example", "v=spf1 -all")
	z.SetRcode("broken.example", dns.RcodeServerFailure)
	z.SetRcode("refused.example", dns.RcodeRefused)
	return z
}

func TestSecurityLookupsOverLoopback(t *testing.T) {
	srv, err := Listen("127.0.0.1:0", secZone())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	c := &Client{Server: srv.Addr, Timeout: time.Second, Attempts: 1}
	ctx := context.Background()
	for name, r := range map[string]probe.SecurityResolver{"client": c, "zone": secZone()} {
		caa, err := r.LookupCAA(ctx, "signed.example")
		want := []probe.CAA{{Tag: "issue", Value: "letsencrypt.org"}, {Flag: 128, Tag: "iodef", Value: "mailto:sec@signed.example"}}
		if err != nil || !slices.Equal(caa, want) {
			t.Errorf("%s: CAA = %v, %v", name, caa, err)
		}
		if !caa[1].Critical() || caa[0].Critical() {
			t.Errorf("%s: Critical flags wrong", name)
		}
		ds, ad, err := r.LookupDS(ctx, "signed.example")
		if err != nil || len(ds) != 1 || ds[0].KeyTag != 2371 || ds[0].Digest != "1f987cc6583e92df0890718c42" || !ad {
			t.Errorf("%s: DS = %v, ad %v, %v", name, ds, ad, err)
		}
		if _, ad, err := r.LookupDS(ctx, "unvalidated.example"); err != nil || ad {
			t.Errorf("%s: unvalidated DS: ad %v, %v", name, ad, err)
		}
		if _, _, err := r.LookupDS(ctx, "plain.example"); !errors.Is(err, probe.ErrNoData) {
			t.Errorf("%s: DS of unsigned name: %v, want no data", name, err)
		}
		if _, err := r.LookupCAA(ctx, "nope.example"); !errors.Is(err, probe.ErrNotFound) {
			t.Errorf("%s: CAA of missing name: %v", name, err)
		}
		for _, n := range []string{"broken.example", "refused.example"} {
			_, err := r.LookupTXT(ctx, n)
			if !errors.Is(err, probe.ErrTemporary) {
				t.Errorf("%s: TXT %s: %v, want temporary", name, n, err)
			}
		}
	}
	// The forced codes reach the client as themselves.
	_, err = c.LookupA(ctx, "refused.example")
	var le *probe.LookupError
	if !errors.As(err, &le) || le.Detail != "REFUSED" {
		t.Errorf("refused: %v", err)
	}
}

func TestListenTwiceOnSamePortFails(t *testing.T) {
	srv, err := Listen("127.0.0.1:0", NewZone())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if s2, err := Listen(srv.Addr, NewZone()); err == nil {
		s2.Close()
		t.Fatal("second Listen on a used port succeeded")
	}
}
