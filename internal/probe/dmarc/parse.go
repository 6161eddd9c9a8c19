package dmarc

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"triage/internal/probe"
)

// ErrNotDMARC is returned by Parse for text that is not a DMARC record at
// all: receivers discard any TXT record whose first tag is not exactly
// "v=DMARC1" (RFC 7489 §6.6.3).
var ErrNotDMARC = errors.New("dmarc: not a DMARC record: it must begin with \"v=DMARC1\"")

// Defaults of RFC 7489 §6.3 for absent tags.
const (
	defaultPercent  = 100
	defaultInterval = 86400
)

// Parse reads a DMARC record. Like a receiver it ignores unknown tags and
// replaces unusable values with defaults, but every such mistake is
// recorded in Record.Problems. The only error is ErrNotDMARC.
func Parse(text string) (*Record, error) {
	if !IsDMARC(text) {
		return nil, ErrNotDMARC
	}
	tags, problems := splitTags(text)
	rec := &Record{
		Text: text, Percent: defaultPercent, ADKIM: Relaxed, ASPF: Relaxed,
		FailureOptions: []string{"0"}, ReportFormats: []string{"afrf"}, Interval: defaultInterval,
		Tags: tags, Problems: problems,
	}
	p := &tagParser{rec: rec, seen: map[string]bool{"v": true}}
	for _, tag := range tags[1:] {
		p.tag(tag)
	}
	p.finish()
	return rec, nil
}

type tagParser struct {
	rec         *Record
	seen        map[string]bool
	warnedCase  bool
	pBad, spBad bool
	pSeen       bool
}

func (p *tagParser) problem(code string, level probe.Level, format string, args ...any) {
	p.rec.Problems = append(p.rec.Problems, probe.Problem{Code: code, Level: level, Text: fmt.Sprintf(format, args...)})
}

func (p *tagParser) tag(tag Tag) {
	name := strings.ToLower(tag.Name)
	if name != tag.Name && !p.warnedCase {
		p.warnedCase = true
		p.problem("dmarc.tag_case", probe.Warning, "The DMARC record writes the tag %q in capitals. Tags are meant to be lowercase; most receivers accept this, but not all.", tag.Name)
	}
	if p.seen[name] {
		p.problem("dmarc.duplicate_tag", probe.Error, "The DMARC record has the tag %q more than once. Receivers may reject the whole record; keep one.", name)
		return
	}
	p.seen[name] = true
	v := tag.Value
	switch name {
	case "p":
		p.pSeen = true
		p.rec.Policy, p.pBad = p.policy("p", v)
	case "sp":
		p.rec.SubdomainPolicy, p.spBad = p.policy("sp", v)
	case "pct":
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100 || !allDigits(v) {
			p.problem("dmarc.bad_value", probe.Warning, "pct=%s is not a whole number from 0 to 100; receivers use 100.", v)
			return
		}
		p.rec.Percent = n
	case "rua", "ruf":
		uris := p.uris(name, v)
		if name == "rua" {
			p.rec.RUA = uris
		} else {
			p.rec.RUF = uris
		}
	case "adkim", "aspf":
		a := Alignment(strings.ToLower(v))
		if a != Relaxed && a != Strict {
			p.problem("dmarc.bad_value", probe.Warning, "%s=%s is not r (relaxed) or s (strict); receivers use r.", name, v)
			return
		}
		if name == "adkim" {
			p.rec.ADKIM = a
		} else {
			p.rec.ASPF = a
		}
	case "fo":
		p.rec.FailureOptions = p.list(name, v, map[string]bool{"0": true, "1": true, "d": true, "s": true}, []string{"0"})
	case "rf":
		p.rec.ReportFormats = p.list(name, v, map[string]bool{"afrf": true}, []string{"afrf"})
	case "ri":
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || !allDigits(v) {
			p.problem("dmarc.bad_value", probe.Warning, "ri=%s is not a number of seconds; receivers use %d (one day).", v, defaultInterval)
			return
		}
		p.rec.Interval = int(n)
	case "np", "psd", "t":
		// Tags of later DMARC revisions (RFC 9091 and its successor):
		// not part of RFC 7489 but harmless and not worth a remark.
	default:
		p.problem("dmarc.unknown_tag", probe.Info, "The DMARC record has the tag %q, which receivers ignore. Check it is not a typing mistake.", tag.Name)
	}
}

func (p *tagParser) policy(name, v string) (Policy, bool) {
	pol := Policy(strings.ToLower(v))
	if pol.strength() < 0 {
		p.problem("dmarc.bad_value", probe.Error, "%s=%s is not none, quarantine or reject.", name, v)
		return "", true
	}
	return pol, false
}

// uris keeps the usable report addresses of a rua= or ruf= list: URIs with
// a scheme, mailto: ones with an address, each with an optional "!size".
func (p *tagParser) uris(name, v string) []string {
	var out []string
	for raw := range strings.SplitSeq(v, ",") {
		u := trimFWS(raw)
		addr := u
		if bang := strings.LastIndexByte(u, '!'); bang >= 0 && validSizeLimit(u[bang+1:]) {
			addr = u[:bang]
		}
		parsed, err := url.Parse(addr)
		ok := err == nil && parsed.Scheme != "" && addr != ""
		if ok && strings.EqualFold(parsed.Scheme, "mailto") {
			ok = strings.Contains(parsed.Opaque, "@") && !strings.HasPrefix(parsed.Opaque, "@")
		}
		if !ok {
			p.problem("dmarc.bad_uri", probe.Warning, "%s= lists %q, which is not a usable report address (it should look like mailto:dmarc@example.com). Receivers skip it.", name, u)
			continue
		}
		out = append(out, u)
	}
	return out
}

// validSizeLimit matches the "!size" of a report URI: digits and an
// optional k, m, g or t.
func validSizeLimit(s string) bool {
	s = strings.TrimRight(s, "kmgtKMGT")
	return allDigits(s)
}

// list reads a colon-separated list, keeping known values; when none is
// usable it gives the default.
func (p *tagParser) list(name, v string, known map[string]bool, def []string) []string {
	var out []string
	for item := range strings.SplitSeq(v, ":") {
		item = strings.ToLower(trimFWS(item))
		if !known[item] {
			p.problem("dmarc.bad_value", probe.Warning, "%s= has the value %q, which receivers do not know and skip.", name, item)
			continue
		}
		out = append(out, item)
	}
	if len(out) == 0 {
		return def
	}
	return out
}

// finish applies RFC 7489 §6.6.3 step 6: a record without a usable p=, or
// with a broken sp=, still counts as p=none when it has a usable rua=;
// otherwise receivers ignore it.
func (p *tagParser) finish() {
	rec := p.rec
	if !p.pSeen {
		p.pBad = true
	}
	if !p.pBad && !p.spBad {
		rec.Valid = true
		return
	}
	what := "has no p= tag"
	switch {
	case p.pSeen && p.pBad:
		what = "has an unusable p= tag"
	case p.spBad:
		what = "has an unusable sp= tag"
	}
	if len(rec.RUA) > 0 {
		rec.Valid, rec.Policy, rec.SubdomainPolicy = true, PolicyNone, ""
		p.problem("dmarc.no_policy", probe.Error, "The DMARC record %s. Because it has a report address (rua=), receivers treat it as p=none: reports only, no protection. Add p=reject (or p=quarantine while testing).", what)
		return
	}
	rec.Valid, rec.Policy, rec.SubdomainPolicy = false, "", ""
	p.problem("dmarc.invalid", probe.Error, "The DMARC record %s and no report address (rua=), so receivers ignore it entirely: the domain has no DMARC protection. Publish \"v=DMARC1; p=reject; rua=mailto:...\".", what)
}

// IsDMARC reports whether a TXT record is a DMARC record: its very first
// tag is v=DMARC1 (the tag name in any case, the value exactly).
func IsDMARC(text string) bool {
	first, _, _ := strings.Cut(text, ";")
	name, value, ok := strings.Cut(first, "=")
	return ok && strings.EqualFold(trimFWS(name), "v") && trimFWS(value) == "DMARC1"
}

// splitTags splits a DKIM-style tag-list (RFC 6376 §3.2) into tags,
// noting pieces that are not tag=value pairs.
func splitTags(text string) ([]Tag, []probe.Problem) {
	var tags []Tag
	var problems []probe.Problem
	parts := strings.Split(text, ";")
	for i, part := range parts {
		spec := trimFWS(part)
		if spec == "" {
			if i < len(parts)-1 && i > 0 {
				problems = append(problems, probe.Problem{Code: "dmarc.syntax", Level: probe.Info,
					Text: "The DMARC record has an empty entry (two semicolons in a row). Receivers skip it, but it suggests a typing mistake."})
			}
			continue
		}
		eq := strings.IndexByte(spec, '=')
		name := ""
		if eq >= 0 {
			name = trimFWS(spec[:eq])
		}
		if eq < 0 || !probe.ValidTagName(name) {
			problems = append(problems, probe.Problem{Code: "dmarc.syntax", Level: probe.Warning,
				Text: fmt.Sprintf("The DMARC record contains %q, which is not a tag=value pair; receivers skip it.", spec)})
			continue
		}
		tags = append(tags, Tag{Name: name, Value: trimFWS(spec[eq+1:])})
	}
	return tags, problems
}

// trimFWS trims folding white space: spaces, tabs and line breaks.
func trimFWS(s string) string { return strings.Trim(s, " \t\r\n") }

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
