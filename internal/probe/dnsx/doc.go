// Package dnsx provides the probe.Resolver implementations.
//
// Client asks a recursive resolver at a configured HOST:PORT over UDP (TCP
// when the answer is truncated), with a per-attempt timeout and retries, and
// maps each outcome onto probe's three error classes. Zone answers from
// memory; tests build one from fixtures (such as the RFC 7208 suite's zone
// data) and can also serve it on a loopback socket with Serve to test Client
// end to end.
//
// This package may import probe, github.com/miekg/dns and the standard
// library. It is the only place in Triage that sends DNS packets.
package dnsx
