package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
)

// JSON helpers shared by the Microsoft importers (Graph and ScubaGear):
// reading a whole document once, then cutting it into values that remember
// where they start, so every fact gets a JSON path and every error a line.

// msValue is a JSON value from a document, its path ($.value[3]) and the
// byte offset it starts at in the decoded text.
type msValue struct {
	raw  json.RawMessage
	off  int64
	path string
}

// msMember is one member of a JSON object.
type msMember struct {
	key string
	val msValue
}

// msDoc is a whole JSON file decoded to UTF-8, with a line index.
type msDoc struct {
	name  string
	text  []byte
	lines []int64 // offsets of each '\n'
}

// readMSDoc reads a JSON file in any of the encodings Windows tools write
// and checks it is one complete JSON value. Errors name the line.
func readMSDoc(name string, r io.Reader, what string) (*msDoc, msValue, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, msValue{}, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	d := &msDoc{name: name, text: decodeText(data)}
	for i, b := range d.text {
		if b == '\n' {
			d.lines = append(d.lines, int64(i))
		}
	}
	if len(bytes.TrimSpace(d.text)) == 0 {
		return nil, msValue{}, audit.Invalid(name, 0, "the file is empty; expected %s", what)
	}
	dec := json.NewDecoder(bytes.NewReader(d.text))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, msValue{}, d.syntaxError(err)
	}
	end := dec.InputOffset()
	if rest := bytes.TrimLeft(d.text[end:], " \t\r\n"); len(rest) > 0 {
		return nil, msValue{}, d.errorf(int64(len(d.text)-len(rest)), "unexpected data after the end of the JSON; the file should hold %s", what)
	}
	start := skipJSONSpace(d.text, 0)
	return d, msValue{raw: raw, off: start, path: "$"}, nil
}

// syntaxError turns a decoder error into a located one.
func (d *msDoc) syntaxError(err error) error {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return audit.Invalid(d.name, d.line(int64(len(d.text))),
			"the file ends before the JSON is complete; it may have been cut short while saving or copying, so save it again")
	case errors.As(err, &syn):
		return audit.Invalid(d.name, d.line(syn.Offset), "not valid JSON: %s", syn.Error())
	}
	return audit.Invalid(d.name, 0, "not valid JSON: %v", err)
}

// line returns the 1-based line holding byte offset off.
func (d *msDoc) line(off int64) int {
	return 1 + sort.Search(len(d.lines), func(i int) bool { return d.lines[i] >= off })
}

func (d *msDoc) errorf(off int64, format string, args ...any) error {
	return audit.Invalid(d.name, d.line(off), format, args...)
}

// valueError reports a problem with a value, naming its path.
func (d *msDoc) valueError(v msValue, format string, args ...any) error {
	return audit.Invalid(d.name, d.line(v.off), "%s: %s", v.path, fmt.Sprintf(format, args...))
}

// skipJSONSpace returns the offset of the next value at or after off, past
// white space and the separators between values.
func skipJSONSpace(b []byte, off int64) int64 {
	for off < int64(len(b)) {
		switch b[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// kind returns the first byte of a value: '{', '[', '"', 'n', 't', 'f' or
// a digit.
func (v msValue) kind() byte {
	t := bytes.TrimLeft(v.raw, " \t\r\n")
	if len(t) == 0 {
		return 0
	}
	return t[0]
}

func (v msValue) isNull() bool { return v.kind() == 'n' || v.kind() == 0 }

// elements cuts a JSON list into its items. A value that is not a list
// gives nil.
func (v msValue) elements() []msValue {
	if v.kind() != '[' {
		return nil
	}
	var out []msValue
	dec := json.NewDecoder(bytes.NewReader(v.raw))
	if _, err := dec.Token(); err != nil {
		return nil
	}
	for i := 0; dec.More(); i++ {
		start := skipJSONSpace(v.raw, dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return out // cannot happen: the document was checked whole
		}
		out = append(out, msValue{raw: raw, off: v.off + start, path: v.path + "[" + strconv.Itoa(i) + "]"})
	}
	return out
}

// members cuts a JSON object into its members, in file order. A value that
// is not an object gives nil.
func (v msValue) members() []msMember {
	if v.kind() != '{' {
		return nil
	}
	var out []msMember
	dec := json.NewDecoder(bytes.NewReader(v.raw))
	if _, err := dec.Token(); err != nil {
		return nil
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		key, _ := tok.(string)
		start := skipJSONSpace(v.raw, dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return out
		}
		out = append(out, msMember{key: key, val: msValue{raw: raw, off: v.off + start, path: v.path + memberPath(key)}})
	}
	return out
}

// memberPath writes .key, or ['key'] when the key is not a plain name.
func memberPath(key string) string {
	plain := key != ""
	for _, r := range key {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			plain = false
		}
	}
	if plain {
		return "." + key
	}
	return "['" + strings.ReplaceAll(key, "'", `\'`) + "']"
}

// member returns the first member whose key equals key, ignoring case
// (Graph writes camelCase, the PowerShell SDK PascalCase).
func (v msValue) member(key string) (msValue, bool) {
	for _, m := range v.members() {
		if strings.EqualFold(m.key, key) {
			return m.val, true
		}
	}
	return msValue{}, false
}

// decode unmarshals the value into out, reporting a type mismatch at the
// value's line with the field's path.
func (d *msDoc) decode(v msValue, out any) error {
	err := json.Unmarshal(v.raw, out)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field != "" {
			field = "." + field
		}
		return audit.Invalid(d.name, d.line(v.off+te.Offset), "%s%s must be %s, not a JSON %s", v.path, field, listDocWant(te.Type), te.Value)
	}
	return d.valueError(v, "%v", err)
}

// msTime reads the date-time forms Microsoft tools write: ISO 8601 from
// Graph (with or without fractions and zone; no zone means UTC) and
// "/Date(1647536088205)/" from Windows PowerShell's ConvertTo-Json.
func msTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "/Date(") && strings.HasSuffix(s, ")/") {
		num := strings.TrimSuffix(strings.TrimPrefix(s, "/Date("), ")/")
		// An offset such as +1000 may follow the milliseconds; the
		// milliseconds are UTC regardless, so it is dropped.
		if len(num) > 1 {
			if i := strings.IndexAny(num[1:], "+-"); i >= 0 {
				num = num[:i+1]
			}
		}
		ms, err := strconv.ParseInt(num, 10, 64)
		if err != nil || ms < -62135596800000 || ms > 253402300799999 {
			return time.Time{}, false
		}
		return time.UnixMilli(ms).UTC(), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// msTimeField reads an optional date-time field; "" and null give nil.
func (d *msDoc) msTimeField(v msValue, field string, s *string) (*time.Time, error) {
	if s == nil || strings.TrimSpace(*s) == "" {
		return nil, nil
	}
	t, ok := msTime(*s)
	if !ok {
		return nil, d.valueError(v, "%s %q is not a date and time Triage can read (expected ISO 8601 like 2024-05-01T09:30:00Z)", field, *s)
	}
	return &t, nil
}
