package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"triage/internal/audit"
)

// Helpers shared by the spreadsheet-style importers: text decoding (byte
// order marks, UTF-16 from Windows PowerShell) and a CSV reader that finds
// columns by header name and reports rows by the line they start on.

var (
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
)

// decodeText returns data as UTF-8 without a byte order mark. Exports from
// Windows arrive as UTF-8 with or without a BOM, or as UTF-16 with a BOM
// (PowerShell 5.1's Out-File default); anything else is passed through as
// UTF-8. A trailing odd byte of UTF-16 is dropped, since a detection head
// can end in the middle of a character.
func decodeText(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		return data[len(utf8BOM):]
	case bytes.HasPrefix(data, utf16LEBOM):
		data = utf16ToUTF8(data[2:], false)
	case bytes.HasPrefix(data, utf16BEBOM):
		data = utf16ToUTF8(data[2:], true)
	}
	// A text re-encoded by a tool that kept the old mark has two.
	return bytes.TrimPrefix(data, utf8BOM)
}

func utf16ToUTF8(b []byte, bigEndian bool) []byte {
	units := make([]uint16, len(b)/2)
	for i := range units {
		lo, hi := b[2*i], b[2*i+1]
		if bigEndian {
			lo, hi = hi, lo
		}
		units[i] = uint16(lo) | uint16(hi)<<8
	}
	out := make([]byte, 0, len(units))
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out
}

// normColumn is how header names are compared: exports differ in case and
// stray spaces between versions, never in the words.
func normColumn(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// csvHeader reads the header row from the first bytes of a file, for
// Detect. It returns the normalised column names, or nil when the head does
// not start with a CSV record.
func csvHeader(head []byte) []string {
	text := decodeText(head)
	// Only the first line matters, and the head may end mid-record.
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		text = text[:i+1]
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil || len(rec) < 2 {
		return nil
	}
	for i := range rec {
		rec[i] = normColumn(rec[i])
	}
	return rec
}

// hasColumns reports whether header (normalised) holds every wanted column.
func hasColumns(header []string, want ...string) bool {
	for _, w := range want {
		if !oneOf(header, normColumn(w)) {
			return false
		}
	}
	return true
}

// csvTable reads a CSV file with a header row, one record at a time.
type csvTable struct {
	name   string
	r      *csv.Reader
	header []string
	cols   map[string]int // normalised name -> index of its first occurrence
}

// csvRow is one record and the line it starts on (cells may span lines).
type csvRow struct {
	line  int
	cells []string
	t     *csvTable
}

// openCSV reads the header of a whole CSV file.
func openCSV(name string, data []byte) (*csvTable, error) {
	r := csv.NewReader(bytes.NewReader(decodeText(data)))
	r.FieldsPerRecord = -1 // the width is checked here, with a clearer message
	t := &csvTable{name: name, r: r, cols: map[string]int{}}
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, audit.Invalid(name, 0, "the file is empty; expected a CSV export with a header row")
	}
	if err != nil {
		return nil, t.parseError(err)
	}
	t.header = header
	for i, h := range header {
		if _, ok := t.cols[normColumn(h)]; !ok {
			t.cols[normColumn(h)] = i
		}
	}
	return t, nil
}

// has reports whether the file has the column.
func (t *csvTable) has(col string) bool {
	_, ok := t.cols[normColumn(col)]
	return ok
}

// next returns the next record, or io.EOF after the last.
func (t *csvTable) next() (csvRow, error) {
	rec, err := t.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return csvRow{}, io.EOF
		}
		return csvRow{}, t.parseError(err)
	}
	line, _ := t.r.FieldPos(0)
	if len(rec) != len(t.header) {
		return csvRow{}, audit.Invalid(t.name, line,
			"this row has %d cells but the header has %d columns; the file may have been edited or cut short, so export it again",
			len(rec), len(t.header))
	}
	return csvRow{line: line, cells: rec, t: t}, nil
}

// parseError locates an encoding/csv error.
func (t *csvTable) parseError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return audit.Invalid(t.name, pe.Line, "not a valid CSV file: %v (column %d); export it again without editing it in a text editor", pe.Err, pe.Column)
	}
	return &audit.Error{Code: audit.EInvalid, File: t.name, Msg: "could not read the file", Err: err}
}

// get returns the trimmed cell of the named column, "" when the file has no
// such column.
func (r csvRow) get(col string) string {
	i, ok := r.t.cols[normColumn(col)]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// errorf reports a problem with this row's cell in col.
func (r csvRow) errorf(col, format string, args ...any) error {
	return audit.Invalid(r.t.name, r.line, "column %q: %s", col, fmt.Sprintf(format, args...))
}

// readAccountCSV reads a user-list CSV: the whole file, then csvFacts
// with one account fact a row.
func readAccountCSV(name string, r io.Reader, required []string, exportAgain string, account func(csvRow) (*audit.Account, error)) ([]audit.Fact, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	return csvFacts(name, data, required, exportAgain, func(row csvRow) (audit.Fact, error) {
		a, err := account(row)
		return audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: row.line}, Account: a}, err
	})
}

// csvFacts reads a whole CSV file: the required columns (a missing one is
// reported on line 1 with how to export the file again), then one fact a
// row. Any bad row stops the import, so nothing is half-read.
func csvFacts(name string, data []byte, required []string, exportAgain string, fact func(csvRow) (audit.Fact, error)) ([]audit.Fact, error) {
	t, err := openCSV(name, data)
	if err != nil {
		return nil, err
	}
	for _, col := range required {
		if !t.has(col) {
			return nil, audit.Invalid(name, 1, "column %q is missing; %s", col, exportAgain)
		}
	}
	facts := []audit.Fact{}
	for {
		row, err := t.next()
		if err == io.EOF {
			return facts, nil
		}
		if err != nil {
			return nil, err
		}
		f, err := fact(row)
		if err != nil {
			return nil, err
		}
		facts = append(facts, f)
	}
}
