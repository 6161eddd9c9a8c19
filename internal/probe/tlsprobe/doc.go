// Package tlsprobe finds out what a TLS endpoint offers: which protocol
// versions it accepts, and the certificate it presents (expiry, host name,
// trust chain, key size).
//
// Versions are tested one at a time with a ClientHello this package writes
// itself, not with crypto/tls. Go's client can be told to offer TLS 1.0 and
// 1.1 (an explicit Config.MinVersion still works in Go 1.26; only the
// default moved to TLS 1.2), but it only speaks the cipher suites Go
// implements: no finite-field DHE, no Camellia or ARIA, and RSA key
// exchange and 3DES only when listed by hand. An old appliance that offers
// TLS 1.0 with, say, DHE-RSA-AES256-SHA alone would then look as if it did
// not offer TLS 1.0 at all, which is the wrong way round for an audit. So
// each probe sends a ClientHello that offers exactly one version (SSL 3.0,
// TLS 1.0, 1.1, 1.2, or 1.3 through supported_versions) with a broad list
// of cipher suites, padded past the 256-511 byte range that hangs some old
// load balancers, and reads the ServerHello: the version is offered when
// the server answers with that version, and not offered on an alert or a
// closed connection. No handshake is completed, so nothing is decrypted
// and no key material is needed beyond throw-away TLS 1.3 key shares. This
// is what testssl.sh does with its own sockets.
//
// The certificate comes from the plain-text Certificate message of a TLS
// 1.2 (or older) probe, or, for servers that speak only TLS 1.3, from a
// normal crypto/tls handshake (any version, every cipher suite Go has). It
// is checked by hand against the configured roots (the system's by
// default; tests pass their own pool).
//
// SSL 2.0 is not tested. This package imports probe and the standard
// library, and opens connections only through the probe.Dialer it is given.
package tlsprobe
