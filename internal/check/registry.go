package check

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"time"

	"triage/internal/audit"
)

// ParamType is the type a check parameter must have in YAML.
type ParamType string

// Parameter types.
const (
	Int     ParamType = "int"
	Number  ParamType = "number"
	Bool    ParamType = "bool"
	String  ParamType = "string"
	Strings ParamType = "strings"
)

// Param describes one parameter of a check kind.
type Param struct {
	Name     string
	Type     ParamType
	Required bool
	Doc      string
	// OneOf lists the only values a String parameter may take, so a typo in
	// the catalogue fails loading instead of silently meaning the default.
	OneOf []string
	// Regexp says each value must compile as a regular expression, so a bad
	// pattern fails loading rather than the audit.
	Regexp bool
}

// Input is everything a check may look at.
type Input struct {
	Evidence *Evidence
	Practice *audit.Practice
	Answer   *audit.Answer // the control's answer, nil when unanswered
	Control  audit.Control
	AsOf     time.Time
	Params   Params
}

// Outcome is a check's verdict. A NotChecked outcome always has a Reason.
type Outcome struct {
	Status   audit.Status
	Reason   string
	Subjects []audit.Subject
	// Urgency names what makes exploitation likely now (internet-exposed,
	// known-exploited, leaver still active, no working backup).
	Urgency []string
}

// Func is a check implementation.
type Func func(in Input) Outcome

// Kind is one registered check kind.
type Kind struct {
	Name string
	Doc  string
	// Answer is true for kinds that judge the questionnaire answer; the
	// engine uses them only when evidence checks could not decide.
	Answer bool
	// AnswerTypes lists the answer types an answer kind accepts.
	AnswerTypes []audit.AnswerType
	Params      []Param
	Func        Func
}

var registry = map[string]Kind{}

func register(k Kind) {
	if _, dup := registry[k.Name]; dup {
		panic("check: duplicate kind " + k.Name)
	}
	registry[k.Name] = k
}

// Lookup returns the kind with the given name.
func Lookup(name string) (Kind, bool) {
	k, ok := registry[name]
	return k, ok
}

// Kinds returns every kind, sorted by name.
func Kinds() []Kind {
	out := make([]Kind, 0, len(registry))
	for _, k := range registry {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Validate checks a spec's parameters against its kind: unknown names,
// missing required ones and wrong types are errors.
func Validate(spec audit.CheckSpec) error {
	k, ok := registry[spec.Kind]
	if !ok {
		return fmt.Errorf("unknown check kind %q", spec.Kind)
	}
	known := map[string]Param{}
	for _, p := range k.Params {
		known[p.Name] = p
	}
	names := make([]string, 0, len(spec.Params))
	for n := range spec.Params {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p, ok := known[n]
		if !ok {
			return fmt.Errorf("check %s has no parameter %q", spec.Kind, n)
		}
		if !typeFits(p.Type, spec.Params[n]) {
			return fmt.Errorf("check %s parameter %q must be %s", spec.Kind, n, p.Type)
		}
		if err := p.valueFits(spec.Params[n]); err != nil {
			return fmt.Errorf("check %s parameter %q %v", spec.Kind, n, err)
		}
	}
	for _, p := range k.Params {
		if _, ok := spec.Params[p.Name]; p.Required && !ok {
			return fmt.Errorf("check %s needs parameter %q", spec.Kind, p.Name)
		}
	}
	return nil
}

// valueFits applies the OneOf and Regexp rules to a value whose type fits.
func (p Param) valueFits(v any) error {
	vals := Params{"v": v}.Strings("v", nil)
	if s, ok := v.(string); ok {
		vals = []string{s}
	}
	for _, s := range vals {
		if len(p.OneOf) > 0 && !slices.Contains(p.OneOf, s) {
			return fmt.Errorf("must be one of %v, not %q", p.OneOf, s)
		}
		if p.Regexp {
			if _, err := regexp.Compile(s); err != nil {
				return fmt.Errorf("has a pattern that is not a valid regular expression: %v", err)
			}
		}
	}
	return nil
}

func typeFits(t ParamType, v any) bool {
	switch t {
	case Int:
		switch x := v.(type) {
		case int:
			return true
		case float64:
			return x == float64(int(x))
		}
	case Number:
		switch v.(type) {
		case int, float64:
			return true
		}
	case Bool:
		_, ok := v.(bool)
		return ok
	case String:
		_, ok := v.(string)
		return ok
	case Strings:
		switch x := v.(type) {
		case []string:
			return true
		case []any:
			for _, e := range x {
				if _, ok := e.(string); !ok {
					return false
				}
			}
			return true
		}
	}
	return false
}

// Params are a check's parameters as decoded from YAML.
type Params map[string]any

// Int returns an integer parameter or def.
func (p Params) Int(name string, def int) int {
	switch x := p[name].(type) {
	case int:
		return x
	case float64:
		return int(x)
	}
	return def
}

// Number returns a numeric parameter or def.
func (p Params) Number(name string, def float64) float64 {
	switch x := p[name].(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return def
}

// Bool returns a boolean parameter or def.
func (p Params) Bool(name string, def bool) bool {
	if x, ok := p[name].(bool); ok {
		return x
	}
	return def
}

// String returns a string parameter or def.
func (p Params) String(name, def string) string {
	if x, ok := p[name].(string); ok {
		return x
	}
	return def
}

// Strings returns a list parameter or def.
func (p Params) Strings(name string, def []string) []string {
	switch x := p[name].(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return def
}
