package importer

// Shared reading for the text exports of Windows PowerShell and the Google
// admin console: the Active Directory user CSV (ad_users_csv.go), the AD
// password policy (ad_password_policy.go) and the Google Workspace users CSV
// (gws_users_csv.go). These files arrive in whatever encoding and delimiter
// the exporting machine chose, so the quirks are handled once, here.

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"triage/internal/audit"
)

// exportText turns the bytes of an exported file into UTF-8 text.
//
//   - A UTF-8 byte-order mark (Export-Csv -Encoding UTF8 in PowerShell 5.1)
//     is dropped.
//   - UTF-16 with a byte-order mark (Out-File and ">" in PowerShell 5.1
//     write UTF-16LE) is decoded; so is UTF-16 without one, recognised by
//     the zero bytes of its first two ASCII characters.
//   - Anything else that is not valid UTF-8 is read as Windows-1252, the
//     "ANSI" code page PowerShell 5.1 uses for -Encoding Default.
//
// A file cut off mid-character (a detection head) still decodes; the broken
// character becomes U+FFFD.
func exportText(data []byte) string {
	switch {
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xFE:
		return exportUTF16(data[2:], false)
	case len(data) >= 2 && data[0] == 0xFE && data[1] == 0xFF:
		return exportUTF16(data[2:], true)
	case len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF:
		data = data[3:]
	case len(data) >= 4 && data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0:
		return exportUTF16(data, false)
	case len(data) >= 4 && data[0] == 0 && data[1] != 0 && data[2] == 0 && data[3] != 0:
		return exportUTF16(data, true)
	}
	if utf8.Valid(data) {
		return string(data)
	}
	return exportCP1252(data)
}

// exportUTF16 decodes UTF-16 text; a dangling odd byte is dropped.
func exportUTF16(data []byte, bigEndian bool) string {
	units := make([]uint16, len(data)/2)
	for i := range units {
		a, b := uint16(data[2*i]), uint16(data[2*i+1])
		if bigEndian {
			units[i] = a<<8 | b
		} else {
			units[i] = b<<8 | a
		}
	}
	return strings.TrimPrefix(string(utf16.Decode(units)), "\uFEFF")
}

// cp1252High maps the bytes 0x80-0x9F of Windows-1252; the rest of the
// code page is Latin-1 and maps to the same code point. The five bytes the
// code page leaves undefined keep their value, as Windows itself does.
var cp1252High = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

func exportCP1252(data []byte) string {
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0:
			b.WriteRune(cp1252High[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

// exportSplitType removes the "#TYPE Microsoft.ActiveDirectory..." line
// that Windows PowerShell 5.1 puts before the header unless told
// -NoTypeInformation. It returns the type name ("" when there is none) and
// the rest of the text.
func exportSplitType(text string) (typeName, rest string) {
	if !strings.HasPrefix(text, "#TYPE") {
		return "", text
	}
	line, rest, _ := strings.Cut(text, "\n")
	return strings.TrimSpace(strings.TrimPrefix(line, "#TYPE")), rest
}

// exportDelimiter picks the delimiter of a CSV from its header line: the
// most frequent of comma, semicolon (Export-Csv -UseCulture in many
// locales, or -Delimiter ';') and tab, counting only outside quotes.
// Ties and a header without any go to comma.
func exportDelimiter(header string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range header {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// exportColumnKey normalises a header for matching: trimmed, lower case,
// single spaces, and without the bracketed suffixes the Google console adds
// ("Status [READ ONLY]", "Email Address [Required]").
func exportColumnKey(h string) string {
	h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
	for strings.HasSuffix(h, "]") {
		i := strings.LastIndex(h, "[")
		if i < 0 {
			break
		}
		h = strings.TrimSpace(h[:i])
	}
	return strings.ToLower(strings.Join(strings.Fields(h), " "))
}

// exportTable is a whole CSV export held in memory: the files these
// readers take are account lists and policies, small enough to hold, and
// holding them lets an importer refuse a bad file before it yields a fact.
type exportTable struct {
	file     string
	typeName string         // from a #TYPE line, or ""
	comma    rune           // the delimiter used
	header   []string       // as written, for messages
	hdrLine  int            // the line the header is on
	col      map[string]int // exportColumnKey -> index; the first of duplicates wins
	rows     []exportRow
}

// exportRow is one record and the 1-based line it starts on (cells in
// quotes may span lines).
type exportRow struct {
	line  int
	cells []string
}

// exportHeaderOf reads only the header of an export, for Detect: the
// #TYPE name and the normalised column names. ok is false when there is no
// header line that parses as CSV.
func exportHeaderOf(head []byte) (typeName string, cols map[string]string, ok bool) {
	typeName, text := exportSplitType(exportText(head))
	line, _, _ := strings.Cut(text, "\n")
	line = strings.TrimSuffix(line, "\r")
	if strings.TrimSpace(line) == "" {
		return typeName, nil, false
	}
	r := csv.NewReader(strings.NewReader(line))
	r.Comma = exportDelimiter(line)
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil || len(rec) < 2 {
		return typeName, nil, false
	}
	cols = map[string]string{}
	for _, h := range rec {
		if k := exportColumnKey(h); k != "" {
			if _, dup := cols[k]; !dup {
				cols[k] = h
			}
		}
	}
	return typeName, cols, true
}

// readExportTable reads a CSV export. Every record must have as many cells
// as the header; blank lines are skipped. Errors are located at file:line.
func readExportTable(name string, data []byte) (*exportTable, error) {
	all := exportText(data)
	typeName, text := exportSplitType(all)
	offset := 0 // lines removed before the CSV proper
	if len(text) < len(all) {
		offset = 1
	}
	headerLine, _, _ := strings.Cut(text, "\n")
	t := &exportTable{file: name, typeName: typeName, comma: exportDelimiter(headerLine), hdrLine: 1 + offset, col: map[string]int{}}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = t.comma
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, audit.Invalid(name, 1+offset, "the file has no header line; export it again with the column names")
		}
		return nil, t.csvError(text, offset, err)
	}
	t.header = header
	if l, _ := r.FieldPos(0); l > 0 {
		t.hdrLine = l + offset
	}
	for i, h := range header {
		k := exportColumnKey(h)
		if _, dup := t.col[k]; k != "" && !dup {
			t.col[k] = i
		}
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		if err != nil {
			return nil, t.csvError(text, offset, err)
		}
		line, _ := r.FieldPos(0)
		line += offset
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a line of spaces, as some editors leave at the end
		}
		if len(rec) != len(header) {
			return nil, audit.Invalid(name, line, "this row has %d cells but the header has %d columns%s", len(rec), len(header), t.delimiterHint(rec))
		}
		t.rows = append(t.rows, exportRow{line: line, cells: rec})
	}
}

// delimiterHint explains a cell-count mismatch that comes from a row using
// another delimiter than the header, the usual result of editing an export
// by hand or joining two exports made under different locales.
func (t *exportTable) delimiterHint(rec []string) string {
	joined := strings.Join(rec, string(t.comma))
	for _, d := range []rune{',', ';', '\t'} {
		if d != t.comma && strings.Count(joined, string(d)) >= len(t.header)-1 {
			return "; the header is separated by " + exportDelimiterName(t.comma) + " but this row by " + exportDelimiterName(d) + ", so export the file again in one go"
		}
	}
	return "; a cell may contain an unquoted delimiter or a line may be cut short"
}

func exportDelimiterName(d rune) string {
	switch d {
	case ';':
		return "semicolons"
	case '\t':
		return "tabs"
	}
	return "commas"
}

// csvError turns an encoding/csv error into one located at the file's
// line (offset counts the #TYPE line that was cut off before parsing).
func (t *exportTable) csvError(text string, offset int, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &audit.Error{Code: audit.EInvalid, File: t.file, Msg: "could not read the CSV", Err: err}
	}
	what := pe.Err.Error()
	if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
		what = "a quote inside a cell is not doubled, or a quoted cell is not closed"
		// Quoted cells joined by another delimiter ("a";"b" under a
		// comma header) break the quoting rather than the cell count.
		line := exportLineOf(text, pe.Line)
		for _, d := range []rune{',', ';', '\t'} {
			if d != t.comma && strings.Contains(line, `"`+string(d)+`"`) {
				what = "the header is separated by " + exportDelimiterName(t.comma) + " but this row by " + exportDelimiterName(d) + ", so export the file again in one go"
				break
			}
		}
	}
	return audit.Invalid(t.file, pe.Line+offset, "column %d: the CSV is malformed: %s", pe.Column, what)
}

// exportLineOf returns line n (1-based) of text.
func exportLineOf(text string, n int) string {
	for i := 1; i < n; i++ {
		_, rest, ok := strings.Cut(text, "\n")
		if !ok {
			return ""
		}
		text = rest
	}
	line, _, _ := strings.Cut(text, "\n")
	return line
}

// get returns the cell of the first of keys (normalised column names) the
// table has, the column's header as written, and whether any was found.
func (t *exportTable) get(r exportRow, keys ...string) (value, column string, ok bool) {
	for _, k := range keys {
		if i, found := t.col[k]; found {
			return strings.TrimSpace(r.cells[i]), strings.TrimSpace(t.header[i]), true
		}
	}
	return "", "", false
}

// has reports whether the table has any of the columns.
func (t *exportTable) has(keys ...string) bool {
	for _, k := range keys {
		if _, ok := t.col[k]; ok {
			return true
		}
	}
	return false
}

// exportCells reads the cells of one row by normalised column name.
type exportCells struct {
	t   *exportTable
	row exportRow
}

func (c exportCells) get(key string) string {
	v, _, _ := c.t.get(c.row, key)
	return v
}

// errorf reports a problem with the row's cell in key, naming the column as
// its header writes it.
func (c exportCells) errorf(key, format string, args ...any) error {
	col := key
	if _, shown, ok := c.t.get(c.row, key); ok {
		col = shown
	}
	return audit.Invalid(c.t.file, c.row.line, "column %s: %s", col, fmt.Sprintf(format, args...))
}

// exportBool reads the true/false words of PowerShell and the Google
// console. ok is false for anything else, including an empty cell.
func exportBool(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "1", "on":
		return true, true
	case "false", "no", "0", "off":
		return false, true
	}
	return false, false
}

// exportInt reads a whole number, allowing a leading plus sign and
// surrounding spaces, as PowerShell prints them.
func exportInt(s string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "+"), 10, 64)
	return n, err == nil
}

// exportQuote shortens a cell for an error message, so one bad cell never
// floods the terminal.
func exportQuote(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		r := []rune(s)
		s = string(r[:60]) + "..."
	}
	return strconv.Quote(s)
}
