package dkim

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"math/big"
	"strings"
	"testing"
)

func TestParseKeys(t *testing.T) {
	k2048 := rsaKey(t, 2048)
	pkcs1 := base64.StdEncoding.EncodeToString(x509.MarshalPKCS1PublicKey(&rsa.PublicKey{N: new(big.Int).Lsh(big.NewInt(1), 1023), E: 3}))
	cases := []struct {
		text    string
		typ     string
		bits    int
		revoked bool
		testing bool
		usable  bool
	}{
		{"v=DKIM1; k=rsa; p=" + k2048, RSA, 2048, false, false, true},
		{"v=DKIM1; p=" + rsaKey(t, 1024), RSA, 1024, false, false, true},
		{"k=rsa; p=" + rsaKey(t, 512) + ";", RSA, 512, false, false, false},
		{"v=DKIM1;k=ed25519;p=" + ed25519Key(), Ed25519, 256, false, false, true},
		{"v=DKIM1; k=rsa; p=", RSA, 0, true, false, false},
		{"v=DKIM1; p= ; t=y:s", RSA, 0, true, true, false},
		{"v=DKIM1; t=y; p=" + k2048[:40] + " \t" + k2048[40:], RSA, 2048, false, true, true},
		{"p=" + pkcs1, RSA, 1024, false, false, true},
		{"v=DKIM1; h=sha256; s=email; n=hello world; p=" + k2048, RSA, 2048, false, false, true},
	}
	for _, c := range cases {
		k, err := Parse(c.text)
		if err != nil {
			t.Errorf("Parse(%.60q): %v", c.text, err)
			continue
		}
		if k.Type != c.typ || k.Bits != c.bits || k.Revoked != c.revoked || k.Testing != c.testing || k.Usable() != c.usable {
			t.Errorf("Parse(%.60q) = type %s bits %d revoked %v testing %v usable %v", c.text, k.Type, k.Bits, k.Revoked, k.Testing, k.Usable())
		}
	}
}

func TestParseRejects(t *testing.T) {
	notDKIM := []string{"", "google-site-verification=abc", "hello world", ";;", "MS=ms123456"}
	for _, s := range notDKIM {
		if _, err := Parse(s); !errors.Is(err, ErrNotDKIM) {
			t.Errorf("Parse(%q) = %v, want ErrNotDKIM", s, err)
		}
	}
	broken := map[string]string{
		"v=DKIM1; k=rsa":                           "no p=",
		"k=rsa; v=DKIM1; p=":                       "first tag",
		"v=DKIM2; p=":                              "DKIM1",
		"v=DKIM1; p=!!!notbase64":                  "base64",
		"v=DKIM1; p=AAAA":                          "not an RSA",
		"v=DKIM1; k=ed25519; p=AAAA":               "Ed25519",
		"v=DKIM1; k=dsa; p=AAAA":                   "unknown key type",
		"v=DKIM1; p=; p=":                          "twice",
		"v=DKIM1; k=rsa; p=" + ed25519Key():        "not an RSA",
		"v=DKIM1; k=ed25519; p=" + rsaKey(t, 1024): "Ed25519",
	}
	for s, want := range broken {
		_, err := Parse(s)
		if err == nil || errors.Is(err, ErrNotDKIM) || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%.50q) = %v, want an error about %q", s, err, want)
		}
	}
}
