package spf

import (
	"fmt"
	"strings"
)

// MacroString is a parsed macro-string (RFC 7208 §7): literal text mixed
// with %{...} expansions that are filled in per message.
type MacroString struct {
	text  string
	parts []macroPart
}

type partKind uint8

const (
	literal partKind = iota // plain text
	escape                  // %%, %_ or %-, already turned into its text
	expand                  // %{letter digits r delimiters}
)

type macroPart struct {
	kind    partKind
	text    string // literal and escape parts
	letter  byte   // lowercase macro letter
	url     bool   // the letter was uppercase: URL-escape the value
	keep    int    // number of right-hand parts to keep; 0 means all
	reverse bool
	delims  string // split characters; "" means "."
}

// String returns the macro-string as written.
func (m *MacroString) String() string { return m.text }

// HasMacros reports whether the string expands to anything other than its
// own text, so a static analysis knows it cannot follow it.
func (m *MacroString) HasMacros() bool {
	for _, p := range m.parts {
		if p.kind == expand {
			return true
		}
	}
	return false
}

// Macro letters by where they may appear (RFC 7208 §7.2): c, r and t only
// in explanation text.
const (
	domainLetters  = "slodiphv"
	explainLetters = "slodiphvcrt"
)

// maxKeep caps the DIGIT transformer: no value has more parts than a
// domain name has octets, so anything larger means "all" anyway.
const maxKeep = 255

// parseMacroString parses s. letters lists the macro letters allowed;
// spaces reports whether bare spaces are allowed (explanation text only).
func parseMacroString(s, letters string, spaces bool) (*MacroString, error) {
	m := &MacroString{text: s}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			m.parts = append(m.parts, macroPart{kind: literal, text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			if !(c >= 0x21 && c <= 0x7e) && !(spaces && c == ' ') {
				return nil, fmt.Errorf("character %q is not allowed (only visible ASCII)", c)
			}
			lit.WriteByte(c)
			continue
		}
		if i+1 >= len(s) {
			return nil, fmt.Errorf("%q ends with a lone %%; write %%%% for a percent sign", s)
		}
		switch s[i+1] {
		case '%', '_', '-':
			flush()
			m.parts = append(m.parts, macroPart{kind: escape, text: map[byte]string{'%': "%", '_': " ", '-': "%20"}[s[i+1]]})
			i++
		case '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("%q: macro %%{ is never closed with }", s)
			}
			p, err := parseExpand(s[i+2:i+end], letters)
			if err != nil {
				return nil, fmt.Errorf("%q: %w", s, err)
			}
			flush()
			m.parts = append(m.parts, p)
			i += end
		default:
			return nil, fmt.Errorf("%q: %%%c is not a macro; a %% must be followed by {, %%, _ or -", s, s[i+1])
		}
	}
	flush()
	return m, nil
}

// parseExpand parses the inside of %{...}: a letter, optional digits, an
// optional "r", then delimiters.
func parseExpand(body, letters string) (macroPart, error) {
	if body == "" {
		return macroPart{}, fmt.Errorf("empty macro %%{}")
	}
	letter := body[0]
	lower := letter | 0x20
	if !(letter >= 'a' && letter <= 'z' || letter >= 'A' && letter <= 'Z') || !strings.ContainsRune(letters, rune(lower)) {
		if strings.ContainsRune(explainLetters, rune(lower)) {
			return macroPart{}, fmt.Errorf("macro letter %q is allowed only in explanation text", letter)
		}
		return macroPart{}, fmt.Errorf("unknown macro letter %q", letter)
	}
	p := macroPart{kind: expand, letter: lower, url: letter >= 'A' && letter <= 'Z'}
	rest := body[1:]
	digits := 0
	for digits < len(rest) && rest[digits] >= '0' && rest[digits] <= '9' {
		digits++
	}
	if digits > 0 {
		n := 0
		for _, d := range rest[:digits] {
			n = min(n*10+int(d-'0'), maxKeep+1)
		}
		if n == 0 {
			return macroPart{}, fmt.Errorf("macro %%{%s}: the number of parts must not be zero", body)
		}
		p.keep = min(n, maxKeep)
		rest = rest[digits:]
	}
	if rest != "" && (rest[0] == 'r' || rest[0] == 'R') {
		p.reverse = true
		rest = rest[1:]
	}
	for i := 0; i < len(rest); i++ {
		if !strings.ContainsRune(".-+,/_=", rune(rest[i])) {
			return macroPart{}, fmt.Errorf("macro %%{%s}: %q is not a delimiter (use . - + , / _ =)", body, rest[i])
		}
	}
	p.delims = rest
	return p, nil
}

// macroValues supplies the value of each macro letter. p is a function
// because finding the validated name costs DNS queries that most
// expansions never need.
type macroValues struct {
	s, l, o, d, i, h, c, r, t, v string
	p                            func() string
}

func (mv *macroValues) get(letter byte) string {
	switch letter {
	case 's':
		return mv.s
	case 'l':
		return mv.l
	case 'o':
		return mv.o
	case 'd':
		return mv.d
	case 'i':
		return mv.i
	case 'p':
		if mv.p == nil {
			return "unknown"
		}
		return mv.p()
	case 'h':
		return mv.h
	case 'c':
		return mv.c
	case 'r':
		return mv.r
	case 't':
		return mv.t
	case 'v':
		return mv.v
	}
	return ""
}

// expandWith fills in the macros.
func (m *MacroString) expandWith(mv *macroValues) string {
	var b strings.Builder
	for _, p := range m.parts {
		switch p.kind {
		case literal, escape:
			b.WriteString(p.text)
		case expand:
			v := transform(mv.get(p.letter), p)
			if p.url {
				v = urlEscape(v)
			}
			b.WriteString(v)
		}
	}
	return b.String()
}

// transform applies the delimiters, reversal and right-hand part count of
// RFC 7208 §7.3 to a macro's value.
func transform(v string, p macroPart) string {
	if p.keep == 0 && !p.reverse && (p.delims == "" || p.delims == ".") {
		return v
	}
	delims := p.delims
	if delims == "" {
		delims = "."
	}
	// Split on every delimiter, keeping empty parts: the RFC defines no
	// collapsing, and dropping them would change the value.
	parts := splitAny(v, delims)
	if p.reverse {
		for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
			parts[i], parts[j] = parts[j], parts[i]
		}
	}
	if p.keep > 0 && p.keep < len(parts) {
		parts = parts[len(parts)-p.keep:]
	}
	return strings.Join(parts, ".")
}

func splitAny(s, delims string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(delims, s[i]) >= 0 {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// urlEscape percent-encodes everything outside RFC 3986's unreserved set,
// as uppercase macro letters require.
func urlEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0xf])
	}
	return b.String()
}
