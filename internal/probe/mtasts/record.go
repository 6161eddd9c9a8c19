package mtasts

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotSTS means a TXT record is not an MTA-STS (or TLS-RPT) record at
// all; senders ignore it. Other errors describe a record that is broken.
var ErrNotSTS = errors.New("not an MTA-STS record")

// Record is a parsed _mta-sts TXT record.
type Record struct {
	Text string `json:"text"`
	ID   string `json:"id"` // changes whenever the policy changes
}

// IsRecord reports whether a TXT string is meant as an MTA-STS record: it
// begins with "v=STSv1" (RFC 8461 §3.1: other records are ignored).
func IsRecord(txt string) bool { return hasVersion(txt, "STSv1") }

// ParseRecord reads an MTA-STS TXT record: v=STSv1 first, then id= of 1 to
// 32 letters and digits; other fields are extensions and are ignored.
func ParseRecord(text string) (*Record, error) {
	fields, err := splitFields(text, "STSv1")
	if err != nil {
		return nil, err
	}
	id, ok := fields["id"]
	switch {
	case !ok:
		return nil, errors.New("no id= field")
	case len(id) == 0 || len(id) > 32 || !alnum(id):
		return nil, fmt.Errorf("id=%q must be 1 to 32 letters and digits", id)
	}
	return &Record{Text: text, ID: id}, nil
}

// TLSRPT is a parsed _smtp._tls TXT record.
type TLSRPT struct {
	Text string   `json:"text"`
	RUA  []string `json:"rua"` // where reports go: mailto: or https: URIs
}

// IsTLSRPT reports whether a TXT string is meant as a TLS-RPT record.
func IsTLSRPT(txt string) bool { return hasVersion(txt, "TLSRPTv1") }

// ParseTLSRPT reads a TLS-RPT record: v=TLSRPTv1 first, then rua= with one
// or more comma-separated mailto: or https: addresses (RFC 8460 §3).
func ParseTLSRPT(text string) (*TLSRPT, error) {
	fields, err := splitFields(text, "TLSRPTv1")
	if err != nil {
		return nil, err
	}
	rua, ok := fields["rua"]
	if !ok || strings.TrimSpace(rua) == "" {
		return nil, errors.New("no rua= field: nobody is told where to send reports")
	}
	r := &TLSRPT{Text: text}
	for u := range strings.SplitSeq(rua, ",") {
		u = strings.TrimSpace(u)
		low := strings.ToLower(u)
		if !(strings.HasPrefix(low, "mailto:") && len(u) > len("mailto:") && strings.Contains(u, "@")) && !(strings.HasPrefix(low, "https://") && len(u) > len("https://")) {
			return nil, fmt.Errorf("rua=: %q is not a mailto: or https: address", u)
		}
		r.RUA = append(r.RUA, u)
	}
	return r, nil
}

// hasVersion reports whether txt starts with v=<version> and then a
// separator or the end, allowing spaces around "=".
func hasVersion(txt, version string) bool {
	rest, ok := strings.CutPrefix(txt, "v")
	if !ok {
		return false
	}
	rest, ok = strings.CutPrefix(strings.TrimLeft(rest, " \t"), "=")
	if !ok {
		return false
	}
	rest, ok = strings.CutPrefix(strings.TrimLeft(rest, " \t"), version)
	if !ok {
		return false
	}
	rest = strings.TrimLeft(rest, " \t")
	return rest == "" || rest[0] == ';'
}

// splitFields checks the version and returns the other fields by name. A
// field name given twice is an error; field names are case-sensitive
// (RFC 8461 §3.1 and RFC 8460 §3 use ABNF literals in lower case).
func splitFields(text, version string) (map[string]string, error) {
	if !hasVersion(text, version) {
		return nil, ErrNotSTS
	}
	parts := strings.Split(text, ";")
	fields := map[string]string{}
	for _, p := range parts[1:] {
		p = strings.Trim(p, " \t")
		if p == "" {
			continue
		}
		name, value, ok := strings.Cut(p, "=")
		name = strings.Trim(name, " \t")
		if !ok || name == "" || !fieldName(name) {
			return nil, fmt.Errorf("%q is not a name=value field", p)
		}
		if _, dup := fields[name]; dup {
			return nil, fmt.Errorf("field %s= appears twice", name)
		}
		fields[name] = strings.Trim(value, " \t")
	}
	return fields, nil
}

func fieldName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
