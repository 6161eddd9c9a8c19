package dkim

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"triage/internal/probe"
)

// DefaultSelectors are the selectors looked up when the practice names
// none, chosen for the services Australian and US practices use:
// selector1/selector2 (Microsoft 365), google (Google Workspace), default
// (cPanel and many hosts), k1/k2 (Mailchimp), s1/s2 (SendGrid), mail and
// dkim (common hand-made names), mandrill (Mailchimp Transactional) and cm
// (Campaign Monitor).
var DefaultSelectors = []string{"selector1", "selector2", "google", "default", "k1", "k2", "s1", "s2", "mail", "dkim", "mandrill", "cm"}

// Status is what a selector's lookup found.
type Status string

// The outcomes for one selector.
const (
	Valid   Status = "valid"   // a usable key
	Weak    Status = "weak"    // an RSA key under MinRSABits: signatures fail
	Revoked Status = "revoked" // p= empty
	Invalid Status = "invalid" // a key record that cannot be used
	Absent  Status = "absent"  // no key record at the name
	Failed  Status = "failed"  // DNS failed: not checked
)

// Selector is the outcome for one selector.
type Selector struct {
	Name   string `json:"name"`
	Status Status `json:"status"`
	Key    *Key   `json:"key,omitempty"`
	Error  string `json:"error,omitempty"` // why Invalid or Failed
}

// Result is what the audit records about a domain's DKIM keys.
type Result struct {
	Domain    string     `json:"domain"`
	Selectors []Selector `json:"selectors"`
	// Checked is true when the answer is known: a usable key was found,
	// or every selector was answered. A DNS failure with no usable key
	// leaves it false, so the audit reports "not checked", not "no DKIM".
	Checked  bool            `json:"checked"`
	Problems []probe.Problem `json:"problems"`
}

// Usable lists the selectors with a usable key, in the order checked.
func (r *Result) Usable() []string {
	var out []string
	for _, s := range r.Selectors {
		if s.Status == Valid {
			out = append(out, s.Name)
		}
	}
	return out
}

// GoodRSABits is the RSA key size RFC 8301 (section 3.2) asks signers to
// use; keys from MinRSABits up to it still verify.
const GoodRSABits = 2048

// ShortKeys lists the usable selectors whose RSA key is under GoodRSABits.
func (r *Result) ShortKeys() []string {
	var out []string
	for _, s := range r.Selectors {
		if s.Status == Valid && s.Key != nil && s.Key.Type != Ed25519 && s.Key.Bits < GoodRSABits {
			out = append(out, s.Name)
		}
	}
	return out
}

// maxParallel bounds the lookups in flight for one domain, so a long
// selector list does not flood the resolver.
const maxParallel = 6

// Check looks up each selector under <selector>._domainkey.<domain> and
// judges the keys found. Selectors are looked up in parallel; the result
// keeps their order.
func Check(ctx context.Context, r probe.Resolver, domain string, selectors []string) Result {
	domain = probe.Normalize(domain)
	res := Result{Domain: domain, Selectors: make([]Selector, len(selectors))}
	sem := make(chan struct{}, maxParallel)
	var wg sync.WaitGroup
	for i, sel := range selectors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			res.Selectors[i] = lookup(ctx, r, domain, sel)
		}()
	}
	wg.Wait()
	judge(&res)
	return res
}

// lookup reads and judges one selector.
func lookup(ctx context.Context, r probe.Resolver, domain, sel string) Selector {
	s := Selector{Name: sel}
	txts, err := r.LookupTXT(ctx, sel+"._domainkey."+domain)
	switch {
	case probe.IsVoid(err):
		s.Status = Absent
		return s
	case err != nil:
		s.Status, s.Error = Failed, err.Error()
		return s
	}
	var keys []*Key
	var broken error
	for _, t := range txts {
		k, err := Parse(t)
		switch {
		case errors.Is(err, ErrNotDKIM):
		case err != nil:
			broken = err
		default:
			keys = append(keys, k)
		}
	}
	switch {
	case len(keys) > 1:
		s.Status, s.Error = Invalid, fmt.Sprintf("%d key records at one selector; receivers may use either", len(keys))
	case len(keys) == 1:
		s.Key = keys[0]
		s.Status = keyStatus(keys[0])
	case broken != nil:
		s.Status, s.Error = Invalid, broken.Error()
	default:
		s.Status = Absent // TXT records, but none is a key
	}
	return s
}

func keyStatus(k *Key) Status {
	switch {
	case k.Revoked:
		return Revoked
	case k.Usable():
		return Valid
	}
	return Weak
}

// judge sets Checked and the problems of a whole result.
func judge(res *Result) {
	add := func(code string, level probe.Level, format string, args ...any) {
		res.Problems = append(res.Problems, probe.Problem{Code: code, Level: level, Text: fmt.Sprintf(format, args...)})
	}
	failed := 0
	for _, s := range res.Selectors {
		name := s.Name + "._domainkey." + res.Domain
		switch s.Status {
		case Failed:
			failed++
		case Weak:
			add("dkim.weak_key", probe.Error, "The DKIM key at %s is only %d bits. Receivers ignore signatures made with keys under %d bits, so mail signed with it counts as unsigned. Generate a 2048-bit key.", name, s.Key.Bits, MinRSABits)
		case Invalid:
			add("dkim.invalid", probe.Error, "The DKIM record at %s cannot be used: %s. Mail signed with this selector fails DKIM. Republish the record your mail provider gives you.", name, s.Error)
		case Valid:
			if s.Key.Type == RSA && s.Key.Bits < 2048 {
				add("dkim.key_1024", probe.Warning, "The DKIM key at %s is %d bits. That still works but is weak by today's standards; rotate to a 2048-bit key.", name, s.Key.Bits)
			}
			if s.Key.Testing {
				add("dkim.testing", probe.Warning, "The DKIM key at %s is marked as testing (t=y), which asks receivers to treat signed mail as unsigned. Remove t=y once signing works.", name)
			}
		}
	}
	usable := res.Usable()
	res.Checked = len(usable) > 0 || failed == 0
	switch {
	case len(usable) > 0:
	case failed > 0:
		add("dkim.dns_error", probe.Warning, "%d of the %d DKIM selectors of %s could not be read because DNS failed, and none of the others holds a usable key. DKIM was not checked; try again later.", failed, len(res.Selectors), res.Domain)
	case len(res.Selectors) > 0:
		add("dkim.missing", probe.Error, "No usable DKIM key was found for %s at the selectors checked (%s). Without DKIM, receivers cannot confirm your mail is really from you and DMARC relies on SPF alone. Turn on DKIM signing with your mail provider (Microsoft 365: Defender portal, Email authentication settings; Google Workspace: Admin console, Gmail, Authenticate email), or name your provider's selector with --dkim-selector.", res.Domain, strings.Join(names(res.Selectors), ", "))
	}
}

func names(ss []Selector) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Name
	}
	return out
}
