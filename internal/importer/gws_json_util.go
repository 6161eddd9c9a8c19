package importer

// Shared reading for the JSON exports of other tools: the Google Directory
// API users list (gws_users_json.go) and SharpHound's users.json
// (sharphound_users.go). Both hold one list of records inside a small
// envelope; listDoc checks the whole file's syntax first, so a cut-off
// file fails before any record is read, then walks the envelope token by
// token and hands each record over as raw bytes with its line and path.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"

	"triage/internal/audit"
)

// listDoc is a JSON document being walked, with line numbers for offsets.
type listDoc struct {
	name    string
	data    []byte
	dec     *json.Decoder
	lineOff int64 // line counting resumes from here
	lineNo  int   // the line holding lineOff
}

// newListDoc decodes the file's text (a byte-order mark, UTF-16 from
// PowerShell's Out-File and Windows-1252 are allowed, see exportText) and
// checks that it is exactly one JSON value.
func newListDoc(name string, r io.Reader) (*listDoc, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	d := &listDoc{name: name, data: []byte(exportText(raw)), lineNo: 1}
	if len(bytes.TrimSpace(d.data)) == 0 {
		return nil, audit.Invalid(name, 1, "the file is empty")
	}
	check := json.NewDecoder(bytes.NewReader(d.data))
	var whole json.RawMessage
	if err := check.Decode(&whole); err != nil {
		return nil, d.syntaxError(err)
	}
	end := check.InputOffset()
	if rest := bytes.TrimLeft(d.data[end:], " \t\r\n"); len(rest) > 0 {
		return nil, d.errAt(int64(len(d.data)-len(rest)), "there is more after the end of the JSON value; the file should hold exactly one")
	}
	d.dec = json.NewDecoder(bytes.NewReader(d.data))
	d.dec.UseNumber()
	return d, nil
}

func (d *listDoc) syntaxError(err error) error {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return audit.Invalid(d.name, d.line(int64(len(d.data))), "the file ends before the JSON is complete; it may have been cut short while copying or downloading")
	case errors.As(err, &syn):
		return audit.Invalid(d.name, d.line(syn.Offset), "not valid JSON: %s", syn.Error())
	}
	return audit.Invalid(d.name, d.line(d.dec.InputOffset()), "not valid JSON: %v", err)
}

// line returns the 1-based line holding byte offset off. Offsets mostly
// grow as the walk goes on, so counting resumes from the last one.
func (d *listDoc) line(off int64) int {
	off = min(max(off, 0), int64(len(d.data)))
	if off < d.lineOff {
		d.lineOff, d.lineNo = 0, 1
	}
	d.lineNo += bytes.Count(d.data[d.lineOff:off], []byte("\n"))
	d.lineOff = off
	return d.lineNo
}

func (d *listDoc) errAt(off int64, format string, args ...any) error {
	return audit.Invalid(d.name, d.line(off), format, args...)
}

// token reads the next token. The syntax is known to be good, so an error
// here is unexpected, but it is still reported with a line.
func (d *listDoc) token() (json.Token, error) {
	tok, err := d.dec.Token()
	if err != nil {
		return nil, d.syntaxError(err)
	}
	return tok, nil
}

// key reads an object member's name, or reports that the object ended.
func (d *listDoc) key() (string, bool, error) {
	if !d.dec.More() {
		_, err := d.token() // the closing brace
		return "", false, err
	}
	tok, err := d.token()
	if err != nil {
		return "", false, err
	}
	k, _ := tok.(string)
	return k, true, nil
}

// next returns the offset where the next value starts, past white space
// and the comma or colon before it.
func (d *listDoc) next() int64 {
	off := d.dec.InputOffset()
	for off < int64(len(d.data)) {
		switch d.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// raw reads the next value whole, with its start offset.
func (d *listDoc) raw() (json.RawMessage, int64, error) {
	start := d.next()
	var v json.RawMessage
	if err := d.dec.Decode(&v); err != nil {
		return nil, start, d.syntaxError(err)
	}
	return v, start, nil
}

// skip reads past the next value.
func (d *listDoc) skip() error {
	_, _, err := d.raw()
	return err
}

// keyLine returns the line of member key inside the value raw that starts
// at offset start, for messages about that member; the value's own line
// when the key cannot be found.
func (d *listDoc) keyLine(raw []byte, start int64, key string) int {
	quoted := []byte(strconv.Quote(key))
	for from := 0; from < len(raw); {
		i := bytes.Index(raw[from:], quoted)
		if i < 0 {
			break
		}
		at := from + i
		after := bytes.TrimLeft(raw[at+len(quoted):], " \t\r\n")
		if len(after) > 0 && after[0] == ':' {
			return d.line(start + int64(at))
		}
		from = at + len(quoted)
	}
	return d.line(start)
}

// decode unmarshals a record, reporting a value of the wrong type at its
// member's line with the record's path.
func (d *listDoc) decode(raw []byte, start int64, path string, v any) error {
	err := json.Unmarshal(raw, v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		last := field
		for i := len(field) - 1; i >= 0; i-- {
			if field[i] == '.' {
				last = field[i+1:]
				break
			}
		}
		line := d.line(start + te.Offset)
		if last != "" {
			line = d.keyLine(raw, start, last)
			field = "." + field
		}
		return audit.Invalid(d.name, line, "%s%s must be %s, not %s", path, field, listDocWant(te.Type), listDocAn(te.Value))
	}
	return audit.Invalid(d.name, d.line(start), "%s: %v", path, err)
}

// listDocWant names a Go type in the words of the messages.
func listDocWant(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "text"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	}
	return fmt.Sprint(t)
}

func listDocAn(value string) string {
	switch value {
	case "object", "array":
		return "an " + value
	case "string":
		return "text"
	case "bool":
		return "true or false"
	}
	return "a " + value
}

// listDocHead walks the start of a file for Detect. Everything is decided on
// tokens; a head cut mid-value just ends the walk.
func listDocHead(head []byte) *json.Decoder {
	dec := json.NewDecoder(bytes.NewReader([]byte(exportText(head))))
	dec.UseNumber()
	return dec
}

// listDocSkip reads past one value in a Detect walk.
func listDocSkip(dec *json.Decoder) bool {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return true
		}
	}
}

// listDocSeek moves past the member name key of the object being read, in
// a Detect walk; false when the object or the input ends first.
func listDocSeek(dec *json.Decoder, key string) bool {
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if k, ok := tok.(string); !ok {
			return false
		} else if k == key {
			return true
		}
		if !listDocSkip(dec) {
			return false
		}
	}
}
