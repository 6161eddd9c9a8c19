package probe

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"
)

func TestReverseName(t *testing.T) {
	cases := map[string]string{
		"192.0.2.3":        "3.2.0.192.in-addr.arpa",
		"::ffff:192.0.2.3": "3.2.0.192.in-addr.arpa",
		"2001:db8::cb01":   "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
		"0.0.0.0":          "0.0.0.0.in-addr.arpa",
	}
	for in, want := range cases {
		if got := ReverseName(netip.MustParseAddr(in)); got != want {
			t.Errorf("ReverseName(%s) = %s, want %s", in, got, want)
		}
	}
	if got := Nibbles(netip.MustParseAddr("2001:db8::cb01"), false); !strings.HasPrefix(got, "2.0.0.1.0.d.b.8.") || !strings.HasSuffix(got, ".c.b.0.1") {
		t.Errorf("Nibbles forward = %s", got)
	}
}

func TestQueryableName(t *testing.T) {
	good := []string{"example.com", "example.com.", "a", strings.Repeat("a", 63) + ".com", "foo:bar/baz.example.com", "with space.example"}
	bad := []string{"", ".", "a..b", ".a", strings.Repeat("a", 64) + ".com", strings.Repeat("abcdefghi.", 26)}
	for _, n := range good {
		if !QueryableName(n) {
			t.Errorf("QueryableName(%q) = false", n)
		}
	}
	for _, n := range bad {
		if QueryableName(n) {
			t.Errorf("QueryableName(%q) = true", n)
		}
	}
	if Normalize("Example.COM.") != "example.com" {
		t.Error("Normalize")
	}
}

func TestErrorClasses(t *testing.T) {
	nx := &LookupError{Name: "x.example", Type: "TXT", Kind: ErrNotFound}
	nodata := fmt.Errorf("wrapped: %w", &LookupError{Name: "x.example", Type: "MX", Kind: ErrNoData})
	temp := &LookupError{Name: "x.example", Type: "A", Kind: ErrTemporary, Detail: "SERVFAIL"}
	if !IsVoid(nx) || !IsVoid(nodata) || IsVoid(temp) {
		t.Error("IsVoid")
	}
	if IsTemporary(nx) || IsTemporary(nodata) || !IsTemporary(temp) || IsTemporary(nil) {
		t.Error("IsTemporary")
	}
	// An error a Resolver did not classify must never read as "no record".
	if !IsTemporary(context.DeadlineExceeded) || !IsTemporary(errors.New("boom")) {
		t.Error("unclassified errors must be temporary")
	}
	if got := temp.Error(); got != "dns: A x.example: temporary DNS failure (SERVFAIL)" {
		t.Errorf("Error() = %q", got)
	}
}
