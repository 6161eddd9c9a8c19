package importer

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"triage/internal/audit"
)

// Helpers for the Microsoft importers' tests.

func msFixture(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// msImport detects and imports data with imp, failing the test on an
// error or an invalid fact.
func msImport(t testing.TB, imp Importer, name string, data []byte) []audit.Fact {
	t.Helper()
	if !imp.Detect(name, data[:min(len(data), HeadSize)]) {
		t.Fatalf("%s does not detect %s", imp.Name(), name)
	}
	facts, err := imp.Import(name, bytes.NewReader(data))
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	for i, f := range facts {
		if err := ValidateFact(f); err != nil {
			t.Errorf("%s: facts[%d] is invalid: %v", name, i, err)
		}
	}
	return facts
}

// msFailImport imports data that must fail, checking that nothing is
// returned with the error.
func msFailImport(t *testing.T, imp Importer, name string, data []byte) error {
	t.Helper()
	facts, err := imp.Import(name, bytes.NewReader(data))
	if err == nil {
		t.Fatalf("import %s succeeded; want an error", name)
	}
	if facts != nil {
		t.Errorf("import %s returned %d facts with its error; want none", name, len(facts))
	}
	return err
}

func msKinds(facts []audit.Fact) map[audit.FactKind]int {
	n := map[audit.FactKind]int{}
	for _, f := range facts {
		n[f.Kind]++
	}
	return n
}

// msAccount returns the first account fact with the id.
func msAccount(t *testing.T, facts []audit.Fact, id string) audit.Fact {
	t.Helper()
	for _, f := range facts {
		if f.Account != nil && strings.EqualFold(f.Account.ID, id) {
			return f
		}
	}
	t.Fatalf("no account %s", id)
	return audit.Fact{}
}

func msT(t testing.TB, s string) *time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return &v
}

// msUTF16 encodes text as UTF-16 with a byte order mark, as Windows
// PowerShell 5.1 writes files.
func msUTF16(b []byte, bigEndian bool) []byte {
	units := utf16.Encode([]rune(string(b)))
	out := []byte{0xFF, 0xFE}
	if bigEndian {
		out = []byte{0xFE, 0xFF}
	}
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// msCheckFuzzError checks what an importer returned on arbitrary input:
// either facts that are all valid, or a located EInvalid error and no
// facts.
func msCheckFuzzError(t *testing.T, name string, facts []audit.Fact, err error) {
	if err != nil {
		var e *audit.Error
		if !errors.As(err, &e) || e.Code != audit.EInvalid || e.File != name || e.Line < 0 {
			t.Fatalf("bad error %#v", err)
		}
		if facts != nil {
			t.Fatalf("an error came with %d facts", len(facts))
		}
		return
	}
	for i, f := range facts {
		if err := ValidateFact(f); err != nil {
			t.Fatalf("facts[%d] was read but is invalid: %v", i, err)
		}
	}
}

func TestDecodeText(t *testing.T) {
	const text = "a,b\r\nÄ,€\n"
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"plain UTF-8", []byte(text), text},
		{"UTF-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, text...), text},
		{"UTF-16LE with BOM", msUTF16([]byte(text), false), text},
		{"UTF-16BE with BOM", msUTF16([]byte(text), true), text},
		{"UTF-16LE cut mid-character", msUTF16([]byte(text), false)[:9], "a,b"},
		{"BOM only", []byte{0xFF, 0xFE}, ""},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		if got := string(decodeText(tt.in)); got != tt.want {
			t.Errorf("%s: decodeText = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestDecodeTextRealUTF16(t *testing.T) {
	// AADReport.json is ScubaGear's own UTF-16LE output.
	text := decodeText(msFixture(t, "scubagear/AADReport.json"))
	if !bytes.HasPrefix(bytes.TrimSpace(text), []byte("[")) || !bytes.Contains(text, []byte(`"ReportSummary"`)) {
		t.Errorf("AADReport.json did not decode to JSON: %q", text[:min(len(text), 80)])
	}
}

func TestCSVHeader(t *testing.T) {
	tests := []struct {
		head string
		want []string
	}{
		{"A, B ,c\r\n1,2,3", []string{"a", "b", "c"}},
		{"\xEF\xBB\xBF\"User principal name\",Display name\n", []string{"user principal name", "display name"}},
		{"only", nil},
		{`{"value": []}`, nil},
		{"\"unterminated,x\n", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got := csvHeader([]byte(tt.head))
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("csvHeader(%q) = %q, want %q", tt.head, got, tt.want)
		}
	}
}

func TestCSVTableLines(t *testing.T) {
	in := "h1,h2\r\n\r\na,b\r\n\"multi\nline\",c\r\nd,e\r\n"
	tab, err := openCSV("t.csv", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for {
		row, err := tab.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, row.line)
	}
	// Blank lines are skipped; a record is numbered by its first line.
	if want := []int{3, 4, 6}; !slices.Equal(got, want) {
		t.Errorf("lines %v, want %v", got, want)
	}
}
