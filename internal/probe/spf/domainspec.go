package spf

import "fmt"

// parseDomainSpec parses a domain-spec (RFC 7208 §7.1): a macro-string
// that ends either in a macro expansion or in "." and a top label, with an
// optional final dot. Checking the end is what makes "a:museum",
// "a:1.2.3.4" and "include:example.com/24" syntax errors.
func parseDomainSpec(s string) (*MacroString, error) {
	if s == "" {
		return nil, fmt.Errorf("the domain is empty")
	}
	m, err := parseMacroString(s, domainLetters, false)
	if err != nil {
		return nil, err
	}
	last := m.parts[len(m.parts)-1]
	if last.kind != literal {
		return m, nil
	}
	// A final dot after a macro ("%{d}.") is outside the strict grammar,
	// but it is the same fully-qualified spelling the grammar allows after
	// a top label, and receivers accept it; rejecting it would report a
	// working record as broken.
	if last.text == "." && len(m.parts) > 1 {
		return m, nil
	}
	tail := last.text
	if len(tail) > 0 && tail[len(tail)-1] == '.' {
		tail = tail[:len(tail)-1]
	}
	dot := -1
	for i := len(tail) - 1; i >= 0; i-- {
		if tail[i] == '.' {
			dot = i
			break
		}
	}
	if dot < 0 {
		return nil, fmt.Errorf("%q is not a domain name: it needs a dot and a top-level label such as .com", s)
	}
	if !isTopLabel(tail[dot+1:]) {
		return nil, fmt.Errorf("%q does not end in a valid top-level label (letters, digits and inner hyphens, not all digits)", s)
	}
	return m, nil
}

// isTopLabel implements the toplabel rule: alphanumerics with at least one
// letter, or alphanumerics with inner hyphens.
func isTopLabel(s string) bool {
	if s == "" {
		return false
	}
	hasAlpha, hasHyphen := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			hasAlpha = true
		case c >= '0' && c <= '9':
		case c == '-':
			hasHyphen = true
		default:
			return false
		}
	}
	if hasHyphen {
		return s[0] != '-' && s[len(s)-1] != '-'
	}
	return hasAlpha
}
