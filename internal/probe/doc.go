// Package probe holds what every network check of a practice's domain shares:
// the Resolver interface that is the only way checks reach DNS, the error
// classes a lookup can end in (no such name, no records of that type, or a
// temporary failure that means "not checked"), DNS name helpers, the tag-name
// rule DKIM and DMARC records share, and the Problem type in which checks
// describe what they found in plain words.
//
// The checks themselves live in subpackages: spf (RFC 7208), dmarc (RFC 7489)
// and dnsx, which provides Resolver implementations (a real client on
// github.com/miekg/dns and an in-memory zone for tests). This package imports
// only the standard library; subpackages import it, never the reverse.
//
// The external scan adds: SecurityResolver (CAA and DS records with the
// resolver's DNSSEC verdict) and Dialer (the one way probes open TCP and UDP
// connections, so tests send everything to loopback servers), and the
// subpackages dkim (key records), mtasts (MTA-STS and TLS reporting),
// tlsprobe (protocol versions and certificates), httpprobe (HTTPS redirect,
// HSTS, admin pages and remote-access portals), ports (open ports and what
// answers on them) and scan, which runs them all for a practice's domains
// and addresses and turns the results into audit facts. probetest and
// scan/scantest hold the loopback servers the tests and bench/scan use.
// These packages are the only code in Triage that opens sockets.
package probe
