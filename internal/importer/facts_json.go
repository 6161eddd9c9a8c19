package importer

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strconv"
	"triage/internal/hint"

	"triage/internal/audit"
)

// FactsSchemaVersion is the facts.json format version this build reads and
// writes.
const FactsSchemaVersion = 1

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// FactsJSON reads Triage's own evidence format, facts.json: a versioned
// envelope around audit.Fact values, written by the endpoint collector, the
// scanner and WriteFacts, and by hand for evidence no importer reads yet.
// See docs/facts-schema.md.
type FactsJSON struct{}

// Name implements Importer.
func (FactsJSON) Name() string { return "facts_json" }

// Detect implements Importer: a JSON object with a top-level "facts" list.
// A Triage report (which also starts with schema_version) has no "facts",
// so it is not mistaken for evidence.
func (FactsJSON) Detect(_ string, head []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(head, utf8BOM)))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	if !listDocSeek(dec, "facts") {
		return false
	}
	tok, err := dec.Token()
	return err == nil && tok == json.Delim('[')
}

var factType = reflect.TypeFor[audit.Fact]()

// Import implements Importer. It reads the whole file and fails on the
// first problem, naming the line and the fact's index: invalid or truncated
// JSON, an unknown or repeated field, a wrong type, an unknown kind, a
// payload that does not match the kind, or a missing required field.
// Facts with no source at all get source.line and source.path pointing
// into this file.
func (FactsJSON) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, audit.Invalid(name, 0, "file is empty; a facts file is {\"schema_version\": 1, \"facts\": [...]}")
	}
	w := newWalker(name, data)
	tok, err := w.token()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('{') {
		return nil, w.errAt(w.dec.InputOffset(), "a facts file must be a JSON object {\"schema_version\": 1, \"facts\": [...]}, not %s", describeToken(tok))
	}
	var facts []audit.Fact
	seen := map[string]bool{}
	for w.dec.More() {
		tok, err := w.token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		off := w.dec.InputOffset()
		if seen[key] {
			return nil, w.errAt(off, "%s is given twice; keep one", key)
		}
		seen[key] = true
		switch key {
		case "schema_version":
			if err := w.schemaVersion(); err != nil {
				return nil, err
			}
		case "facts":
			if facts, err = w.facts(); err != nil {
				return nil, err
			}
		default:
			return nil, w.errAt(off, "unknown top-level field %q%s; a facts file has only schema_version and facts", key, hint.DidYouMean(key, []string{"schema_version", "facts"}))
		}
	}
	if _, err := w.token(); err != nil {
		return nil, err
	}
	end := w.dec.InputOffset()
	if rest := bytes.TrimLeft(data[end:], " \t\r\n"); len(rest) > 0 {
		return nil, w.errAt(int64(len(data)-len(rest)), "unexpected data after the end of the JSON object; a facts file holds exactly one object")
	}
	switch {
	case !seen["schema_version"]:
		return nil, audit.Invalid(name, 1, "schema_version is missing; add \"schema_version\": %d", FactsSchemaVersion)
	case !seen["facts"]:
		return nil, audit.Invalid(name, 1, "facts is missing; add \"facts\": [...]")
	}
	if facts == nil {
		facts = []audit.Fact{}
	}
	return facts, nil
}

func (w *walker) schemaVersion() error {
	tok, err := w.token()
	if err != nil {
		return err
	}
	off := w.dec.InputOffset()
	n, ok := tok.(json.Number)
	if !ok {
		return w.errAt(off, "schema_version must be the number %d, not %s", FactsSchemaVersion, describeToken(tok))
	}
	v, err := strconv.Atoi(string(n))
	switch {
	case err == nil && v == FactsSchemaVersion:
		return nil
	case err == nil && v > FactsSchemaVersion:
		return w.errAt(off, "schema_version %d is newer than this version of Triage reads (%d); update Triage", v, FactsSchemaVersion)
	}
	return w.errAt(off, "schema_version must be %d, not %s", FactsSchemaVersion, n)
}

// facts reads the facts list, checking and decoding each fact.
func (w *walker) facts() ([]audit.Fact, error) {
	tok, err := w.token()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('[') {
		return nil, w.errAt(w.dec.InputOffset(), "facts must be a list of fact objects, not %s", describeToken(tok))
	}
	facts := []audit.Fact{}
	for i := 0; w.dec.More(); i++ {
		start := w.skipSpace(w.dec.InputOffset())
		w.prefix = "facts[" + strconv.Itoa(i) + "]: "
		w.keys = map[string]int64{}
		if err := w.value(factType, ""); err != nil {
			return nil, err
		}
		end := w.dec.InputOffset()
		f, err := w.decodeFact(start, end)
		if err != nil {
			return nil, err
		}
		if f.Source == (audit.Source{}) {
			f.Source.Line = w.line(start)
			f.Source.Path = "facts[" + strconv.Itoa(i) + "]"
		}
		facts = append(facts, f)
	}
	w.prefix, w.keys = "", nil
	if _, err := w.token(); err != nil {
		return nil, err
	}
	return facts, nil
}

// decodeFact decodes data[start:end], which the walker has already checked,
// and applies the fact rules, locating a problem at its field.
func (w *walker) decodeFact(start, end int64) (audit.Fact, error) {
	var f audit.Fact
	dec := json.NewDecoder(bytes.NewReader(w.data[start:end]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, w.errAt(start, "%v", err)
	}
	if p := checkFact(&f); p != nil {
		off, ok := w.keys[p.field]
		if !ok {
			// A missing field: point at its payload object, else the fact.
			payload := p.field
			for i := range payload {
				if payload[i] == '.' {
					payload = payload[:i]
					break
				}
			}
			if off, ok = w.keys[payload]; !ok {
				off = start
			}
		}
		return f, w.errAt(off, "%s", p.msg)
	}
	return f, nil
}

// skipSpace returns the offset of the next value at or after off, past
// white space and the comma between list items.
func (w *walker) skipSpace(off int64) int64 {
	for off < int64(len(w.data)) {
		switch w.data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
		default:
			return off
		}
	}
	return off
}
