package signin

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// The scanning functions take a buffer and a position and return the
// position after what they read, or one of these. Plain ints rather than
// errors keep the per-byte loops free of allocations and interface calls.
const (
	// short: the value runs past the end of the buffer; more input may
	// complete it.
	short = -1
	// bad: not valid JSON; scanner.errOff and errMsg say where and why.
	bad = -2
)

// scanner reads JSON values from a buffer holding part of the input.
type scanner struct {
	b      []byte
	errOff int
	errMsg string
}

func (s *scanner) fail(off int, msg string) int {
	s.errOff, s.errMsg = off, msg
	return bad
}

// ws skips JSON whitespace. Compact JSON has none, so the first test
// usually settles it and the loop stays out of line.
func (s *scanner) ws(i int) int {
	if i < len(s.b) && s.b[i] > ' ' {
		return i
	}
	return s.wsLoop(i)
}

func (s *scanner) wsLoop(i int) int {
	b := s.b
	for i < len(b) {
		switch b[i] {
		case ' ', '\n', '\r', '\t':
			i++
		default:
			return i
		}
	}
	return i
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// strEnd returns the index of the quote that closes the string whose
// contents start at b[j], and whether the contents hold escapes; -1 when
// the buffer ends first. It tests eight bytes at a time: strings are most
// of a sign-in log, so this loop is where the time goes.
func (s *scanner) strEnd(j int) (int, bool) {
	b := s.b
	esc := false
	for {
		k := -1
		for ; j+8 <= len(b); j += 8 {
			x := binary.LittleEndian.Uint64(b[j : j+8])
			q := x ^ (ones * '"')
			e := x ^ (ones * '\\')
			// A byte of q or e is zero where x holds a quote or a
			// backslash; the lowest flagged byte is always a true one.
			if m := ((q-ones)&^q | (e-ones)&^e) & highs; m != 0 {
				k = j + bits.TrailingZeros64(m)>>3
				break
			}
		}
		if k < 0 {
			for ; j < len(b); j++ {
				if c := b[j]; c == '"' || c == '\\' {
					k = j
					break
				}
			}
			if k < 0 {
				return -1, esc
			}
		}
		if b[k] == '"' {
			return k, esc
		}
		esc = true
		if j = k + 2; j > len(b) {
			return -1, esc
		}
	}
}

// str reads the string starting at b[i] == '"'. It returns the position
// after the closing quote, the contents between the quotes, and whether
// they hold escapes (then use unescape).
func (s *scanner) str(i int) (next int, raw []byte, escaped bool) {
	k, esc := s.strEnd(i + 1)
	if k < 0 {
		return short, nil, false
	}
	return k + 1, s.b[i+1 : k], esc
}

// skipStr is str for strings whose contents are not needed.
func (s *scanner) skipStr(i int) int {
	k, _ := s.strEnd(i + 1)
	if k < 0 {
		return short
	}
	return k + 1
}

// skip reads past one value of any kind.
func (s *scanner) skip(i int) int {
	b := s.b
	if i >= len(b) {
		return short
	}
	switch c := b[i]; {
	case c == '"':
		return s.skipStr(i)
	case c == '{' || c == '[':
		return s.skipContainer(i)
	case c == 't':
		return s.literal(i, "true")
	case c == 'f':
		return s.literal(i, "false")
	case c == 'n':
		return s.literal(i, "null")
	case c == '-' || c >= '0' && c <= '9':
		return s.number(i)
	}
	return s.fail(i, "expected a value, found "+quoteByte(b[i]))
}

// skipContainer reads past an object or list without checking what is
// inside: it matches brackets outside strings and nothing more. What it
// skips is never used (an event's location, its Conditional Access
// policies), and checking every token there would cost more than the rest
// of the event; a container cut short still runs to the end of the input
// and is caught there.
func (s *scanner) skipContainer(i int) int {
	b := s.b
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			k, _ := s.strEnd(i + 1)
			if k < 0 {
				return short
			}
			i = k
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return short
}

// colon reads the ':' after a key and the whitespace around it.
func (s *scanner) colon(i int) int {
	b := s.b
	if i+1 < len(b) && b[i] == ':' && b[i+1] > ' ' { // compact JSON
		return i + 1
	}
	i = s.ws(i)
	if i >= len(b) {
		return short
	}
	if b[i] != ':' {
		return s.fail(i, "expected ':' after a key, found "+quoteByte(b[i]))
	}
	return s.ws(i + 1)
}

// next reads what follows a member or element: ',' (then the next one
// starts at the returned position) or the closing bracket (end is true and
// the position is after it).
func (s *scanner) next(i int, closing byte) (int, bool) {
	b := s.b
	if i+1 < len(b) && b[i] == ',' && b[i+1] > ' ' { // compact JSON
		return i + 1, false
	}
	i = s.ws(i)
	if i >= len(b) {
		return short, false
	}
	switch b[i] {
	case ',':
		return s.ws(i + 1), false
	case closing:
		return i + 1, true
	}
	return s.fail(i, "expected ',' or '"+string(closing)+"', found "+quoteByte(b[i])), false
}

func (s *scanner) literal(i int, word string) int {
	b := s.b
	for k := 0; k < len(word); k++ {
		if i+k >= len(b) {
			return short
		}
		if b[i+k] != word[k] {
			return s.fail(i, "expected a value, found "+quoteByte(b[i]))
		}
	}
	return s.endOfToken(i + len(word))
}

// endOfToken checks that a literal or number is not run together with
// what follows (as in "truex" or "12a").
func (s *scanner) endOfToken(i int) int {
	b := s.b
	if i >= len(b) {
		return short
	}
	switch b[i] {
	case ' ', '\n', '\r', '\t', ',', '}', ']':
		return i
	}
	return s.fail(i, "unexpected "+quoteByte(b[i])+" after a value")
}

// number reads a JSON number, checking its grammar.
func (s *scanner) number(i int) int {
	b := s.b
	start := i
	if b[i] == '-' {
		i++
	}
	if i >= len(b) {
		return short
	}
	switch {
	case b[i] == '0':
		i++
	case b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return s.fail(start, "not a valid number")
	}
	if i < len(b) && b[i] == '.' {
		if i = digits(b, i+1); i < 0 {
			return s.numberEnd(b, i, start)
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i = digits(b, i); i < 0 {
			return s.numberEnd(b, i, start)
		}
	}
	return s.endOfToken(i)
}

func (s *scanner) numberEnd(b []byte, code, start int) int {
	if code == short {
		return short
	}
	return s.fail(start, "not a valid number")
}

// digits reads one or more digits.
func digits(b []byte, i int) int {
	j := i
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		j++
	}
	switch {
	case j > i:
		return j
	case j >= len(b):
		return short
	}
	return bad
}

func quoteByte(c byte) string {
	if c >= ' ' && c < 0x7f {
		return "'" + string(c) + "'"
	}
	return "byte 0x" + string("0123456789abcdef"[c>>4]) + string("0123456789abcdef"[c&15])
}

// unescape appends the decoded contents of a JSON string to dst. ok is
// false for an invalid escape.
func unescape(dst, raw []byte) (out []byte, ok bool) {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			dst = append(dst, c)
			continue
		}
		i++
		if i >= len(raw) {
			return dst, false
		}
		switch raw[i] {
		case '"', '\\', '/':
			dst = append(dst, raw[i])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, n := hex4(raw[i+1:])
			if n < 0 {
				return dst, false
			}
			i += 4
			if utf16.IsSurrogate(r) {
				// A surrogate pair is two escapes; a lone half becomes
				// U+FFFD, as encoding/json does.
				if len(raw) > i+2 && raw[i+1] == '\\' && raw[i+2] == 'u' {
					if r2, n2 := hex4(raw[i+3:]); n2 >= 0 {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							dst = utf8.AppendRune(dst, dec)
							i += 6
							continue
						}
					}
				}
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
		default:
			return dst, false
		}
	}
	return dst, true
}

func hex4(b []byte) (rune, int) {
	if len(b) < 4 {
		return 0, -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, -1
		}
		r = r<<4 | rune(c)
	}
	return r, 4
}
