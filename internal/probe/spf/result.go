package spf

// Result is the outcome of check_host() (RFC 7208 §2.6). The strings are the
// RFC's own words, so they can go straight into reports and JSON.
type Result string

// The seven results.
const (
	None      Result = "none"      // no SPF record, or the domain is not a usable name
	Neutral   Result = "neutral"   // the domain says nothing about this address
	Pass      Result = "pass"      // the address is authorised
	Fail      Result = "fail"      // the address is explicitly not authorised
	SoftFail  Result = "softfail"  // probably not authorised; accept but mark
	TempError Result = "temperror" // a transient DNS failure; try later ("not checked")
	PermError Result = "permerror" // the published policy is broken
)

// Qualifier is the prefix of a mechanism that picks the result it gives
// when it matches.
type Qualifier byte

// The four qualifiers; a mechanism without one is Plus.
const (
	Plus     Qualifier = '+'
	Minus    Qualifier = '-'
	Tilde    Qualifier = '~'
	Question Qualifier = '?'
)

// Result is what a matching mechanism with this qualifier yields.
func (q Qualifier) Result() Result {
	switch q {
	case Minus:
		return Fail
	case Tilde:
		return SoftFail
	case Question:
		return Neutral
	default:
		return Pass
	}
}
