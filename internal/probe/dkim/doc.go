// Package dkim reads the DKIM public keys a domain publishes (RFC 6376
// §3.6.1, RFC 8463 for Ed25519) so the audit can tell whether mail from the
// practice can be signed and checked.
//
// Parse reads one key record ("v=DKIM1; k=rsa; p=<base64>") and works out
// the key's type and size from the key itself; an empty p= is a revoked
// key. Check looks up a list of selectors under <selector>._domainkey of a
// domain, following CNAMEs (Microsoft 365 publishes selector1 and
// selector2 as CNAMEs into the tenant's onmicrosoft.com zone), and judges
// each key. DKIM has no way to list a domain's selectors, so the audit can
// only say "no key at the selectors checked", never "no DKIM".
//
// This package imports probe and the standard library only.
package dkim
