package catalog

import (
	"strings"
	"testing"
	"testing/fstest"

	"triage/internal/audit"
	"triage/internal/check"
)

// The catalogue must hold exactly the 69 researched controls, each complete.
func TestDefaultCatalogueIsComplete(t *testing.T) {
	cat, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(cat.Controls); got != 69 {
		t.Fatalf("catalogue has %d controls, want 69", got)
	}
	perArea := map[audit.Area]int{}
	for _, c := range cat.Controls {
		perArea[c.Area]++
		if c.Question == "" || c.Why == "" || len(c.Remediation) == 0 {
			t.Errorf("%s lacks a question, why or remediation", c.ID)
		}
		if len(c.Mappings) == 0 {
			t.Errorf("%s maps to no framework requirement", c.ID)
		}
		if _, ok := cat.Action(c.Action); !ok {
			t.Errorf("%s names unknown action %q", c.ID, c.Action)
		}
		for _, spec := range c.Checks {
			if _, ok := check.Lookup(spec.Kind); !ok {
				t.Errorf("%s names check kind %q, which does not exist", c.ID, spec.Kind)
			}
		}
	}
	want := map[audit.Area]int{"access": 14, "continuity": 9, "people": 7, "technology": 20, "exposure": 5, "incident": 7, "data": 7}
	for a, n := range want {
		if perArea[a] != n {
			t.Errorf("area %s has %d controls, want %d", a, perArea[a], n)
		}
	}
	for _, id := range FrameworkIDs {
		if _, ok := cat.Framework(id); !ok {
			t.Errorf("framework %s is missing", id)
		}
	}
}

// Every check kind the engine offers should be used by some control, or it
// is dead code or the catalogue forgot it.
func TestEveryCheckKindIsUsed(t *testing.T) {
	cat, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, c := range cat.Controls {
		for _, s := range c.Checks {
			used[s.Kind] = true
		}
	}
	for _, k := range check.Kinds() {
		if !used[k.Name] {
			t.Errorf("check kind %s is used by no control", k.Name)
		}
	}
}

const goodControls = `area: access
actions:
  - id: do-it
    title: Do it
    owner: provider
controls:
  - id: ACC-ONE
    title: One
    question: Is it done?
    answer_type: yesno
    why: Because.
    remediation: [Do it.]
    likelihood: 3
    impact: 3
    effort: hours
    quick_win: true
    level: must
    action: do-it
    checks:
      - kind: answer.yesno
`

const goodFramework = `id: cis
name: CIS Controls v8
requirements:
  - id: "5.3"
    title: Disable dormant accounts
    controls: [ACC-ONE]
`

func load(files map[string]string) error {
	m := fstest.MapFS{}
	for name, body := range files {
		m[name] = &fstest.MapFile{Data: []byte(body)}
	}
	_, err := Load(m)
	return err
}

func TestLoadAcceptsMinimalCatalogue(t *testing.T) {
	if err := load(map[string]string{"controls/access.yaml": goodControls, "frameworks/cis.yaml": goodFramework}); err != nil {
		t.Fatal(err)
	}
}

// Each broken catalogue must fail with the file, the line and the problem.
func TestLoadRejectsBrokenCatalogues(t *testing.T) {
	cases := []struct {
		name, file, body, want string
	}{
		{"unknown field", "controls/access.yaml", strings.Replace(goodControls, "    level: must", "    levle: must", 1), "controls/access.yaml:17: field levle not found"},
		{"missing question", "controls/access.yaml", strings.Replace(goodControls, "    question: Is it done?\n", "", 1), "controls/access.yaml:7: control ACC-ONE: question is missing"},
		{"missing remediation", "controls/access.yaml", strings.Replace(goodControls, "    remediation: [Do it.]\n", "", 1), "control ACC-ONE: remediation is missing"},
		{"duplicate id", "controls/access.yaml", goodControls + strings.SplitN(goodControls, "controls:\n", 2)[1], "controls/access.yaml:21: control ACC-ONE is already defined at controls/access.yaml:7"},
		{"unknown check kind", "controls/access.yaml", strings.Replace(goodControls, "answer.yesno", "answer.maybe", 1), `controls/access.yaml:20: control ACC-ONE: unknown check kind "answer.maybe"`},
		{"bad param", "controls/access.yaml", strings.Replace(goodControls, "      - kind: answer.yesno\n", "      - kind: answer.yesno\n        params: {days: 3}\n", 1), `has no parameter "days"`},
		{"wrong answer kind", "controls/access.yaml", strings.Replace(goodControls, "answer_type: yesno", "answer_type: date", 1), "answer.yesno does not judge date answers"},
		{"undefined action", "controls/access.yaml", strings.Replace(goodControls, "    action: do-it", "    action: do-that", 1), `controls/access.yaml:18: action "do-that" is not defined`},
		{"bad likelihood", "controls/access.yaml", strings.Replace(goodControls, "likelihood: 3", "likelihood: 7", 1), "controls/access.yaml:13: control ACC-ONE: likelihood 7 must be 1 to 5"},
		{"bad area", "controls/access.yaml", strings.Replace(goodControls, "area: access", "area: accesss", 1), `controls/access.yaml:1: area "accesss" is not one of`},
		{"unknown mapped control", "frameworks/cis.yaml", strings.Replace(goodFramework, "[ACC-ONE]", "[ACC-ONE, ACC-TWO]", 1), `frameworks/cis.yaml:6: requirement 5.3 maps to unknown control "ACC-TWO"`},
		{"unknown framework", "frameworks/cis.yaml", strings.Replace(goodFramework, "id: cis", "id: iso", 1), `frameworks/cis.yaml:1: framework id "iso"`},
		{"not yaml", "controls/access.yaml", "area: [access\n", "controls/access.yaml"},
		{"empty", "controls/access.yaml", "  \n", "controls/access.yaml: file is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"controls/access.yaml": goodControls, "frameworks/cis.yaml": goodFramework}
			files[c.file] = c.body
			err := load(files)
			if err == nil {
				t.Fatal("loaded a broken catalogue")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not contain %q", err, c.want)
			}
			if audit.ErrorCode(err) != audit.EInvalid {
				t.Fatalf("error code %q, want invalid", audit.ErrorCode(err))
			}
		})
	}
}

func FuzzLoadControls(f *testing.F) {
	f.Add(goodControls)
	f.Add("area: access\ncontrols: [{id: 1}]\n")
	f.Fuzz(func(t *testing.T, body string) {
		_ = load(map[string]string{"controls/access.yaml": body, "frameworks/cis.yaml": goodFramework})
	})
}
