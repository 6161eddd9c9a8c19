package profile

import (
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"triage/internal/audit"
)

const answerHint = "write yes, partly, no, unknown or na, a number, a date (YYYY-MM-DD) or a list"

var decimal = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// answer reads either a bare value or {value, note}.
func (r *reader) answer(n *yaml.Node, path string) (audit.Answer, error) {
	if n.Kind != yaml.MappingNode {
		return r.answerValue(n, path)
	}
	var a audit.Answer
	var note string
	hasValue := false
	err := r.mapping(n, path, answerFields, func(key string, f field) error {
		var err error
		switch key {
		case "value":
			hasValue = true
			if f.val.Kind == yaml.MappingNode {
				return r.errf(f.val, "%s.value must be an answer, not a mapping; %s", path, answerHint)
			}
			a, err = r.answerValue(f.val, path+".value")
		case "note":
			note, err = r.text(f.val, path+".note")
		}
		return err
	})
	if err != nil {
		return audit.Answer{}, err
	}
	if !hasValue {
		return audit.Answer{}, r.errf(n, "%s has a note but no value; add value: and %s", path, answerHint)
	}
	a.Note = note
	return a, nil
}

// answerValue decodes a bare answer: a choice word, unknown, na, a number, a
// date or a list of texts.
func (r *reader) answerValue(n *yaml.Node, path string) (audit.Answer, error) {
	switch n.Kind {
	case yaml.SequenceNode:
		list, err := r.list(n, path, "Best Practice, Medical-Objects")
		if err != nil {
			return audit.Answer{}, err
		}
		return audit.Answer{Kind: audit.KindList, List: list}, nil
	case yaml.ScalarNode:
	default:
		return audit.Answer{}, r.errf(n, "%s must be an answer, not %s; %s", path, describe(n), answerHint)
	}
	switch n.Tag {
	case "!!null":
		return audit.Answer{}, r.errf(n, "%s has no answer; %s, or remove the line", path, answerHint)
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err == nil {
			return choice(map[bool]string{true: "yes", false: "no"}[b]), nil
		}
	case "!!int", "!!float":
		return r.answerNumber(n, path)
	}
	s := strings.TrimSpace(n.Value)
	switch strings.ToLower(s) {
	case "yes", "partly", "no":
		return choice(strings.ToLower(s)), nil
	case "never":
		return choice("no"), nil
	case "unknown":
		return audit.Answer{Kind: audit.KindUnknown}, nil
	case "na", "n/a":
		return audit.Answer{Kind: audit.KindNA}, nil
	}
	if d, err := audit.ParseDate(s); err == nil {
		return audit.Answer{Kind: audit.KindDate, Date: &d}, nil
	}
	if decimal.MatchString(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return audit.Answer{Kind: audit.KindNumber, Number: &f}, nil
		}
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		return audit.Answer{}, r.errf(n, "%s %q is not a real date; write it as YYYY-MM-DD, like 2024-07-01", path, s)
	}
	return audit.Answer{}, r.errf(n, "%s %s is not an answer; %s", path, describe(n), answerHint)
}

func (r *reader) answerNumber(n *yaml.Node, path string) (audit.Answer, error) {
	f, ok := decodeNumber(n)
	if !ok {
		return audit.Answer{}, r.errf(n, "%s %s is not a number Triage can use; write a plain number like 12 or 2.5", path, n.Value)
	}
	if f < 0 {
		return audit.Answer{}, r.errf(n, "%s must not be negative (%s)", path, n.Value)
	}
	return audit.Answer{Kind: audit.KindNumber, Number: &f}, nil
}

func choice(c string) audit.Answer {
	return audit.Answer{Kind: audit.KindChoice, Choice: c}
}
