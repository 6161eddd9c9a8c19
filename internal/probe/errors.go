package probe

import (
	"errors"
	"fmt"
)

// The three ways a lookup can fail. SPF calls the first two "void lookups"
// (RFC 7208 §4.6.4) and the last "temperror"; an audit reports a temporary
// failure as "not checked", never as a pass or a fail.
var (
	// ErrNotFound: the name does not exist (NXDOMAIN), or it cannot be
	// queried at all (an empty or over-long label), which a check must treat
	// the same way.
	ErrNotFound = errors.New("no such domain")
	// ErrNoData: the name exists but has no records of the type asked for.
	ErrNoData = errors.New("no records of that type")
	// ErrTemporary: the answer could not be had right now (timeout,
	// SERVFAIL, REFUSED, a network error). Trying again later may succeed.
	ErrTemporary = errors.New("temporary DNS failure")
)

// LookupError says which query failed and how. Kind is one of the three
// sentinels above; errors.Is sees through to it.
type LookupError struct {
	Name   string // the name queried
	Type   string // "TXT", "A", "AAAA", "MX" or "PTR"
	Kind   error  // ErrNotFound, ErrNoData or ErrTemporary
	Detail string // what happened, for people: "SERVFAIL", "i/o timeout"
}

func (e *LookupError) Error() string {
	msg := fmt.Sprintf("dns: %s %s: %v", e.Type, e.Name, e.Kind)
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	return msg
}

func (e *LookupError) Unwrap() error { return e.Kind }

// IsVoid reports whether err says the DNS answered with nothing: no such
// name or no records of the type.
func IsVoid(err error) bool {
	return errors.Is(err, ErrNotFound) || errors.Is(err, ErrNoData)
}

// IsTemporary reports whether err is a failure that is not an answer. Any
// error that is not void counts, so an unexpected error from a Resolver is
// never mistaken for "the record does not exist".
func IsTemporary(err error) bool {
	return err != nil && !IsVoid(err)
}
