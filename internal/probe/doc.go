// Package probe holds what every network check of a practice's domain shares:
// the Resolver interface that is the only way checks reach DNS, the error
// classes a lookup can end in (no such name, no records of that type, or a
// temporary failure that means "not checked"), DNS name helpers, and the
// Problem type in which checks describe what they found in plain words.
//
// The checks themselves live in subpackages: spf (RFC 7208), dmarc (RFC 7489)
// and dnsx, which provides Resolver implementations (a real client on
// github.com/miekg/dns and an in-memory zone for tests). This package imports
// only the standard library; subpackages import it, never the reverse.
package probe
