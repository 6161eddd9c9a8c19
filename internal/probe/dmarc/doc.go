// Package dmarc reads DMARC policies (RFC 7489) for the audit of a
// practice's mail domains.
//
// Parse reads one "v=DMARC1; ..." record the forgiving way the RFC asks of
// receivers (unknown tags ignored, bad values replaced by defaults) while
// recording every mistake as a Problem. Discover finds the policy that
// applies to a domain: _dmarc.<domain>, else _dmarc.<organisational
// domain> from the public suffix list, and says where it was found, what
// it asks receivers to do, and what is wrong with it in plain words.
//
// This package imports probe, golang.org/x/net/publicsuffix and the
// standard library; tests also use dnsx.Zone.
package dmarc
