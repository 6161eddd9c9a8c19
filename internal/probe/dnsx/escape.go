package dnsx

import "strings"

// miekg/dns keeps TXT strings and domain names in presentation form: a
// backslash escapes the next character, and \DDD is a byte in decimal. The
// probes want the raw octets, so everything crossing the boundary goes
// through these two functions.

// unescape turns presentation form into raw octets. A malformed escape is
// kept literally rather than dropped: it can only come from a broken server,
// and showing it is more useful than hiding it.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		if i+3 < len(s) && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) {
			n := int(s[i+1]-'0')*100 + int(s[i+2]-'0')*10 + int(s[i+3]-'0')
			if n <= 255 {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i+1])
		i++
	}
	return b.String()
}

// escapeTXT is the inverse of unescape for a TXT character-string.
func escapeTXT(s string) string { return escape(s, `"\`) }

// escapeName escapes the characters of a raw name that presentation form
// gives a meaning, except the dots between labels.
func escapeName(s string) string { return escape(s, `\"();@$ `) }

// escape puts a backslash before each character of special and writes
// other bytes outside printable ASCII as \DDD.
func escape(s, special string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte(special, c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < ' ' || c > '~':
			b.WriteByte('\\')
			b.WriteByte('0' + c/100)
			b.WriteByte('0' + c/10%10)
			b.WriteByte('0' + c%10)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
