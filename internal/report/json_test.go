package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"triage/internal/audit"
)

func TestJSONRoundTrip(t *testing.T) {
	out := write(t, FormatJSON, sample(), Options{})
	if !bytes.HasSuffix(out, []byte("}\n")) || bytes.HasSuffix(out, []byte("\n\n")) {
		t.Error("JSON report does not end in exactly one newline")
	}
	var got audit.Result
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sample(), &got, cmp.AllowUnexported(audit.Date{}), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("JSON report does not read back as the result (-want +got):\n%s", diff)
	}
	if again := write(t, FormatJSON, &got, Options{}); !bytes.Equal(out, again) {
		t.Error("writing the read-back report gives different bytes")
	}
}

// A result with every list and map left nil is still written with [] and {}
// wherever the schema says the field is always present.
func TestJSONHasNoNulls(t *testing.T) {
	r := &audit.Result{
		Findings:       []audit.Finding{{ControlID: "X", Status: audit.NotChecked, Mappings: map[string][]string{"e8": nil}}},
		Actions:        []audit.Action{{ID: "a"}},
		EssentialEight: map[string]audit.E8Strategy{"mfa": {}},
		Diff:           &audit.Diff{},
	}
	out := write(t, FormatJSON, r, Options{})
	if bytes.Contains(out, []byte("null")) {
		t.Errorf("JSON report contains null:\n%s", out)
	}
	if !bytes.Contains(out, []byte(`"schema_version": 1`)) {
		t.Errorf("JSON report lacks the schema version:\n%s", out)
	}
	if r.Findings[0].Subjects != nil || r.Diff.Fixed != nil || r.SchemaVersion != 0 {
		t.Error("writing JSON changed the result")
	}
}

func TestJSONDoesNotEscapeHTML(t *testing.T) {
	r := sample()
	r.Findings[0].Reason = "a <b> & c"
	out := write(t, FormatJSON, r, Options{})
	if !bytes.Contains(out, []byte(`"reason": "a <b> & c"`)) {
		t.Error("JSON report escapes <, > or &")
	}
}
