package mtasts

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Policy modes (RFC 8461 §5).
const (
	Enforce = "enforce" // senders must use TLS with a valid certificate
	Testing = "testing" // senders report failures but deliver anyway
	None    = "none"    // the policy is being withdrawn
)

// MaxMaxAge is the longest max_age allowed: about a year.
const MaxMaxAge = 31557600

// maxPolicySize bounds the policy file read; RFC 8461 §3.3 lets senders
// stop at 64 KiB.
const maxPolicySize = 64 << 10

// Policy is a parsed MTA-STS policy file.
type Policy struct {
	Version string   `json:"version"`
	Mode    string   `json:"mode"`
	MX      []string `json:"mx"`      // host patterns, e.g. "*.mail.protection.outlook.com"
	MaxAge  int      `json:"max_age"` // seconds senders may cache the policy
}

// ParsePolicy reads a policy file: "key: value" lines ending in CRLF or LF
// (RFC 8461 §3.2). version, mode and max_age are required, and mx too
// unless mode is none; unknown keys are ignored.
func ParsePolicy(text string) (*Policy, error) {
	if len(text) > maxPolicySize {
		return nil, fmt.Errorf("the policy is %d bytes; senders read at most %d", len(text), maxPolicySize)
	}
	p := &Policy{MaxAge: -1}
	seen := map[string]bool{}
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: %q is not a \"key: value\" line", i+1, line)
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if key != "mx" && seen[key] {
			return nil, fmt.Errorf("line %d: %s appears twice", i+1, key)
		}
		seen[key] = true
		if err := p.set(key, value); err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
	}
	return p, p.complete()
}

func (p *Policy) set(key, value string) error {
	switch key {
	case "version":
		if value != "STSv1" {
			return fmt.Errorf("version %q must be STSv1", value)
		}
		p.Version = value
	case "mode":
		if value != Enforce && value != Testing && value != None {
			return fmt.Errorf("mode %q must be enforce, testing or none", value)
		}
		p.Mode = value
	case "max_age":
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 || n > MaxMaxAge || len(value) > 10 {
			return fmt.Errorf("max_age %q must be a number of seconds from 0 to %d", value, MaxMaxAge)
		}
		p.MaxAge = n
	case "mx":
		if !validPattern(value) {
			return fmt.Errorf("mx %q is not a host name or *.domain pattern", value)
		}
		p.MX = append(p.MX, strings.ToLower(strings.TrimSuffix(value, ".")))
	}
	return nil
}

func (p *Policy) complete() error {
	switch {
	case p.Version == "":
		return errors.New("no version: STSv1 line")
	case p.Mode == "":
		return errors.New("no mode: line")
	case p.MaxAge < 0:
		return errors.New("no max_age: line")
	case len(p.MX) == 0 && p.Mode != None:
		return errors.New("no mx: line, so no mail server is allowed")
	}
	return nil
}

// Matches reports whether the policy allows mail server host: an exact
// pattern, or "*.suffix" matching exactly one more label (RFC 8461 §4.1).
func (p *Policy) Matches(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, pat := range p.MX {
		if suffix, wild := strings.CutPrefix(pat, "*."); wild {
			label, rest, ok := strings.Cut(host, ".")
			if ok && label != "" && rest == suffix {
				return true
			}
			continue
		}
		if host == pat {
			return true
		}
	}
	return false
}

func validPattern(s string) bool {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "*."), ".")
	if s == "" || len(s) > 253 || !strings.Contains(s, ".") {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}
