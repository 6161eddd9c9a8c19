package dkim

import (
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"triage/internal/probe"
)

// Key types (k=).
const (
	RSA     = "rsa"
	Ed25519 = "ed25519"
)

// MinRSABits is the smallest RSA key verifiers accept (RFC 8301 §3.2); a
// smaller key makes every signature fail.
const MinRSABits = 1024

// Key is a parsed DKIM key record.
type Key struct {
	Text    string // the record as published
	Type    string // rsa or ed25519 (k=, default rsa)
	Bits    int    // key size: the RSA modulus length, 256 for Ed25519
	Revoked bool   // p= is empty: the key has been withdrawn
	// Testing is t=y: receivers are asked to treat signatures as if
	// unsigned, so the key protects nothing yet.
	Testing bool
	// Hashes is h=, the hash algorithms allowed; empty means all.
	Hashes []string
	// Services is s=; empty or "*" means all, "email" means email.
	Services []string
}

// Usable reports whether receivers can verify signatures made with the
// key: not revoked and, for RSA, at least MinRSABits long.
func (k *Key) Usable() bool {
	if k.Revoked {
		return false
	}
	return k.Type == Ed25519 || k.Bits >= MinRSABits
}

// ErrNotDKIM means the text is not a DKIM key record at all (such as a
// site-verification TXT at the same name); other errors mean a key record
// that is broken.
var ErrNotDKIM = errors.New("not a DKIM key record")

// Parse reads one DKIM key record. Tags are separated by ";", with spaces
// around them allowed; the base64 in p= may contain spaces too. v=, when
// present, must be the first tag and be DKIM1; p= is required.
func Parse(text string) (*Key, error) {
	tags, err := splitTags(text)
	if err != nil {
		return nil, err
	}
	if v, ok := tags.get("v"); ok && (tags[0].name != "v" || v != "DKIM1") {
		if tags[0].name != "v" {
			return nil, errors.New("v= must be the first tag")
		}
		return nil, fmt.Errorf("v=%s: the version must be DKIM1", v)
	}
	p, ok := tags.get("p")
	if !ok {
		if _, hasV := tags.get("v"); hasV || tags.has("k") {
			return nil, errors.New("no p= tag: the record holds no public key")
		}
		return nil, ErrNotDKIM
	}
	k := &Key{Text: text, Type: RSA}
	if t, ok := tags.get("k"); ok {
		k.Type = strings.ToLower(t)
	}
	if k.Type != RSA && k.Type != Ed25519 {
		return nil, fmt.Errorf("k=%s: unknown key type (rsa or ed25519)", k.Type)
	}
	k.Hashes = tags.list("h")
	k.Services = tags.list("s")
	for _, f := range tags.list("t") {
		if strings.EqualFold(f, "y") {
			k.Testing = true
		}
	}
	p = stripSpace(p)
	if p == "" {
		k.Revoked = true
		return k, nil
	}
	raw, err := base64.StdEncoding.DecodeString(p)
	if err != nil {
		return nil, fmt.Errorf("p=: the key is not valid base64: %w", err)
	}
	if err := k.readKey(raw); err != nil {
		return nil, err
	}
	return k, nil
}

// readKey works out the size of the key from its bytes. RSA keys are
// normally a SubjectPublicKeyInfo; some publishers put a bare PKCS#1
// RSAPublicKey, which verifiers also accept, so both are read.
func (k *Key) readKey(raw []byte) error {
	switch k.Type {
	case RSA:
		if pub, err := x509.ParsePKIXPublicKey(raw); err == nil {
			rk, ok := pub.(*rsa.PublicKey)
			if !ok {
				return fmt.Errorf("k=rsa but p= holds a %T key", pub)
			}
			k.Bits = rk.N.BitLen()
			return nil
		}
		rk, err := x509.ParsePKCS1PublicKey(raw)
		if err != nil {
			return errors.New("p=: not an RSA public key")
		}
		k.Bits = rk.N.BitLen()
	case Ed25519:
		if len(raw) != ed25519.PublicKeySize {
			return fmt.Errorf("p=: an Ed25519 key is %d bytes, not %d", ed25519.PublicKeySize, len(raw))
		}
		k.Bits = 256
	}
	return nil
}

type tag struct{ name, value string }

type tagList []tag

func (l tagList) get(name string) (string, bool) {
	for _, t := range l {
		if t.name == name {
			return t.value, true
		}
	}
	return "", false
}

func (l tagList) has(name string) bool { _, ok := l.get(name); return ok }

// list splits a colon-separated tag value.
func (l tagList) list(name string) []string {
	v, ok := l.get(name)
	if !ok {
		return nil
	}
	var out []string
	for part := range strings.SplitSeq(v, ":") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// splitTags reads tag=value pairs (RFC 6376 §3.2). A duplicated tag makes
// the record invalid; a trailing ";" is allowed.
func splitTags(text string) (tagList, error) {
	var out tagList
	for part := range strings.SplitSeq(text, ";") {
		part = strings.Trim(part, " \t\r\n")
		if part == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			return nil, ErrNotDKIM
		}
		name = strings.Trim(name, " \t\r\n")
		if !probe.ValidTagName(name) {
			return nil, ErrNotDKIM
		}
		if out.has(name) {
			return nil, fmt.Errorf("tag %s= appears twice", name)
		}
		out = append(out, tag{name, strings.Trim(value, " \t\r\n")})
	}
	if len(out) == 0 {
		return nil, ErrNotDKIM
	}
	return out, nil
}

func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, s)
}
