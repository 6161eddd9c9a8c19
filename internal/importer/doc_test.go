package importer

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"triage/internal/audit"
)

const schemaDoc = "../../docs/facts-schema.md"

func readDoc(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(schemaDoc)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// jsonBlocks returns the ```json blocks of the schema document. A block
// holding a single fact (an object with "kind") is wrapped in an envelope.
func jsonBlocks(t testing.TB) []string {
	var out []string
	for _, m := range regexp.MustCompile("(?s)```json\n(.*?)```").FindAllStringSubmatch(readDoc(t), -1) {
		block := m[1]
		var probe map[string]json.RawMessage
		if err := json.Unmarshal([]byte(block), &probe); err == nil && probe["kind"] != nil {
			block = `{"schema_version": 1, "facts": [` + block + `]}`
		}
		out = append(out, block)
	}
	return out
}

// TestSchemaDocExamples imports every JSON example in docs/facts-schema.md,
// so the documentation cannot drift from the importer.
func TestSchemaDocExamples(t *testing.T) {
	blocks := jsonBlocks(t)
	if len(blocks) < 5 {
		t.Fatalf("found %d json blocks, want the envelope, per-kind examples and a complete example", len(blocks))
	}
	kinds := map[audit.FactKind]bool{}
	for i, b := range blocks {
		if !(FactsJSON{}).Detect("doc", []byte(b)) {
			t.Errorf("block %d is not detected as facts.json", i)
		}
		facts, err := FactsJSON{}.Import("facts-schema.md", strings.NewReader(b))
		if err != nil {
			t.Errorf("block %d: %v\n%s", i, err, b)
		}
		for _, f := range facts {
			kinds[f.Kind] = true
		}
	}
	for _, k := range audit.FactKinds {
		if !kinds[k] {
			t.Errorf("no example in %s shows a %s fact", schemaDoc, k)
		}
	}
}

// section returns the text under a heading, up to the next heading of
// level 2 or 3.
func section(t *testing.T, doc, heading string) string {
	t.Helper()
	i := strings.Index(doc, "\n"+heading+"\n")
	if i < 0 {
		t.Errorf("%s has no heading %q", schemaDoc, heading)
		return ""
	}
	rest := doc[i+len(heading)+2:]
	if j := regexp.MustCompile(`\n#{2,3} `).FindStringIndex(rest); j != nil {
		rest = rest[:j[0]]
	}
	return rest
}

// payloadTypes maps each fact kind to its payload struct type, by way of
// the Fact field whose JSON name is the kind.
func payloadTypes(t *testing.T) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for name, ft := range jsonFields(reflect.TypeFor[audit.Fact]()) {
		if name == "kind" || name == "source" {
			continue
		}
		if ft.Kind() != reflect.Pointer || ft.Elem().Kind() != reflect.Struct {
			t.Errorf("Fact.%s is %s, want a pointer to a payload struct", name, ft)
			continue
		}
		out[name] = ft.Elem()
	}
	return out
}

// TestFactKindsMatchPayloads checks that each kind names exactly one
// payload field, which ValidateFact and the document rely on.
func TestFactKindsMatchPayloads(t *testing.T) {
	payloads := payloadTypes(t)
	for _, k := range audit.FactKinds {
		if _, ok := payloads[string(k)]; !ok {
			t.Errorf("kind %s has no payload field named %q in audit.Fact", k, k)
		}
	}
	if len(payloads) != len(audit.FactKinds) {
		t.Errorf("audit.Fact has %d payload fields for %d kinds", len(payloads), len(audit.FactKinds))
	}
	f := audit.Fact{}
	v := reflect.ValueOf(&f).Elem()
	for i := 0; i < v.NumField(); i++ {
		if fv := v.Field(i); fv.Kind() == reflect.Pointer {
			fv.Set(reflect.New(fv.Type().Elem()))
		}
	}
	if got := setPayloads(&f); len(got) != len(audit.FactKinds) {
		t.Errorf("setPayloads sees %d of %d payloads: %v", len(got), len(audit.FactKinds), got)
	}
}

// TestSchemaDocFields checks that every JSON field of every payload, of the
// fact and of its source is documented in its own section.
func TestSchemaDocFields(t *testing.T) {
	doc := readDoc(t)
	check := func(heading string, typ reflect.Type) {
		text := section(t, doc, heading)
		for name := range jsonFields(typ) {
			if !strings.Contains(text, "`"+name+"`") {
				t.Errorf("%s: section %q does not document `%s` (%s)", schemaDoc, heading, name, typ)
			}
		}
	}
	check("## Fact", reflect.TypeFor[audit.Fact]())
	check("### `source`", reflect.TypeFor[audit.Source]())
	for kind, typ := range payloadTypes(t) {
		check("### `"+kind+"`", typ)
	}
}

// TestSchemaDocVocabulary checks that every setting name, gap topic and
// word list value is documented.
func TestSchemaDocVocabulary(t *testing.T) {
	doc := readDoc(t)
	mention := func(heading string, words []string) {
		text := section(t, doc, heading)
		for _, w := range words {
			if !strings.Contains(text, "`"+w+"`") {
				t.Errorf("%s: section %q does not mention `%s`", schemaDoc, heading, w)
			}
		}
	}
	var names []string
	for _, s := range settingNames {
		names = append(names, s.name)
	}
	mention("### `setting`", names)
	mention("### `gap`", gapTopics)
	mention("### `account`", accountKinds)
	mention("### `device`", append(deviceKinds, deviceOSes...))
	mention("### `software`", softwareKinds)
	mention("### `backup`", backupResults)
	mention("### `restore_test`", restoreResults)
	mention("### `email_domain`", append(spfAlls, dmarcPolicies...))
	mention("### `service`", serviceProtocols)
	mention("## Fact", kindNames())

	// Every setting row names its value type correctly.
	for _, s := range settingNames {
		want := "bool"
		if s.number {
			want = "number"
		}
		row := regexp.MustCompile("\\| `" + regexp.QuoteMeta(s.name) + "` \\| (\\w+)").FindStringSubmatch(doc)
		if row == nil || row[1] != want {
			t.Errorf("setting %s: documented type %v, want %s", s.name, row, want)
		}
	}
}
