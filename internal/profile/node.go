package profile

import (
	"math"
	"strconv"
	"strings"
	"triage/internal/hint"

	"go.yaml.in/yaml/v3"

	"triage/internal/audit"
)

// reader gives typed, located access to the nodes of one file.
type reader struct {
	name string
}

func (r *reader) errf(n *yaml.Node, format string, args ...any) error {
	return audit.Invalid(r.name, n.Line, format, args...)
}

// field is one key: value pair of a mapping.
type field struct {
	key, val *yaml.Node
}

// mapping checks that n is a mapping whose keys are plain, unique and among
// known, then calls fn for each pair in file order. where names the mapping
// in messages ("staff[2]"); empty at the top level.
func (r *reader) mapping(n *yaml.Node, where string, known []string, fn func(key string, f field) error) error {
	if err := r.isMapping(n, where, known); err != nil {
		return err
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key, err := r.key(k, where)
		if err != nil {
			return err
		}
		if !contains(known, key) {
			return r.errf(k, "%sunknown field %q%s; the fields here are %s", prefix(where), key, hint.DidYouMean(key, known), strings.Join(known, ", "))
		}
		if line, dup := seen[key]; dup {
			return r.errf(k, "%s%s is given twice (first on line %d); keep one", prefix(where), key, line)
		}
		seen[key] = k.Line
		if v.Kind == yaml.AliasNode {
			return r.errf(v, "%s is an alias (*%s); write the value out instead", join(where, key), v.Value)
		}
		if err := fn(key, field{k, v}); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) isMapping(n *yaml.Node, where string, known []string) error {
	if n.Kind == yaml.MappingNode {
		return nil
	}
	what := where
	if what == "" {
		what = "the file"
	}
	hint := ""
	if len(known) > 0 {
		hint = "; write key: value lines, with keys among " + strings.Join(known, ", ")
	}
	return r.errf(n, "%s must be a mapping, not %s%s", what, describe(n), hint)
}

// key returns a mapping key, which must be plain text.
func (r *reader) key(k *yaml.Node, where string) (string, error) {
	if k.Kind != yaml.ScalarNode || k.Tag == "!!null" {
		return "", r.errf(k, "%skeys must be plain words, not %s", prefix(where), describe(k))
	}
	return k.Value, nil
}

// text returns a scalar as trimmed text; null is "".
func (r *reader) text(n *yaml.Node, path string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", r.errf(n, "%s must be text, not %s", path, describe(n))
	}
	if n.Tag == "!!null" {
		return "", nil
	}
	return strings.TrimSpace(n.Value), nil
}

// required returns non-empty text.
func (r *reader) required(n *yaml.Node, path, example string) (string, error) {
	s, err := r.text(n, path)
	if err == nil && s == "" {
		err = r.errf(n, "%s is empty; write %s", path, example)
	}
	return s, err
}

// boolean accepts true/false and yes/no in any case.
func (r *reader) boolean(n *yaml.Node, path string) (bool, error) {
	if n.Kind == yaml.ScalarNode {
		switch strings.ToLower(strings.TrimSpace(n.Value)) {
		case "true", "yes":
			if n.Tag == "!!bool" || n.Tag == "!!str" {
				return true, nil
			}
		case "false", "no":
			if n.Tag == "!!bool" || n.Tag == "!!str" {
				return false, nil
			}
		}
	}
	return false, r.errf(n, "%s must be true or false, not %s", path, describe(n))
}

// number returns a finite, non-negative number.
func (r *reader) number(n *yaml.Node, path string) (float64, error) {
	f, ok := decodeNumber(n)
	if !ok {
		return 0, r.errf(n, "%s must be a number, not %s", path, describe(n))
	}
	if f < 0 {
		return 0, r.errf(n, "%s must not be negative (%s)", path, n.Value)
	}
	return f, nil
}

func decodeNumber(n *yaml.Node) (float64, bool) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		return 0, false
	}
	var f float64
	if err := n.Decode(&f); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// date reads YYYY-MM-DD.
func (r *reader) date(n *yaml.Node, path string) (audit.Date, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return audit.Date{}, r.errf(n, "%s must be a date in the form YYYY-MM-DD, not %s", path, describe(n))
	}
	d, err := audit.ParseDate(strings.TrimSpace(n.Value))
	if err != nil {
		return audit.Date{}, r.errf(n, "%s %q is not a real date in the form YYYY-MM-DD, like 2024-07-01", path, n.Value)
	}
	return d, nil
}

// list returns a sequence of non-empty texts; null is an empty list.
func (r *reader) list(n *yaml.Node, path, example string) ([]string, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, r.errf(n, "%s must be a list, like [%s], not %s", path, example, describe(n))
	}
	out := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		p := index(path, i)
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
			return nil, r.errf(item, "%s must be text, not %s", p, describe(item))
		}
		s := strings.TrimSpace(item.Value)
		if s == "" {
			return nil, r.errf(item, "%s is empty; remove it or write %s", p, example)
		}
		out = append(out, s)
	}
	return out, nil
}

// sequence checks that n is a list (null is an empty one) and calls fn for
// each item.
func (r *reader) sequence(n *yaml.Node, path, hint string, fn func(i int, item *yaml.Node) error) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return r.errf(n, "%s must be a list of entries each starting with '- ', not %s; %s", path, describe(n), hint)
	}
	for i, item := range n.Content {
		if item.Kind == yaml.AliasNode {
			return r.errf(item, "%s is an alias (*%s); write the entry out instead", index(path, i), item.Value)
		}
		if err := fn(i, item); err != nil {
			return err
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func prefix(where string) string {
	if where == "" {
		return ""
	}
	return where + ": "
}

func join(where, key string) string {
	if where == "" {
		return key
	}
	return where + "." + key
}

func index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}
