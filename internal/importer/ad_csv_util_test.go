package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"triage/internal/audit"
)

// Test helpers shared by the tests of the Google Workspace, Active
// Directory and SharpHound importers.

// evidenceImporters are the importers these tests cover, in the order
// Builtin should list them.
func evidenceImporters() []Importer {
	return []Importer{GWSUsersCSV{}, GWSUsersJSON{}, ADUsersCSV{}, ADPasswordPolicy{}, SharpHoundUsers{}}
}

func evidenceFixture(t testing.TB, dir, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", dir, file))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// evidenceImport imports data with imp after checking that imp detects it,
// and checks every fact against the fact rules.
func evidenceImport(t *testing.T, imp Importer, name string, data []byte) []audit.Fact {
	t.Helper()
	if !imp.Detect(name, data[:min(len(data), HeadSize)]) {
		t.Fatalf("%s does not detect %s", imp.Name(), name)
	}
	facts, err := imp.Import(name, bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for i, f := range facts {
		if err := ValidateFact(f); err != nil {
			t.Errorf("%s: facts[%d] is invalid: %v", name, i, err)
		}
		if f.Source.Line <= 0 {
			t.Errorf("%s: facts[%d] has no source line", name, i)
		}
	}
	return facts
}

// evidenceWantError imports input and expects a located EInvalid error
// whose message holds every part, and no facts.
func evidenceWantError(t *testing.T, imp Importer, input []byte, line int, parts ...string) {
	t.Helper()
	facts, err := imp.Import("in.file", bytes.NewReader(input))
	if err == nil {
		t.Fatalf("no error; got %d facts", len(facts))
	}
	if facts != nil {
		t.Errorf("facts returned with the error: %d", len(facts))
	}
	var e *audit.Error
	if !errors.As(err, &e) || e.Code != audit.EInvalid || e.File != "in.file" {
		t.Fatalf("error %#v is not an EInvalid *audit.Error naming the file", err)
	}
	if e.Line != line {
		t.Errorf("error at line %d, want %d: %v", e.Line, line, err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}

// evidenceFuzzOne is the body of every fuzz target here: Detect and Import
// never panic; an error is a located EInvalid *audit.Error with no facts;
// facts pass the fact rules and can be written as facts.json.
func evidenceFuzzOne(t *testing.T, imp Importer, data []byte) {
	imp.Detect("fuzz.in", data)
	facts, err := imp.Import("fuzz.in", bytes.NewReader(data))
	if err != nil {
		var e *audit.Error
		if !errors.As(err, &e) || e.Code != audit.EInvalid || e.File != "fuzz.in" || e.Line < 0 {
			t.Fatalf("bad error %#v", err)
		}
		if facts != nil {
			t.Fatalf("facts returned with an error")
		}
		return
	}
	for i, f := range facts {
		if err := ValidateFact(f); err != nil {
			t.Fatalf("facts[%d] is invalid: %v", i, err)
		}
		if f.Source.Line < 1 {
			t.Fatalf("facts[%d] has no line", i)
		}
	}
	var buf bytes.Buffer
	if err := WriteFacts(&buf, facts); err != nil {
		t.Fatalf("facts cannot be written: %v", err)
	}
}

// evidenceFuzzSeeds adds every fixture in testdata/dir.
func evidenceFuzzSeeds(f *testing.F, dir string) {
	entries, err := os.ReadDir(filepath.Join("testdata", dir))
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "SOURCE.md" {
			f.Add(evidenceFixture(f, dir, e.Name()))
		}
	}
}

func evidenceUTF16LE(s string, bom bool) []byte {
	var out []byte
	if bom {
		out = append(out, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

func evidenceTime(t testing.TB, s string) *time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return &tm
}

func evidenceBool(b bool) *bool { return &b }

// TestEvidenceDetection checks that each fixture is recognised by its own
// importer and by no other one here (nor by facts.json), so the order in
// Builtin does not matter between them, and that files of other kinds are
// left alone.
func TestEvidenceDetection(t *testing.T) {
	owners := map[string]string{
		"gws_users_csv":      "gws_users_csv",
		"gws_users_json":     "gws_users_json",
		"ad_users_csv":       "ad_users_csv",
		"ad_password_policy": "ad_password_policy",
		"sharphound_users":   "sharphound_users",
	}
	all := append(evidenceImporters(), FactsJSON{})
	for dir, owner := range owners {
		entries, err := os.ReadDir(filepath.Join("testdata", dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() == "SOURCE.md" {
				continue
			}
			data := evidenceFixture(t, dir, e.Name())
			for _, imp := range all {
				got := imp.Detect(e.Name(), data[:min(len(data), HeadSize)])
				if want := imp.Name() == owner; got != want {
					t.Errorf("%s/%s: %s.Detect = %v, want %v", dir, e.Name(), imp.Name(), got, want)
				}
			}
		}
	}
	others := map[string]string{
		"entra users csv":          "id,userPrincipalName,displayName,accountEnabled,mail\n1,a@b.c,A,True,a@b.c\n",
		"ad computers":             "#TYPE Microsoft.ActiveDirectory.Management.ADComputer\n\"DistinguishedName\",\"DNSHostName\",\"Enabled\",\"Name\",\"SamAccountName\"\n",
		"ad groups":                "\"DistinguishedName\",\"GroupCategory\",\"GroupScope\",\"Name\",\"SamAccountName\"\n",
		"fine-grained":             "Name : Admins\nMinPasswordLength : 14\nPrecedence : 10\nAppliesTo : {CN=Domain Admins}\nComplexityEnabled : True\n",
		"facts json":               `{"schema_version": 1, "facts": []}`,
		"sharphound groups":        `{"data": [{"Properties": {"name": "DOMAIN ADMINS@ESC1.LOCAL"}}], "meta": {"type": "groups", "version": 6}}`,
		"sharphound computers big": `{"data": [{"Properties": {"name": "DC01.ESC1.LOCAL", "operatingsystem": "Windows Server 2019", "lastlogontimestamp": 1, "enabled": true}}`,
		"gws single user":          `{"kind": "admin#directory#user", "primaryEmail": "a@b.c"}`,
		"knowbe4 users":            "Email,First Name,Last Name,Last Sign In,Phish-prone Percentage\n",
		"plain text":               "hello: world\n",
		"empty":                    "",
	}
	for what, text := range others {
		for _, imp := range evidenceImporters() {
			if imp.Detect(what, []byte(text)) {
				t.Errorf("%s is detected by %s", what, imp.Name())
			}
		}
	}
	// Both Google's users page and SharpHound 3 keep a "users" list; each
	// must be left to its own reader.
	owned := map[string]string{
		`{"users": [{"Properties": {"name": "A@X", "pwdneverexpires": false}}], "meta": {"type": "users", "version": 3}}`: "sharphound_users",
		`{"users": [{"id": "1", "primaryEmail": "a@x"}]}`:                                                                 "gws_users_json",
		`[{"kind": "admin#directory#user", "primaryEmail": "a@x"}]`:                                                       "gws_users_json",
	}
	for text, owner := range owned {
		for _, imp := range evidenceImporters() {
			if got := imp.Detect("x.json", []byte(text)); got != (imp.Name() == owner) {
				t.Errorf("%s.Detect(%s) = %v", imp.Name(), text, got)
			}
		}
	}
}

// TestEvidenceRegistry imports a folder holding every fixture through a
// registry of these importers, as ImportDir does once they are built in.
func TestEvidenceRegistry(t *testing.T) {
	dir := t.TempDir()
	want := map[string]int{}
	for _, sub := range []string{"gws_users_csv", "gws_users_json", "ad_users_csv", "ad_password_policy", "sharphound_users"} {
		entries, err := os.ReadDir(filepath.Join("testdata", sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() == "SOURCE.md" {
				continue
			}
			name := sub + "-" + e.Name()
			if err := os.WriteFile(filepath.Join(dir, name), evidenceFixture(t, sub, e.Name()), 0o600); err != nil {
				t.Fatal(err)
			}
			want[name] = 0
		}
	}
	res, err := NewRegistry(evidenceImporters()...).ImportDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Unrecognised) > 0 {
		t.Errorf("unrecognised: %v", res.Unrecognised)
	}
	for _, f := range res.Files {
		if _, ok := want[f.File]; !ok {
			t.Errorf("unexpected file %s", f.File)
		}
		if !strings.HasPrefix(f.File, f.Kind) {
			t.Errorf("%s was read as %s", f.File, f.Kind)
		}
		if f.Facts == 0 {
			t.Errorf("%s gave no facts", f.File)
		}
	}
	for _, f := range res.Facts {
		if f.Source.File == "" || f.Source.SHA256 == "" || f.Source.Line == 0 {
			t.Errorf("fact without full provenance: %+v", f.Source)
		}
	}
}

func TestExportText(t *testing.T) {
	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"plain", []byte("a,b\n"), "a,b\n"},
		{"utf-8 bom", []byte("\xEF\xBB\xBFa,b"), "a,b"},
		{"utf-16le bom", evidenceUTF16LE("Name,é\r\n", true), "Name,é\r\n"},
		{"utf-16le no bom", evidenceUTF16LE("Name,x", false), "Name,x"},
		{"utf-16be bom", []byte{0xFE, 0xFF, 0, 'a', 0, ','}, "a,"},
		{"utf-16 odd byte", append(evidenceUTF16LE("ab", true), 'c'), "ab"},
		{"windows-1252", []byte("Zo\xeb \x93quoted\x94 \x80"), "Zoë “quoted” €"},
		{"empty", nil, ""},
	}
	for _, c := range cases {
		if got := exportText(c.in); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestExportDelimiterAndColumns(t *testing.T) {
	delims := map[string]rune{
		`"a","b","c"`:           ',',
		`"a";"b";"c"`:           ';',
		"a\tb\tc":               '\t',
		`"a;b","c"`:             ',', // the semicolon is inside quotes
		"single":                ',',
		`"x,y";"z";"w"`:         ';',
		`First Name [Required]`: ',',
	}
	for in, want := range delims {
		if got := exportDelimiter(in); got != want {
			t.Errorf("exportDelimiter(%q) = %q, want %q", in, got, want)
		}
	}
	keys := map[string]string{
		"Status [READ ONLY]":                           "status",
		" Email Address [Required] ":                   "email address",
		"Recovery Phone [MUST BE IN THE E.164 FORMAT]": "recovery phone",
		"\uFEFFSamAccountName":                         "samaccountname",
		"Last  Sign In":                                "last sign in",
		"[odd]":                                        "",
	}
	for in, want := range keys {
		if got := exportColumnKey(in); got != want {
			t.Errorf("exportColumnKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadExportTableLines(t *testing.T) {
	in := "#TYPE X\r\n\"a\",\"b\"\r\n\"1\",\"two\r\nlines\"\r\n\r\n\"3\",\"4\"\r\n"
	tab, err := readExportTable("t.csv", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	var cells [][]string
	for _, r := range tab.rows {
		lines = append(lines, r.line)
		cells = append(cells, r.cells)
	}
	if !reflect.DeepEqual(lines, []int{3, 6}) {
		t.Errorf("lines %v, want [3 6]", lines)
	}
	if !reflect.DeepEqual(cells, [][]string{{"1", "two\nlines"}, {"3", "4"}}) {
		t.Errorf("cells %q", cells)
	}
	if tab.typeName != "X" || tab.hdrLine != 2 {
		t.Errorf("type %q header line %d", tab.typeName, tab.hdrLine)
	}
}
