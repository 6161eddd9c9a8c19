package dkim

import (
	"errors"
	"testing"
)

// FuzzParseDKIM parses arbitrary text: nothing may panic, and a key that is
// accepted must be self-consistent.
func FuzzParseDKIM(f *testing.F) {
	for _, s := range []string{
		"v=DKIM1; k=rsa; p=" + rsaKey(f, 1024),
		"v=DKIM1; k=ed25519; p=" + ed25519Key(),
		"v=DKIM1; p=", "p=;t=y:s;h=sha1:sha256;s=*", "v=DKIM1;;p=AAAA", "=", "v=", "k=rsa",
		"v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ", "a=b; a=c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		k, err := Parse(text)
		if err != nil {
			if k != nil {
				t.Fatal("error with a key")
			}
			_ = errors.Is(err, ErrNotDKIM)
			return
		}
		switch {
		case k.Revoked && (k.Bits != 0 || k.Usable()):
			t.Fatalf("revoked key with %d bits, usable %v", k.Bits, k.Usable())
		case !k.Revoked && k.Bits <= 0:
			t.Fatalf("key without a size: %+v", k)
		case k.Type != RSA && k.Type != Ed25519:
			t.Fatalf("type %q accepted", k.Type)
		case k.Usable() && k.Type == RSA && k.Bits < MinRSABits:
			t.Fatalf("%d-bit RSA key usable", k.Bits)
		}
	})
}
