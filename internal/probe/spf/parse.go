package spf

import (
	"fmt"
	"net/netip"
	"strings"
)

// SyntaxError says what is wrong with a record and in which term.
type SyntaxError struct {
	Term string // the offending term; "" when the problem is the whole record
	Err  error
}

func (e *SyntaxError) Error() string {
	if e.Term == "" {
		return "spf: " + e.Err.Error()
	}
	return fmt.Sprintf("spf: term %q: %v", e.Term, e.Err)
}

func (e *SyntaxError) Unwrap() error { return e.Err }

// Parse parses an SPF record. Every term is checked before the record is
// used, as RFC 7208 §4.6 requires: one bad term anywhere makes the whole
// record a permerror, even if evaluation would have stopped before it.
func Parse(text string) (*Record, error) {
	if !isSPF(text) {
		return nil, &SyntaxError{Err: fmt.Errorf("a record must start with \"v=spf1\" followed by a space")}
	}
	for i := 0; i < len(text); i++ {
		if c := text[i]; c != ' ' && (c < 0x21 || c > 0x7e) {
			return nil, &SyntaxError{Term: termAround(text, i), Err: fmt.Errorf("character %q is not allowed: terms are visible ASCII separated by spaces", c)}
		}
	}
	rec := &Record{Text: text}
	for _, term := range strings.Split(text[6:], " ") {
		if term == "" {
			continue // runs of spaces and trailing spaces are allowed
		}
		if err := rec.addTerm(term); err != nil {
			return nil, &SyntaxError{Term: term, Err: err}
		}
	}
	return rec, nil
}

// termAround returns the space-separated term containing text[i].
func termAround(text string, i int) string {
	start := strings.LastIndexByte(text[:i], ' ') + 1
	end := strings.IndexByte(text[i:], ' ')
	if end < 0 {
		return text[start:]
	}
	return text[start : i+end]
}

func (rec *Record) addTerm(term string) error {
	if eq := strings.IndexByte(term, '='); eq >= 0 && isModifierName(term[:eq]) {
		return rec.addModifier(strings.ToLower(term[:eq]), term[eq+1:])
	}
	m, err := parseMechanism(term)
	if err != nil {
		return err
	}
	rec.Mechanisms = append(rec.Mechanisms, m)
	return nil
}

// isModifierName: name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ).
func isModifierName(s string) bool {
	if s == "" || !isAlpha(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isAlpha(c) && !isDigit(c) && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

func (rec *Record) addModifier(name, value string) error {
	switch name {
	case "redirect", "exp":
		// The known names are never "unknown modifiers" with a looser
		// syntax: a bad domain-spec here is an error (the suite's
		// redirect-syntax-error and exp-syntax-error cases).
		ds, err := parseDomainSpec(value)
		if err != nil {
			return err
		}
		slot := &rec.Redirect
		if name == "exp" {
			slot = &rec.Exp
		}
		if *slot != nil {
			return fmt.Errorf("%s= appears more than once", name)
		}
		*slot = ds
	default:
		ms, err := parseMacroString(value, explainLetters, false)
		if err != nil {
			return err
		}
		rec.Unknown = append(rec.Unknown, Modifier{Name: name, Value: ms})
	}
	return nil
}

func parseMechanism(term string) (Mechanism, error) {
	m := Mechanism{Qualifier: Plus, Text: term, CIDR4: 32, CIDR6: 128}
	body := term
	switch body[0] {
	case '+', '-', '~', '?':
		m.Qualifier = Qualifier(body[0])
		body = body[1:]
	}
	nameEnd := strings.IndexAny(body, ":/")
	if nameEnd < 0 {
		nameEnd = len(body)
	}
	m.Kind = Kind(strings.ToLower(body[:nameEnd]))
	rest := body[nameEnd:]
	var err error
	switch m.Kind {
	case All:
		if rest != "" {
			err = fmt.Errorf("\"all\" takes no domain or prefix length")
		}
	case Include, Exists:
		if !strings.HasPrefix(rest, ":") {
			return m, fmt.Errorf("%q needs a domain: %s:example.com", m.Kind, m.Kind)
		}
		m.Domain, err = parseDomainSpec(rest[1:])
	case PTR:
		m.Domain, err = optionalDomain(rest)
	case A, MX:
		rest, m.CIDR4, m.CIDR6, err = splitDualCIDR(rest)
		if err == nil {
			m.Domain, err = optionalDomain(rest)
		}
	case IP4, IP6:
		m.Net, err = parseNetwork(m.Kind, rest)
	default:
		err = fmt.Errorf("%q is not a mechanism (all, include, a, mx, ptr, ip4, ip6, exists) or a name=value modifier", body[:nameEnd])
	}
	return m, err
}

// optionalDomain parses the [":" domain-spec] of a, mx and ptr.
func optionalDomain(rest string) (*MacroString, error) {
	switch {
	case rest == "":
		return nil, nil
	case rest[0] == ':':
		return parseDomainSpec(rest[1:])
	default:
		return nil, fmt.Errorf("unexpected %q; a prefix length goes after the domain", rest)
	}
}

// splitDualCIDR takes "/n" (IPv4) and "//n" (IPv6) prefix lengths off the
// end of a or mx arguments. Looking from the end is what lets a domain
// contain "/" and ":" (RFC 7208 §7.1 allows any visible character).
func splitDualCIDR(s string) (rest string, c4, c6 int, err error) {
	c4, c6 = 32, 128
	if i := strings.LastIndex(s, "//"); i >= 0 && allDigits(s[i+2:]) {
		if c6, err = cidrLength(s[i+2:], 128); err != nil {
			return "", 0, 0, err
		}
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '/'); i >= 0 && allDigits(s[i+1:]) {
		if c4, err = cidrLength(s[i+1:], 32); err != nil {
			return "", 0, 0, err
		}
		s = s[:i]
	}
	return s, c4, c6, nil
}

// parseNetwork parses ":" address ["/" length] of ip4 and ip6. Addresses
// must be complete (no "1.2.3" shorthand), without leading zeros or zones.
func parseNetwork(kind Kind, rest string) (netip.Prefix, error) {
	if !strings.HasPrefix(rest, ":") || len(rest) == 1 {
		return netip.Prefix{}, fmt.Errorf("%q needs an address: %s:192.0.2.0/24", kind, kind)
	}
	addrText, bits := rest[1:], -1
	if i := strings.LastIndexByte(addrText, '/'); i >= 0 {
		limit := 32
		if kind == IP6 {
			limit = 128
		}
		var err error
		if bits, err = cidrLength(addrText[i+1:], limit); err != nil {
			return netip.Prefix{}, err
		}
		addrText = addrText[:i]
	}
	addr, err := netip.ParseAddr(addrText)
	if err != nil || addr.Zone() != "" || (kind == IP4) != addr.Is4() {
		family := "IPv4"
		if kind == IP6 {
			family = "IPv6"
		}
		return netip.Prefix{}, fmt.Errorf("%q is not a complete %s address", addrText, family)
	}
	if bits < 0 {
		bits = addr.BitLen()
	}
	return netip.PrefixFrom(addr, bits).Masked(), nil
}

// cidrLength parses a prefix length: digits without leading zeros, at
// most limit.
func cidrLength(s string, limit int) (int, error) {
	if s == "" || !allDigits(s) || (len(s) > 1 && s[0] == '0') || len(s) > 3 {
		return 0, fmt.Errorf("prefix length %q is not a number from 0 to %d", s, limit)
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	if n > limit {
		return 0, fmt.Errorf("prefix length /%d is more than %d", n, limit)
	}
	return n, nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
