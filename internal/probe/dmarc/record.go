package dmarc

import "triage/internal/probe"

// Policy is what a domain asks receivers to do with mail that fails DMARC.
type Policy string

// The three policies of RFC 7489 §6.3.
const (
	PolicyNone Policy = "none"       // monitor only: deliver as usual
	Quarantine Policy = "quarantine" // treat as suspicious (junk folder)
	Reject     Policy = "reject"     // refuse the message
)

// strength orders policies from weakest to strongest; unknown is -1.
func (p Policy) strength() int {
	switch p {
	case PolicyNone:
		return 0
	case Quarantine:
		return 1
	case Reject:
		return 2
	}
	return -1
}

// Alignment is how closely the authenticated domain must match the From
// domain: relaxed (same organisational domain) or strict (identical).
type Alignment string

// The two alignment modes.
const (
	Relaxed Alignment = "r"
	Strict  Alignment = "s"
)

// Tag is one tag=value pair as written in the record.
type Tag struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Record is a parsed DMARC record. Fields hold the values a receiver would
// use: defaults where a tag is absent or unusable.
type Record struct {
	Text string `json:"text"`
	// Valid is false when receivers apply no DMARC at all because of this
	// record: no usable p= (or a broken sp=) and no usable rua= to fall
	// back on (RFC 7489 §6.6.3 step 6).
	Valid bool `json:"valid"`
	// Policy is p=. When p= is missing or unusable but rua= is usable, it
	// is "none", as receivers then treat it; when the record is not Valid
	// it is "".
	Policy Policy `json:"policy"`
	// SubdomainPolicy is sp= as written (valid), or "" when absent: then
	// Policy applies to subdomains too.
	SubdomainPolicy Policy    `json:"subdomain_policy,omitempty"`
	Percent         int       `json:"pct"` // pct=, 100 when absent
	RUA             []string  `json:"rua,omitempty"`
	RUF             []string  `json:"ruf,omitempty"`
	ADKIM           Alignment `json:"adkim"`
	ASPF            Alignment `json:"aspf"`
	FailureOptions  []string  `json:"fo"`
	ReportFormats   []string  `json:"rf"`
	Interval        int       `json:"ri"` // seconds between aggregate reports
	// Tags lists every tag in order, as written, including unknown ones.
	Tags []Tag `json:"tags"`
	// Problems are the mistakes found in the record's syntax and values.
	Problems []probe.Problem `json:"problems,omitempty"`
}

// ForSubdomains is the policy that applies to subdomains without a record
// of their own: sp= when given, else p=.
func (r *Record) ForSubdomains() Policy {
	if r.SubdomainPolicy != "" {
		return r.SubdomainPolicy
	}
	return r.Policy
}
