// Package dnsx provides the probe.Resolver implementations.
//
// Client asks a recursive resolver at a configured HOST:PORT over UDP (TCP
// when the answer is truncated), with a per-attempt timeout and retries, and
// maps each outcome onto probe's three error classes. Zone answers from
// memory; tests build one from fixtures (such as the RFC 7208 suite's zone
// data) and can also serve it on a loopback socket with Serve to test Client
// end to end.
//
// Both also implement probe.SecurityResolver (CAA, and DS with the AD bit
// of a validating resolver), and Zone can be told to answer a name with
// SERVFAIL or REFUSED (SetRcode) or to mark answers validated. Listen puts
// any handler, such as a Zone, on a loopback UDP and TCP port.
//
// This package may import probe, github.com/miekg/dns and the standard
// library. It is the only place in Triage that sends DNS packets.
package dnsx
