package profile

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const formatDoc = "../../docs/practice-format.md"

// docBlocks returns the fenced blocks of one language in a Markdown file.
func docBlocks(t *testing.T, path, lang string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile("(?s)```" + lang + "\n(.*?)```")
	var out []string
	for _, m := range re.FindAllStringSubmatch(string(data), -1) {
		out = append(out, m[1])
	}
	return out
}

// TestFormatDocExamples loads every yaml example in docs/practice-format.md,
// so the documentation cannot drift from the loader. Each block names its
// file on its first line.
func TestFormatDocExamples(t *testing.T) {
	blocks := docBlocks(t, formatDoc, "yaml")
	if len(blocks) < 2 {
		t.Fatalf("found %d yaml blocks in %s, want at least 2", len(blocks), formatDoc)
	}
	for i, b := range blocks {
		first, _, _ := strings.Cut(b, "\n")
		switch first {
		case "# practice.yaml":
			p, err := LoadPractice("practice.yaml", strings.NewReader(b))
			if err != nil {
				t.Errorf("block %d: %v", i, err)
			} else if len(p.Staff) == 0 || len(p.Systems) == 0 || len(p.Vendors) == 0 || p.PMS.Product == "" {
				t.Errorf("block %d: the practice.yaml example should show every section: %+v", i, p)
			}
		case "# answers.yaml":
			a, err := LoadAnswers("answers.yaml", strings.NewReader(b))
			if err != nil {
				t.Errorf("block %d: %v", i, err)
			} else if len(a.Answers.Answers) == 0 || len(a.Answers.Accepted) == 0 {
				t.Errorf("block %d: the answers.yaml example should show answers and accepted", i)
			}
		default:
			t.Errorf("block %d starts with %q; start it with # practice.yaml or # answers.yaml", i, first)
		}
	}
}

// TestFormatDocFields checks that every field the loaders accept is
// documented.
func TestFormatDocFields(t *testing.T) {
	data, err := os.ReadFile(formatDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, list := range [][]string{practiceFields, pmsFields, personFields, systemFields, vendorFields,
		answersFields, answerFields, acceptanceFields, Countries, PMSHostings} {
		for _, f := range list {
			if !strings.Contains(doc, "`"+f+"`") {
				t.Errorf("%s does not mention `%s`", filepath.Base(formatDoc), f)
			}
		}
	}
}

// Seed corpora for the fuzz tests come from the documented examples.
func docSeeds(f *testing.F, file string) {
	data, err := os.ReadFile(formatDoc)
	if err != nil {
		f.Fatal(err)
	}
	re := regexp.MustCompile("(?s)```yaml\n(# " + regexp.QuoteMeta(file) + "\n.*?)```")
	for _, m := range re.FindAllStringSubmatch(string(data), -1) {
		f.Add(m[1])
	}
}
