package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func factsFileText(t *testing.T, facts ...audit.Fact) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteFacts(&buf, facts); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestImportDir(t *testing.T) {
	dir := t.TempDir()
	gap := audit.Fact{Kind: audit.FactGap, Gap: &audit.Gap{Topic: "backups", Reason: "not exported"}}
	relayed := audit.Fact{Kind: audit.FactGap, Source: audit.Source{File: "collector.json", SHA256: strings.Repeat("0", 64)}, Gap: &audit.Gap{Topic: "devices", Reason: "x"}}
	b := factsFileText(t, gap, relayed)
	a := factsFileText(t, audit.Fact{Kind: audit.FactGap, Gap: &audit.Gap{Topic: "scan", Reason: "no IPs"}})
	writeFile(t, dir, "b-evidence.txt", b) // content, not the name, decides
	writeFile(t, dir, "a.json", a)
	writeFile(t, dir, "practice.yaml", `{"schema_version": 1, "facts": [}`) // skipped even though it looks like facts
	writeFile(t, dir, "answers.yaml", "answers: {}\n")
	writeFile(t, dir, ".DS_Store", "x")
	writeFile(t, dir, "notes.txt", "hello")
	writeFile(t, dir, "empty.csv", "")
	writeFile(t, dir, "report.json", `{"schema_version": 1, "tool_version": "1", "findings": []}`)
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "sub"), "c.json", `{"facts": [}`) // not read: no recursion

	res, err := ImportDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sumA, sumB := sha256Hex([]byte(a)), sha256Hex([]byte(b))
	wantFiles := []audit.EvidenceFile{
		{File: "a.json", Kind: "facts_json", SHA256: sumA, Facts: 1},
		{File: "b-evidence.txt", Kind: "facts_json", SHA256: sumB, Facts: 2},
	}
	if diff := cmp.Diff(wantFiles, res.Files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"empty.csv", "notes.txt", "report.json"}, res.Unrecognised); diff != "" {
		t.Errorf("unrecognised (-want +got):\n%s", diff)
	}
	wantSources := []audit.Source{
		{File: "a.json", Line: 4, Path: "facts[0]", SHA256: sumA},
		{File: "b-evidence.txt", Line: 4, Path: "facts[0]", SHA256: sumB},
		relayed.Source,
	}
	if len(res.Facts) != len(wantSources) {
		t.Fatalf("got %d facts, want %d", len(res.Facts), len(wantSources))
	}
	for i, want := range wantSources {
		if diff := cmp.Diff(want, res.Facts[i].Source); diff != "" {
			t.Errorf("fact %d source (-want +got):\n%s", i, diff)
		}
	}
}

func TestImportDirAbortsOnError(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.json", factsFileText(t, audit.Fact{Kind: audit.FactGap, Gap: &audit.Gap{Topic: "scan", Reason: "x"}}))
	writeFile(t, dir, "b.json", "{\"schema_version\": 1, \"facts\": [\n  {\"kind\": \"gap\", \"gap\": {\"topic\": \"scan\"}}\n]}\n")
	res, err := ImportDir(dir)
	checkErr(t, err, "b.json", 2, "facts[0]: gap.reason is missing")
	if res.Facts != nil || res.Files != nil || res.Unrecognised != nil {
		t.Errorf("a failed import returned a partial result: %+v", res)
	}
}

func TestImportDirMissing(t *testing.T) {
	_, err := ImportDir(filepath.Join(t.TempDir(), "nope"))
	if audit.ErrorCode(err) != audit.ENotFound {
		t.Errorf("missing folder: %v", err)
	}
}

func TestImportDirEmpty(t *testing.T) {
	res, err := ImportDir(t.TempDir())
	if err != nil || len(res.Facts)+len(res.Files)+len(res.Unrecognised) != 0 {
		t.Errorf("empty folder: %+v, %v", res, err)
	}
}

// fakeImporter recognises files starting with its marker and reads only the
// first line, returning one fact per call.
type fakeImporter struct {
	marker string
	err    error
	fact   audit.Fact
	sawLen int
}

func (f *fakeImporter) Name() string { return "fake_" + f.marker }

func (f *fakeImporter) Detect(_ string, head []byte) bool {
	f.sawLen = len(head)
	return bytes.HasPrefix(head, []byte(f.marker))
}

func (f *fakeImporter) Import(name string, r io.Reader) ([]audit.Fact, error) {
	buf := make([]byte, len(f.marker))
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, err
	}
	if f.err != nil {
		return nil, f.err
	}
	return []audit.Fact{f.fact}, nil
}

func TestRegistry(t *testing.T) {
	dir := t.TempDir()
	big := "FAKE" + strings.Repeat("x", 2*HeadSize)
	writeFile(t, dir, "big.dat", big)
	fake := &fakeImporter{marker: "FAKE", fact: audit.Fact{Kind: audit.FactGap, Gap: &audit.Gap{Topic: "scan", Reason: "r"}}}
	res, err := NewRegistry(fake, FactsJSON{}).ImportDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fake.sawLen != HeadSize {
		t.Errorf("Detect saw %d bytes, want %d", fake.sawLen, HeadSize)
	}
	sum := sha256Hex([]byte(big)) // the whole file, though the importer read 4 bytes
	if len(res.Files) != 1 || res.Files[0].SHA256 != sum || res.Files[0].Kind != "fake_FAKE" {
		t.Errorf("files = %+v", res.Files)
	}
	if src := res.Facts[0].Source; src.File != "big.dat" || src.SHA256 != sum {
		t.Errorf("source = %+v", src)
	}

	// An importer error without a location gets the file name.
	fake.err = errors.New("boom")
	_, err = NewRegistry(fake).ImportDir(dir)
	checkErr(t, err, "big.dat", 0, "big.dat: could not read it as fake_FAKE: boom")

	// An *audit.Error without a file gets one, keeping its line.
	fake.err = audit.Invalid("", 7, "bad row")
	_, err = NewRegistry(fake).ImportDir(dir)
	checkErr(t, err, "big.dat", 7, "big.dat:7: bad row")

	// A fact breaking the rules is the importer's fault.
	fake.err = nil
	fake.fact = audit.Fact{Kind: audit.FactGap, Gap: &audit.Gap{Topic: "nope", Reason: "r"}}
	_, err = NewRegistry(fake).ImportDir(dir)
	if audit.ErrorCode(err) != audit.EInternal || !strings.Contains(fmt.Sprint(err), "fake_FAKE importer produced an invalid fact") {
		t.Errorf("invalid fact: %v", err)
	}

	if got := NewRegistry(FactsJSON{}).Detect("x", []byte("FAKE")); got != nil {
		t.Errorf("Detect = %v, want nil", got.Name())
	}
	if names := Default().Importers(); len(names) == 0 || names[0].Name() != "facts_json" {
		t.Errorf("Default importers = %v", names)
	}
}

func TestImportFile(t *testing.T) {
	dir := t.TempDir()
	text := factsFileText(t, audit.Fact{Kind: audit.FactGap, Gap: &audit.Gap{Topic: "scan", Reason: "x"}})
	writeFile(t, dir, "f.json", text)
	writeFile(t, dir, "n.txt", "no")
	res, err := ImportFile(filepath.Join(dir, "f.json"))
	if err != nil || len(res.Facts) != 1 || res.Files[0].File != "f.json" || res.Facts[0].Source.File != "f.json" {
		t.Errorf("ImportFile = %+v, %v", res, err)
	}
	res, err = ImportFile(filepath.Join(dir, "n.txt"))
	if err != nil || len(res.Unrecognised) != 1 {
		t.Errorf("ImportFile(unrecognised) = %+v, %v", res, err)
	}
	if _, err := ImportFile(filepath.Join(dir, "none")); audit.ErrorCode(err) != audit.ENotFound {
		t.Errorf("missing: %v", err)
	}
}

func TestImportBytes(t *testing.T) {
	text := factsFileText(t, audit.Fact{Kind: audit.FactGap, Gap: &audit.Gap{Topic: "scan", Reason: "x"}})
	res, err := ImportBytes("facts.json", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	want := audit.EvidenceFile{File: "facts.json", Kind: "facts_json", SHA256: sha256Hex([]byte(text)), Facts: 1}
	if len(res.Files) != 1 || res.Files[0] != want || res.Facts[0].Source.File != "facts.json" {
		t.Errorf("ImportBytes = %+v", res)
	}
	res, err = ImportBytes("notes.txt", []byte("hello"))
	if err != nil || len(res.Unrecognised) != 1 || res.Unrecognised[0] != "notes.txt" {
		t.Errorf("ImportBytes(unrecognised) = %+v, %v", res, err)
	}
	_, err = ImportBytes("bad.json", []byte(`{"schema_version": 1, "facts": [`))
	checkErr(t, err, "bad.json", 1, "ends before the JSON is complete")
}
