package dnsx

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"triage/internal/probe"
)

func testZone() *Zone {
	z := NewZone()
	z.AddTXT("Example.COM.", "v=spf1 -all")
	z.AddTXT("example.com", "hello")
	z.AddAddr("example.com", netip.MustParseAddr("192.0.2.1"))
	z.AddAddr("example.com", netip.MustParseAddr("2001:db8::1"))
	z.AddMX("example.com", 10, "mail.example.com.")
	z.AddMX("null.example.com", 0, "")
	z.AddPTR(probe.ReverseName(netip.MustParseAddr("192.0.2.1")), "example.com.")
	z.SetCNAME("www.example.com", "example.com")
	z.SetCNAME("loop1.example.com", "loop2.example.com")
	z.SetCNAME("loop2.example.com", "LOOP1.example.com.")
	z.AddName("a.b.deep.example.com")
	z.AddTXT("slow.example.com", "v=spf1 -all")
	z.SetTimeout("slow.example.com")
	return z
}

func TestZoneAnswers(t *testing.T) {
	ctx := context.Background()
	z := testZone()

	txt, err := z.LookupTXT(ctx, "EXAMPLE.com")
	if err != nil || !slices.Equal(txt, []string{"v=spf1 -all", "hello"}) {
		t.Errorf("TXT = %q, %v", txt, err)
	}
	a, err := z.LookupA(ctx, "www.example.com.") // through the alias
	if err != nil || len(a) != 1 || a[0] != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("A via CNAME = %v, %v", a, err)
	}
	aaaa, err := z.LookupAAAA(ctx, "example.com")
	if err != nil || len(aaaa) != 1 {
		t.Errorf("AAAA = %v, %v", aaaa, err)
	}
	mx, err := z.LookupMX(ctx, "null.example.com")
	if err != nil || len(mx) != 1 || mx[0].Host != "." {
		t.Errorf("null MX = %v, %v", mx, err)
	}
	ptr, err := z.LookupPTR(ctx, netip.MustParseAddr("::ffff:192.0.2.1"))
	if err != nil || !slices.Equal(ptr, []string{"example.com"}) {
		t.Errorf("PTR of mapped address = %v, %v", ptr, err)
	}
}

func TestZoneErrorClasses(t *testing.T) {
	ctx := context.Background()
	z := testZone()
	cases := []struct {
		name string
		call func() error
		want error
	}{
		{"nxdomain", func() error { _, err := z.LookupTXT(ctx, "nope.example.com"); return err }, probe.ErrNotFound},
		{"nodata", func() error { _, err := z.LookupA(ctx, "null.example.com"); return err }, probe.ErrNoData},
		{"empty non-terminal", func() error { _, err := z.LookupA(ctx, "deep.example.com"); return err }, probe.ErrNoData},
		{"cname loop", func() error { _, err := z.LookupA(ctx, "loop1.example.com"); return err }, probe.ErrTemporary},
		{"timeout without records", func() error { _, err := z.LookupA(ctx, "slow.example.com"); return err }, probe.ErrTemporary},
		{"timeout with records answers", func() error { _, err := z.LookupTXT(ctx, "slow.example.com"); return err }, nil},
		{"long label", func() error { _, err := z.LookupA(ctx, strings.Repeat("a", 64)+".example.com"); return err }, probe.ErrNotFound},
		{"empty label", func() error { _, err := z.LookupA(ctx, "a..example.com"); return err }, probe.ErrNotFound},
	}
	for _, c := range cases {
		err := c.call()
		if c.want == nil {
			if err != nil {
				t.Errorf("%s: unexpected error %v", c.name, err)
			}
			continue
		}
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
		if probe.IsVoid(err) == (c.want == probe.ErrTemporary) || probe.IsTemporary(err) != (c.want == probe.ErrTemporary) {
			t.Errorf("%s: IsVoid/IsTemporary disagree with %v", c.name, err)
		}
	}
}

func TestZoneCancelledContextIsTemporary(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := testZone().LookupTXT(ctx, "example.com")
	if !probe.IsTemporary(err) {
		t.Fatalf("err = %v, want temporary", err)
	}
}

func TestZoneQueriesLogged(t *testing.T) {
	z := testZone()
	_, _ = z.LookupA(context.Background(), "example.com")
	_, _ = z.LookupPTR(context.Background(), netip.MustParseAddr("2001:db8::1"))
	got := z.Queries()
	want := []string{"A example.com", "PTR 1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"}
	if !slices.Equal(got, want) {
		t.Fatalf("Queries = %q, want %q", got, want)
	}
}
