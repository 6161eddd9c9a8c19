// Package spf reads and evaluates Sender Policy Framework records (RFC 7208)
// for the audit of a practice's mail domains.
//
// Parse turns a "v=spf1 ..." record into a Record, rejecting every syntax
// error the RFC defines (so a broken record is found before any DNS query).
// CheckHost / Checker.Check run the RFC's check_host() against a
// probe.Resolver, with its limits: 10 DNS-querying terms, 2 void lookups,
// 10 MX and 10 PTR names per mechanism. Lint judges one record's text and
// Analyze walks a domain's whole policy through include and redirect,
// counting lookups and describing problems in plain words.
//
// The evaluator is proven against the openspf RFC 7208 test suite in
// testdata/. It imports probe and the standard library only; tests also use
// dnsx.Zone and go.yaml.in/yaml/v3.
package spf
