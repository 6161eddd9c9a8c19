package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"triage/internal/audit"
)

// A small JSON reader that remembers where each value starts, so that the
// device importers (osquery output and Intune's Graph managedDevices) can
// give every fact a JSON path and every error a line. The whole document is
// checked once; values are then cut out of it as raw bytes.

// devDoc is one JSON text with an index of its line ends.
type devDoc struct {
	name string
	text []byte
	nl   []int // offsets of every '\n'
}

func newDevDoc(name string, text []byte) *devDoc {
	d := &devDoc{name: name, text: text}
	for i, b := range text {
		if b == '\n' {
			d.nl = append(d.nl, i)
		}
	}
	return d
}

// line returns the 1-based line holding byte offset off.
func (d *devDoc) line(off int) int {
	return 1 + sort.SearchInts(d.nl, off)
}

func (d *devDoc) errorf(off int, format string, args ...any) error {
	return audit.Invalid(d.name, d.line(off), format, args...)
}

// devVal is a JSON value cut out of a devDoc: its bytes, the offset of its
// first byte in the document and its path ($.value[2]).
type devVal struct {
	raw  json.RawMessage
	off  int
	path string
}

// kind is the value's first byte: '{', '[', '"', 't', 'f', 'n' or a digit.
func (v devVal) kind() byte {
	if len(v.raw) == 0 {
		return 0
	}
	return v.raw[0]
}

// values reads the document as a sequence of top-level JSON values (one
// for most files; osqueryi prints one list per query). what says what the
// file should hold, for messages.
func (d *devDoc) values(what string) ([]devVal, error) {
	dec := json.NewDecoder(bytes.NewReader(d.text))
	var out []devVal
	for {
		start := devSkipSpace(d.text, int(dec.InputOffset()))
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, d.syntaxError(err, what)
		}
		path := "$"
		if len(out) > 0 {
			path = fmt.Sprintf("$%d", len(out)+1)
		}
		out = append(out, devVal{raw: raw, off: start, path: path})
	}
	if len(out) == 0 {
		return nil, audit.Invalid(d.name, 0, "the file is empty; expected %s", what)
	}
	return out, nil
}

// syntaxError locates a decoding error.
func (d *devDoc) syntaxError(err error, what string) error {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return d.errorf(len(d.text), "the file ends before the JSON is complete; it may have been cut short while saving or copying, so export it again")
	case errors.As(err, &syn):
		return d.errorf(int(syn.Offset), "not valid JSON (%v); expected %s", syn, what)
	}
	return audit.Invalid(d.name, 0, "not valid JSON (%v); expected %s", err, what)
}

// devSkipSpace returns the offset of the next value at or after off, past
// white space and the separators between values.
func devSkipSpace(b []byte, off int) int {
	for off < len(b) {
		switch b[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// elements returns the items of a list value (nil for anything else).
func (v devVal) elements() []devVal {
	if v.kind() != '[' {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(v.raw))
	if _, err := dec.Token(); err != nil {
		return nil
	}
	var out []devVal
	for i := 0; dec.More(); i++ {
		start := devSkipSpace(v.raw, int(dec.InputOffset()))
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			return out // cannot happen: the document was checked whole
		}
		out = append(out, devVal{raw: raw, off: v.off + start, path: fmt.Sprintf("%s[%d]", v.path, i)})
	}
	return out
}

// devMember is one member of an object value.
type devMember struct {
	key string
	val devVal
}

// members returns the members of an object value in order (nil for
// anything else).
func (v devVal) members() []devMember {
	if v.kind() != '{' {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(v.raw))
	if _, err := dec.Token(); err != nil {
		return nil
	}
	var out []devMember
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		key, _ := tok.(string)
		start := devSkipSpace(v.raw, int(dec.InputOffset()))
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			return out
		}
		out = append(out, devMember{key: key, val: devVal{raw: raw, off: v.off + start, path: v.path + "." + key}})
	}
	return out
}

// scalarText returns a scalar value as text: a string's contents, a number
// or boolean as written. ok is false for objects and lists; null gives "".
// osquery writes every column as a string, except numbers when
// logger_numerics is on, so both must read the same.
func (v devVal) scalarText() (string, bool) {
	switch v.kind() {
	case '"':
		var s string
		if json.Unmarshal(v.raw, &s) != nil {
			return "", false
		}
		return s, true
	case 'n':
		return "", true
	case '{', '[', 0:
		return "", false
	}
	return string(v.raw), true
}
