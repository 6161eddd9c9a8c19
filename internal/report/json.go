package report

import (
	"bytes"
	"encoding/json"
	"io"

	"triage/internal/audit"
)

// JSONWriter writes the stable JSON report: the audit result with two-space
// indentation and a trailing newline. Lists and objects that the schema says
// are always present are written empty, never as null, and text is written
// as it is (no \u003c for <). The engine sorts everything and maps are
// written with sorted keys, so the same result always gives the same bytes.
// docs/report-schema.md documents every field.
type JSONWriter struct {
	Output io.Writer
}

// Write writes r as JSON.
func (jw JSONWriter) Write(r *audit.Result) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(normalize(r)); err != nil {
		return &audit.Error{Code: audit.EInternal, Msg: "report: encoding the JSON report", Err: err}
	}
	return output(jw.Output, FormatJSON, b.String())
}

// normalize returns a copy of r in which every list and object without
// omitempty is non-nil, and the schema version is set. r is not changed.
func normalize(r *audit.Result) *audit.Result {
	c := *r
	if c.SchemaVersion == 0 {
		c.SchemaVersion = audit.SchemaVersion
	}
	c.Scores.Areas = orEmptyMap(c.Scores.Areas)
	c.Counts = orEmptyMap(c.Counts)
	if c.EssentialEight == nil {
		c.EssentialEight = map[string]audit.E8Strategy{}
	} else {
		e8 := make(map[string]audit.E8Strategy, len(c.EssentialEight))
		for k, s := range c.EssentialEight {
			s.Gaps = orEmpty(s.Gaps)
			e8[k] = s
		}
		c.EssentialEight = e8
	}
	c.Findings = make([]audit.Finding, len(r.Findings))
	for i, f := range r.Findings {
		f.Urgency = orEmpty(f.Urgency)
		f.Subjects = orEmpty(f.Subjects)
		f.Remediation = orEmpty(f.Remediation)
		m := make(map[string][]string, len(f.Mappings))
		for k, v := range f.Mappings {
			m[k] = orEmpty(v)
		}
		f.Mappings = m
		c.Findings[i] = f
	}
	c.Actions = make([]audit.Action, len(r.Actions))
	for i, a := range r.Actions {
		a.ControlIDs = orEmpty(a.ControlIDs)
		c.Actions[i] = a
	}
	if r.Diff != nil {
		d := *r.Diff
		d.Fixed = orEmpty(d.Fixed)
		d.New = orEmpty(d.New)
		d.StillFailing = orEmpty(d.StillFailing)
		d.Changed = orEmpty(d.Changed)
		c.Diff = &d
	}
	return &c
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func orEmptyMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return map[K]V{}
	}
	return m
}
