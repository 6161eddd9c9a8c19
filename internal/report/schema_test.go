package report

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"triage/internal/audit"
)

const schemaDoc = "../../docs/report-schema.md"

// schemaField is one JSON field the report can contain.
type schemaField struct {
	typ     string // as the doc writes it: "string", "array of object", ...
	present string // "always" or "optional" (omitempty)
	enum    []string
}

// enums lists the values of each closed set the report uses. A field (or map
// key) of one of these types must list every value in the doc.
var enums = map[reflect.Type][]string{
	reflect.TypeFor[audit.Status]():   strs(audit.Statuses),
	reflect.TypeFor[audit.Area]():     strs(audit.Areas),
	reflect.TypeFor[audit.Band]():     strs(audit.Bands),
	reflect.TypeFor[audit.Severity](): {string(audit.Critical), string(audit.High), string(audit.Medium), string(audit.Low)},
	reflect.TypeFor[audit.Effort]():   {string(audit.EffortHours), string(audit.EffortDays), string(audit.EffortProject)},
	reflect.TypeFor[audit.Owner]():    {string(audit.OwnerPractice), string(audit.OwnerProvider)},
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

var (
	dateType     = reflect.TypeFor[audit.Date]()
	timeType     = reflect.TypeFor[time.Time]()
	marshalerTyp = reflect.TypeFor[json.Marshaler]()
)

// jsonType names t the way the doc does.
func jsonType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == dateType:
		return "string (date)"
	case t == timeType:
		return "string (date-time)"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Struct:
		return "object"
	case reflect.Slice, reflect.Array:
		return "array of " + jsonType(t.Elem())
	case reflect.Map:
		return "object of " + jsonType(t.Elem())
	}
	return "unknown " + t.String()
}

// schemaFields walks t by reflection and returns every JSON field path the
// report can contain: "a.b" for a field of an object, "a[]" for the elements
// of a list, "a{}" for the values of a map.
func schemaFields(t reflect.Type) map[string]schemaField {
	out := map[string]schemaField{}
	var walk func(prefix string, t reflect.Type)
	walk = func(prefix string, t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			path := prefix + name
			f := schemaField{typ: jsonType(sf.Type), present: "always"}
			if strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,") {
				f.present = "optional"
			}
			// Descend to the object inside pointers, lists and maps, noting
			// the enum of the value or map key on the way.
			ft, suffix := sf.Type, ""
			for {
				if vs, ok := enums[ft]; ok {
					f.enum = append(f.enum, vs...)
				}
				switch ft.Kind() {
				case reflect.Pointer:
					ft = ft.Elem()
					continue
				case reflect.Slice, reflect.Array:
					ft, suffix = ft.Elem(), suffix+"[]"
					continue
				case reflect.Map:
					if vs, ok := enums[ft.Key()]; ok {
						f.enum = append(f.enum, vs...)
					}
					ft, suffix = ft.Elem(), suffix+"{}"
					continue
				}
				break
			}
			out[path] = f
			if ft.Kind() == reflect.Struct && ft != dateType && ft != timeType && !ft.Implements(marshalerTyp) {
				walk(path+suffix+".", ft)
			}
		}
	}
	walk("", t)
	return out
}

var docRow = regexp.MustCompile("^\\|\\s*`([^`]+)`\\s*\\|")

// docFields reads the field tables of the schema doc: rows whose first cell
// is a backticked path, then type, presence and meaning.
func docFields(t *testing.T) map[string][]string {
	b, err := os.ReadFile(schemaDoc)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for i, line := range strings.Split(string(b), "\n") {
		m := docRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		cells := splitRow(line)
		if len(cells) != 4 {
			t.Errorf("%s:%d: want 4 cells (field, type, present, meaning), got %d", schemaDoc, i+1, len(cells))
			continue
		}
		if _, dup := out[m[1]]; dup {
			t.Errorf("%s:%d: %s is documented twice", schemaDoc, i+1, m[1])
		}
		out[m[1]] = cells
	}
	return out
}

// splitRow splits a Markdown table row into trimmed cells, keeping escaped
// pipes inside their cell.
func splitRow(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(strings.TrimSuffix(line, "|"), "|")
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cur.WriteByte('|')
			i++
		case line[i] == '|':
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

// TestSchemaDocMatchesCode keeps docs/report-schema.md and audit.Result in
// step: every field the code can write is documented with its type, presence
// and, for closed sets, every value; every documented field exists.
func TestSchemaDocMatchesCode(t *testing.T) {
	code := schemaFields(reflect.TypeFor[audit.Result]())
	doc := docFields(t)
	if len(code) < 50 {
		t.Fatalf("found only %d fields in audit.Result; the walk is broken", len(code))
	}
	var paths []string
	for p := range code {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		f := code[p]
		cells, ok := doc[p]
		if !ok {
			t.Errorf("field `%s` (%s, %s) is not documented in %s", p, f.typ, f.present, schemaDoc)
			continue
		}
		if cells[1] != f.typ {
			t.Errorf("`%s`: doc says type %q, code has %q", p, cells[1], f.typ)
		}
		if cells[2] != f.present {
			t.Errorf("`%s`: doc says present %q, code has %q", p, cells[2], f.present)
		}
		for _, v := range f.enum {
			if !strings.Contains(cells[3], "`"+v+"`") {
				t.Errorf("`%s`: the meaning does not list the value `%s`", p, v)
			}
		}
	}
	for p := range doc {
		if _, ok := code[p]; !ok {
			t.Errorf("%s documents `%s`, which audit.Result does not have", schemaDoc, p)
		}
	}
}

// The walk itself must see what encoding/json writes: every key of the
// sample's JSON report is a known path.
func TestSchemaWalkCoversJSON(t *testing.T) {
	code := schemaFields(reflect.TypeFor[audit.Result]())
	var v any
	if err := json.Unmarshal(write(t, FormatJSON, sample(), Options{}), &v); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	// isMap says the object at prefix is a map (its keys are data, not field
	// names); its values are recorded under prefix{}.
	var walk func(prefix string, v any, isMap bool)
	walk = func(prefix string, v any, isMap bool) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				p := prefix + k
				if isMap {
					p = strings.TrimSuffix(prefix, ".") + "{}"
				}
				seen[p] = true
				walk(p+".", x, !isMap && strings.HasPrefix(code[p].typ, "object of"))
			}
		case []any:
			for _, x := range v {
				walk(strings.TrimSuffix(prefix, ".")+"[].", x, false)
			}
		}
	}
	walk("", v, false)
	for p := range seen {
		if strings.HasSuffix(p, "{}") {
			continue
		}
		if _, ok := code[p]; !ok {
			t.Errorf("the JSON report has %s, which the schema walk does not know", p)
		}
	}
	for p := range code {
		if !seen[p] {
			t.Errorf("the sample report never writes %s; extend sample() so the golden file shows it", p)
		}
	}
}
