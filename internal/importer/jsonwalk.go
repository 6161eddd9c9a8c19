package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
	"triage/internal/hint"

	"triage/internal/audit"
)

var (
	timeType = reflect.TypeFor[time.Time]()
	dateType = reflect.TypeFor[audit.Date]()
)

// walker reads a JSON document token by token, checking each value against
// the Go type it will be decoded into, so that an unknown or repeated
// field, a wrong type or a bad date is reported at its line (encoding/json
// reports some of these without a position, and lets repeated keys pass).
type walker struct {
	name   string
	data   []byte
	dec    *json.Decoder
	prefix string           // "facts[3]: " while inside a fact
	keys   map[string]int64 // path -> offset just after its key, inside the current fact
	fields map[reflect.Type]*structFields
}

type structFields struct {
	names []string // in declaration order, for messages
	types map[string]reflect.Type
}

func newWalker(name string, data []byte) *walker {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return &walker{name: name, data: data, dec: dec, fields: map[reflect.Type]*structFields{}}
}

// line returns the 1-based line holding byte offset off.
func (w *walker) line(off int64) int {
	off = min(max(off, 0), int64(len(w.data)))
	return 1 + bytes.Count(w.data[:off], []byte("\n"))
}

func (w *walker) errAt(off int64, format string, args ...any) error {
	return audit.Invalid(w.name, w.line(off), "%s%s", w.prefix, fmt.Sprintf(format, args...))
}

// token reads the next token, turning decoder errors into located ones.
func (w *walker) token() (json.Token, error) {
	tok, err := w.dec.Token()
	if err == nil {
		return tok, nil
	}
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, audit.Invalid(w.name, w.line(int64(len(w.data))),
			"%sthe file ends before the JSON is complete; it may have been cut short while copying or writing", w.prefix)
	case errors.As(err, &syn):
		return nil, audit.Invalid(w.name, w.line(syn.Offset), "%snot valid JSON: %s", w.prefix, syn.Error())
	}
	return nil, audit.Invalid(w.name, w.line(w.dec.InputOffset()), "%snot valid JSON: %v", w.prefix, err)
}

// value reads the next value and checks it against t.
func (w *walker) value(t reflect.Type, path string) error {
	tok, err := w.token()
	if err != nil {
		return err
	}
	return w.check(t, tok, path)
}

func (w *walker) check(t reflect.Type, tok json.Token, path string) error {
	off := w.dec.InputOffset()
	what := path
	if what == "" {
		what = "the fact"
	}
	if tok == nil {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
			return nil
		}
		return w.errAt(off, "%s must not be null; leave the field out instead", what)
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	mismatch := func(want string) error {
		return w.errAt(off, "%s must be %s, not %s", what, want, describeToken(tok))
	}
	switch t {
	case timeType:
		s, ok := tok.(string)
		if !ok {
			return mismatch("a date and time like \"2024-05-01T09:30:00Z\"")
		}
		var tm time.Time
		if err := tm.UnmarshalText([]byte(s)); err != nil {
			return w.errAt(off, "%s %q is not a date and time in RFC 3339 form, like \"2024-05-01T09:30:00Z\" or \"2024-05-01T19:30:00+10:00\"", what, s)
		}
		return nil
	case dateType:
		s, ok := tok.(string)
		if !ok {
			return mismatch("a date like \"2024-05-01\"")
		}
		if _, err := audit.ParseDate(s); err != nil {
			return w.errAt(off, "%s %q is not a real date in the form YYYY-MM-DD", what, s)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		if tok != json.Delim('{') {
			return mismatch("an object")
		}
		return w.object(t, path)
	case reflect.Slice:
		if tok != json.Delim('[') {
			return mismatch("a list")
		}
		for i := 0; w.dec.More(); i++ {
			if err := w.value(t.Elem(), path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
		_, err := w.token()
		return err
	case reflect.String:
		if _, ok := tok.(string); !ok {
			return mismatch("text")
		}
	case reflect.Bool:
		if _, ok := tok.(bool); !ok {
			return mismatch("true or false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := tok.(json.Number)
		if !ok {
			return mismatch("a whole number")
		}
		if _, err := strconv.ParseInt(string(n), 10, t.Bits()); err != nil {
			return w.errAt(off, "%s must be a whole number, not %s", what, n)
		}
	case reflect.Float64, reflect.Float32:
		n, ok := tok.(json.Number)
		if !ok {
			return mismatch("a number")
		}
		if _, err := strconv.ParseFloat(string(n), t.Bits()); err != nil {
			return w.errAt(off, "%s %s is out of range", what, n)
		}
	default:
		return w.errAt(off, "%s has a type this reader does not handle (%s)", what, t)
	}
	return nil
}

// object checks the members of an object against struct type t; the
// opening brace has been read.
func (w *walker) object(t reflect.Type, path string) error {
	sf := w.structFields(t)
	seen := map[string]bool{}
	for w.dec.More() {
		tok, err := w.token()
		if err != nil {
			return err
		}
		key, _ := tok.(string) // the decoder guarantees a string key
		off := w.dec.InputOffset()
		ft, ok := sf.types[key]
		full := key
		if path != "" {
			full = path + "." + key
		}
		if !ok {
			where := "the fact"
			if path != "" {
				where = path
			}
			return w.errAt(off, "unknown field %q in %s%s; the fields are %s", key, where, hint.DidYouMean(key, sf.names), strings.Join(sf.names, ", "))
		}
		if seen[key] {
			return w.errAt(off, "%s is given twice; keep one", full)
		}
		seen[key] = true
		if w.keys != nil {
			w.keys[full] = off
		}
		if err := w.value(ft, full); err != nil {
			return err
		}
	}
	_, err := w.token()
	return err
}

// structFields lists the JSON names of t's exported fields.
func (w *walker) structFields(t reflect.Type) *structFields {
	if sf, ok := w.fields[t]; ok {
		return sf
	}
	sf := &structFields{types: map[string]reflect.Type{}}
	for name, ft := range jsonFields(t) {
		sf.names = append(sf.names, name)
		sf.types[name] = ft
	}
	w.fields[t] = sf
	return sf
}

// jsonFields yields the JSON name and type of each encoded field of struct
// type t, in declaration order.
func jsonFields(t reflect.Type) func(yield func(string, reflect.Type) bool) {
	return func(yield func(string, reflect.Type) bool) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if !yield(name, f.Type) {
				return
			}
		}
	}
}

// describeToken names a token for "must be X, not Y" messages.
func describeToken(tok json.Token) string {
	switch v := tok.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(v)
	case json.Number:
		return "the number " + string(v)
	case string:
		if len(v) > 40 {
			v = v[:40] + "..."
		}
		return fmt.Sprintf("the text %q", v)
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		return "a list"
	}
	return fmt.Sprint(tok)
}
