// Package mtasts reads the two records that protect mail in transit
// between servers: MTA-STS (RFC 8461), which tells sending servers to
// insist on TLS with a valid certificate when delivering to the domain,
// and SMTP TLS Reporting (RFC 8460), which asks them to report failures.
//
// ParseRecord reads the _mta-sts TXT record ("v=STSv1; id=..."),
// ParsePolicy the policy file served at
// https://mta-sts.<domain>/.well-known/mta-sts.txt, and ParseTLSRPT the
// _smtp._tls TXT record. Check and CheckTLSRPT look them up for a domain
// and describe what is wrong in plain words. Check fetches the policy
// through a Getter the caller supplies, so this package opens no sockets
// of its own and tests serve the file from memory.
//
// This package imports probe and the standard library only.
package mtasts
