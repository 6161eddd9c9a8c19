// Package httpprobe looks at web servers the way a visitor's browser
// would, for the external scan: whether plain HTTP sends visitors to
// HTTPS, whether HTTPS answers carry HSTS, and what is behind a web port
// found open on a practice's public address, recognising admin pages
// (routers, firewalls, NAS boxes, printers, cameras) and remote-access
// portals (VPNs, RD Web Access) by their titles, headers, bodies and
// well-known paths. The recognised products are listed in fingerprints.go.
//
// Every request goes to an address the caller resolved (through the
// scan's Resolver) and over the probe.Dialer it is given: the host name is
// used only for the Host header and SNI, so nothing here uses the
// system's resolver or proxy settings. Certificates are not judged here
// (tlsprobe does that), except for Get with Target.Verify, which the
// MTA-STS policy fetch uses because sending servers insist on a valid one.
//
// This package imports probe and the standard library only.
package httpprobe
