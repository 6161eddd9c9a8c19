package probe

import (
	"net/netip"
	"strconv"
	"strings"
)

// MaxNameLen is the longest domain name, in presentation form without the
// trailing dot, that fits in a DNS message (RFC 1035 §2.3.4).
const MaxNameLen = 253

// Normalize lowercases name and drops one trailing dot, so that names from
// records, macros and users compare equal however they were written.
func Normalize(name string) string {
	return strings.ToLower(strings.TrimSuffix(name, "."))
}

// QueryableName reports whether name (without a trailing dot) can be put in
// a DNS question: not empty, at most 253 octets, and every label between 1
// and 63 octets. It does not restrict the characters: DNS itself carries any
// octet, and SPF macros can build names with spaces or '%'.
func QueryableName(name string) bool {
	name = strings.TrimSuffix(name, ".")
	if name == "" || len(name) > MaxNameLen {
		return false
	}
	for label := range strings.SplitSeq(name, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
	}
	return true
}

// ReverseName is the name under in-addr.arpa or ip6.arpa at which the PTR
// records of addr live. An IPv4-mapped IPv6 address is treated as IPv4.
func ReverseName(addr netip.Addr) string {
	addr = addr.Unmap()
	if addr.Is4() {
		b := addr.As4()
		var sb strings.Builder
		for i := 3; i >= 0; i-- {
			sb.WriteString(strconv.Itoa(int(b[i])))
			sb.WriteByte('.')
		}
		sb.WriteString("in-addr.arpa")
		return sb.String()
	}
	return Nibbles(addr, true) + ".ip6.arpa"
}

// Nibbles writes the 32 hex digits of an IPv6 address separated by dots,
// lowercase, least significant first when reversed is true. It is the form
// both reverse DNS and SPF's %{i} macro use for IPv6.
func Nibbles(addr netip.Addr, reversed bool) string {
	const hex = "0123456789abcdef"
	b := addr.As16()
	digits := make([]byte, 0, 32)
	for _, x := range b {
		digits = append(digits, hex[x>>4], hex[x&0xf])
	}
	out := make([]byte, 0, 63)
	for i := range digits {
		d := digits[i]
		if reversed {
			d = digits[len(digits)-1-i]
		}
		if i > 0 {
			out = append(out, '.')
		}
		out = append(out, d)
	}
	return string(out)
}
