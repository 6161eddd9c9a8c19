package check

import (
	"bufio"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"triage/internal/audit"
)

// sampleValue is a value of the parameter's type that its rules accept.
func sampleValue(p Param) any {
	switch p.Type {
	case Int:
		return 30
	case Number:
		return 12.5
	case Bool:
		return true
	case String:
		if len(p.OneOf) > 0 {
			return p.OneOf[0]
		}
		return "mfa.tenant_enforced"
	case Strings:
		return []any{"(?i)^reception", "^admin$"}
	}
	return nil
}

func sampleSpec(k Kind, withOptional bool) audit.CheckSpec {
	params := map[string]any{}
	for _, p := range k.Params {
		if p.Required || withOptional {
			params[p.Name] = sampleValue(p)
		}
	}
	return audit.CheckSpec{Kind: k.Name, Params: params}
}

func TestEveryKindValidatesItsOwnParams(t *testing.T) {
	for _, k := range Kinds() {
		t.Run(k.Name, func(t *testing.T) {
			if k.Func == nil || k.Doc == "" {
				t.Fatalf("kind needs a Func and a Doc")
			}
			for _, full := range []bool{false, true} {
				if err := Validate(sampleSpec(k, full)); err != nil {
					t.Errorf("sample spec (optional=%v): %v", full, err)
				}
			}
			bad := sampleSpec(k, true)
			bad.Params["no_such_param"] = 1
			if err := Validate(bad); err == nil {
				t.Errorf("an unknown parameter was accepted")
			}
			for _, p := range k.Params {
				spec := sampleSpec(k, true)
				spec.Params[p.Name] = map[string]any{"wrong": "type"}
				if err := Validate(spec); err == nil {
					t.Errorf("parameter %s accepted a map", p.Name)
				}
				if p.Required {
					delete(spec.Params, p.Name)
					if err := Validate(spec); err == nil {
						t.Errorf("missing required parameter %s was accepted", p.Name)
					}
				}
			}
		})
	}
}

func TestValidateValueRules(t *testing.T) {
	cases := []struct {
		name string
		spec audit.CheckSpec
		ok   bool
	}{
		{"otherwise warn", audit.CheckSpec{Kind: "settings.bool", Params: map[string]any{"name": "ie11.disabled", "want": true, "otherwise": "warn"}}, true},
		{"otherwise typo", audit.CheckSpec{Kind: "settings.bool", Params: map[string]any{"name": "ie11.disabled", "want": true, "otherwise": "Warn"}}, false},
		{"expect typo", audit.CheckSpec{Kind: "answer.list", Params: map[string]any{"expect": "none"}}, false},
		{"good patterns", audit.CheckSpec{Kind: "accounts.shared", Params: map[string]any{"patterns": []any{`(?i)^([^\\]*\\)?reception\d*(@|$)`}}}, true},
		{"broken pattern", audit.CheckSpec{Kind: "accounts.shared", Params: map[string]any{"patterns": []any{"(reception"}}}, false},
		{"broken allowed", audit.CheckSpec{Kind: "devices.local_admins", Params: map[string]any{"allowed": []string{"[admin"}}}, false},
		{"int given as whole float", audit.CheckSpec{Kind: "accounts.dormant", Params: map[string]any{"warn_days": 45.0, "fail_days": 90}}, true},
		{"int given as fraction", audit.CheckSpec{Kind: "accounts.dormant", Params: map[string]any{"warn_days": 45.5, "fail_days": 90}}, false},
	}
	for _, c := range cases {
		if err := Validate(c.spec); (err == nil) != c.ok {
			t.Errorf("%s: Validate = %v, want ok=%v", c.name, err, c.ok)
		}
	}
}

// docKind is what docs/check-kinds.md says about one kind.
type docKind struct {
	answerType string
	params     map[string]Param
}

var (
	docName  = regexp.MustCompile("^`([a-z_]+\\.[a-z_]+)`$")
	docParam = regexp.MustCompile("`([a-z_]+)` \\(([a-z]+)([^)]*)\\)")
)

// readSpec parses the kind tables of docs/check-kinds.md: the kind name in
// the first column, and the params and answer type columns by header.
func readSpec(t *testing.T) map[string]docKind {
	t.Helper()
	f, err := os.Open("../../docs/check-kinds.md")
	if err != nil {
		t.Fatalf("the spec must sit at docs/check-kinds.md: %v", err)
	}
	defer f.Close()
	kinds := map[string]docKind{}
	var header []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "|") {
			header = nil
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		m := docName.FindStringSubmatch(cells[0])
		if m == nil {
			if header == nil {
				header = cells
			}
			continue
		}
		kinds[m[1]] = docRow(header, cells)
	}
	return kinds
}

func docRow(header, cells []string) docKind {
	k := docKind{params: map[string]Param{}}
	for i, h := range header {
		if i >= len(cells) {
			break
		}
		switch h {
		case "answer type":
			k.answerType = cells[i]
		case "params":
			for _, m := range docParam.FindAllStringSubmatch(cells[i], -1) {
				k.params[m[1]] = Param{Name: m[1], Type: ParamType(m[2]), Required: strings.Contains(m[3], "required")}
			}
		}
	}
	return k
}

func TestSpecAndRegistryAgree(t *testing.T) {
	spec := readSpec(t)
	if len(spec) < 40 {
		t.Fatalf("parsed only %d kinds from the spec; has its table layout changed?", len(spec))
	}
	var registered []string
	for _, k := range Kinds() {
		registered = append(registered, k.Name)
		d, ok := spec[k.Name]
		if !ok {
			t.Errorf("%s is registered but not in docs/check-kinds.md", k.Name)
			continue
		}
		got := map[string]Param{}
		for _, p := range k.Params {
			got[p.Name] = Param{Name: p.Name, Type: p.Type, Required: p.Required}
		}
		if !mapsEqual(got, d.params) {
			t.Errorf("%s params differ from the spec:\n code %v\n spec %v", k.Name, got, d.params)
		}
		if k.Answer && (len(k.AnswerTypes) != 1 || string(k.AnswerTypes[0]) != d.answerType) {
			t.Errorf("%s answer types %v, spec says %q", k.Name, k.AnswerTypes, d.answerType)
		}
	}
	var documented []string
	for name := range spec {
		documented = append(documented, name)
	}
	sort.Strings(documented)
	for _, name := range documented {
		if !slices.Contains(registered, name) {
			t.Errorf("%s is in docs/check-kinds.md but not registered", name)
		}
	}
}

func mapsEqual(a, b map[string]Param) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || v.Name != w.Name || v.Type != w.Type || v.Required != w.Required {
			return false
		}
	}
	return true
}
