package catalog

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"triage/internal/audit"
	"triage/internal/check"
)

type controlsYAML struct {
	Area     string        `yaml:"area"`
	Actions  []actionYAML  `yaml:"actions"`
	Controls []controlYAML `yaml:"controls"`
}

type actionYAML struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
	Owner string `yaml:"owner"`
}

type controlYAML struct {
	ID          string      `yaml:"id"`
	Title       string      `yaml:"title"`
	Question    string      `yaml:"question"`
	AnswerType  string      `yaml:"answer_type"`
	Why         string      `yaml:"why"`
	Remediation []string    `yaml:"remediation"`
	Likelihood  int         `yaml:"likelihood"`
	Impact      int         `yaml:"impact"`
	Effort      string      `yaml:"effort"`
	QuickWin    bool        `yaml:"quick_win"`
	Level       string      `yaml:"level"`
	Action      string      `yaml:"action"`
	Countries   []string    `yaml:"countries"`
	Checks      []checkYAML `yaml:"checks"`
}

type checkYAML struct {
	Kind    string         `yaml:"kind"`
	Params  map[string]any `yaml:"params"`
	Partial bool           `yaml:"partial"`
}

var (
	controlIDPattern = regexp.MustCompile(`^[A-Z]{2,4}(-[A-Z0-9]+)+$`)
	actionIDPattern  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// decodeStrict decodes YAML with unknown fields rejected, and also returns
// the document node so callers can report lines for semantic errors.
func decodeStrict(name string, data []byte, v any) (*yaml.Node, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, audit.Invalid(name, 0, "file is empty")
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return nil, yamlError(name, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(name, err)
	}
	if len(doc.Content) == 0 {
		return nil, audit.Invalid(name, 0, "file is empty")
	}
	return doc.Content[0], nil
}

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// yamlError turns the YAML library's messages into file:line errors.
func yamlError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		var line int
		fmt.Sscanf(m[1], "%d", &line)
		rest := strings.TrimSpace(m[2])
		if i := strings.Index(rest, "\n"); i >= 0 {
			rest = rest[:i]
		}
		return audit.Invalid(name, line, "%s", rest)
	}
	return audit.Invalid(name, 0, "%s", strings.TrimSpace(msg))
}

// child returns the value node of key in a mapping node.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// lineOf returns the line of the value at key in n, or n's line.
func lineOf(n *yaml.Node, key string) int {
	if c := child(n, key); c != nil {
		return c.Line
	}
	if n != nil {
		return n.Line
	}
	return 0
}

func item(seq *yaml.Node, i int) *yaml.Node {
	if seq == nil || i >= len(seq.Content) {
		return nil
	}
	return seq.Content[i]
}

func (l *loader) controlsFile(fsys fs.FS, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	var f controlsYAML
	root, err := decodeStrict(name, data, &f)
	if err != nil {
		return err
	}
	area := audit.Area(f.Area)
	if !area.Valid() {
		return audit.Invalid(name, lineOf(root, "area"), "area %q is not one of %s", f.Area, areaList())
	}
	actionsNode := child(root, "actions")
	for i, a := range f.Actions {
		if err := l.action(name, item(actionsNode, i), a); err != nil {
			return err
		}
	}
	controlsNode := child(root, "controls")
	for i, c := range f.Controls {
		ctl, err := l.control(name, item(controlsNode, i), area, c)
		if err != nil {
			return err
		}
		l.cat.Controls = append(l.cat.Controls, ctl)
	}
	return nil
}

func (l *loader) action(name string, n *yaml.Node, a actionYAML) error {
	line := lineOf(n, "id")
	switch {
	case !actionIDPattern.MatchString(a.ID):
		return audit.Invalid(name, line, "action id %q must be lowercase words joined by hyphens", a.ID)
	case l.actionAt[a.ID] != "":
		return audit.Invalid(name, line, "action %q is already defined at %s", a.ID, l.actionAt[a.ID])
	case strings.TrimSpace(a.Title) == "":
		return audit.Invalid(name, line, "action %q needs a title", a.ID)
	case a.Owner != string(audit.OwnerPractice) && a.Owner != string(audit.OwnerProvider):
		return audit.Invalid(name, lineOf(n, "owner"), "action %q owner %q must be practice or provider", a.ID, a.Owner)
	}
	l.actionAt[a.ID] = fmt.Sprintf("%s:%d", name, line)
	l.cat.Actions = append(l.cat.Actions, audit.ActionDef{ID: a.ID, Title: strings.TrimSpace(a.Title), Owner: audit.Owner(a.Owner)})
	return nil
}

func (l *loader) control(name string, n *yaml.Node, area audit.Area, c controlYAML) (audit.Control, error) {
	line := lineOf(n, "id")
	if !controlIDPattern.MatchString(c.ID) {
		return audit.Control{}, audit.Invalid(name, line, "control id %q must look like ACC-MFA-ALL", c.ID)
	}
	if at := l.controlAt[c.ID]; at != "" {
		return audit.Control{}, audit.Invalid(name, line, "control %s is already defined at %s", c.ID, at)
	}
	l.controlAt[c.ID] = fmt.Sprintf("%s:%d", name, line)
	bad := func(key, format string, args ...any) error {
		return audit.Invalid(name, lineOf(n, key), "control %s: %s", c.ID, fmt.Sprintf(format, args...))
	}
	for key, v := range map[string]string{"title": c.Title, "question": c.Question, "why": c.Why} {
		if strings.TrimSpace(v) == "" {
			return audit.Control{}, bad(key, "%s is missing", key)
		}
	}
	if len(c.Remediation) == 0 {
		return audit.Control{}, bad("remediation", "remediation is missing: give the steps that fix it")
	}
	for _, step := range c.Remediation {
		if strings.TrimSpace(step) == "" {
			return audit.Control{}, bad("remediation", "remediation has an empty step")
		}
	}
	at := audit.AnswerType(c.AnswerType)
	switch at {
	case audit.AnswerYesNo, audit.AnswerNumber, audit.AnswerDate, audit.AnswerList:
	default:
		return audit.Control{}, bad("answer_type", "answer_type %q must be yesno, number, date or list", c.AnswerType)
	}
	if c.Likelihood < 1 || c.Likelihood > 5 {
		return audit.Control{}, bad("likelihood", "likelihood %d must be 1 to 5", c.Likelihood)
	}
	if c.Impact < 1 || c.Impact > 5 {
		return audit.Control{}, bad("impact", "impact %d must be 1 to 5", c.Impact)
	}
	ef := audit.Effort(c.Effort)
	if ef != audit.EffortHours && ef != audit.EffortDays && ef != audit.EffortProject {
		return audit.Control{}, bad("effort", "effort %q must be hours, days or project", c.Effort)
	}
	if c.Level != "must" && c.Level != "should" {
		return audit.Control{}, bad("level", "level %q must be must or should", c.Level)
	}
	for _, k := range c.Countries {
		if k != "AU" && k != "US" {
			return audit.Control{}, bad("countries", "country %q must be AU or US", k)
		}
	}
	if c.Action == "" {
		return audit.Control{}, bad("action", "action is missing: name the plan action that closes this control")
	}
	l.actionUse = append(l.actionUse, actionUse{file: name, line: lineOf(n, "action"), id: c.Action})
	checks, err := l.checks(name, child(n, "checks"), c.ID, at, c.Checks)
	if err != nil {
		return audit.Control{}, err
	}
	return audit.Control{
		ID: c.ID, Area: area, Title: strings.TrimSpace(c.Title), Question: strings.TrimSpace(c.Question),
		AnswerType: at, Why: strings.TrimSpace(c.Why), Remediation: trimAll(c.Remediation),
		Likelihood: c.Likelihood, Impact: c.Impact, Effort: ef, QuickWin: c.QuickWin, Level: c.Level,
		Countries: c.Countries, Checks: checks, Action: c.Action,
	}, nil
}

func (l *loader) checks(name string, seq *yaml.Node, id string, at audit.AnswerType, in []checkYAML) ([]audit.CheckSpec, error) {
	var out []audit.CheckSpec
	answers := 0
	for i, c := range in {
		line := lineOf(item(seq, i), "kind")
		spec := audit.CheckSpec{Kind: c.Kind, Params: c.Params, Partial: c.Partial}
		if err := check.Validate(spec); err != nil {
			return nil, audit.Invalid(name, line, "control %s: %v", id, err)
		}
		k, _ := check.Lookup(c.Kind)
		if k.Answer {
			answers++
			if answers > 1 {
				return nil, audit.Invalid(name, line, "control %s: only one answer.* check is allowed", id)
			}
			if c.Partial {
				return nil, audit.Invalid(name, line, "control %s: partial applies to evidence checks, not to %s", id, c.Kind)
			}
			if !fitsAnswer(k, at) {
				return nil, audit.Invalid(name, line, "control %s: %s does not judge %s answers", id, c.Kind, at)
			}
		}
		out = append(out, spec)
	}
	return out, nil
}

func fitsAnswer(k check.Kind, at audit.AnswerType) bool {
	for _, t := range k.AnswerTypes {
		if t == at {
			return true
		}
	}
	return false
}

func (l *loader) checkActions() error {
	used := map[string]bool{}
	for _, u := range l.actionUse {
		if l.actionAt[u.id] == "" {
			return audit.Invalid(u.file, u.line, "action %q is not defined in any controls file's actions list", u.id)
		}
		used[u.id] = true
	}
	for _, a := range l.cat.Actions {
		if !used[a.ID] {
			at := l.actionAt[a.ID]
			file, line := splitAt(at)
			return audit.Invalid(file, line, "action %q is defined but no control uses it", a.ID)
		}
	}
	return nil
}

func splitAt(at string) (string, int) {
	i := strings.LastIndex(at, ":")
	if i < 0 {
		return at, 0
	}
	var line int
	fmt.Sscanf(at[i+1:], "%d", &line)
	return at[:i], line
}

func trimAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.TrimSpace(s)
	}
	return out
}

func areaList() string {
	names := make([]string, len(audit.Areas))
	for i, a := range audit.Areas {
		names[i] = string(a)
	}
	return strings.Join(names, ", ")
}
