package importer

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"triage/internal/audit"
)

// FuzzFactsJSON feeds arbitrary bytes to Detect and Import. Neither may
// panic; every error is a located EInvalid *audit.Error; and whatever is
// read must be written by WriteFacts and read back unchanged (an empty
// list and an absent one are the same).
func FuzzFactsJSON(f *testing.F) {
	for _, b := range jsonBlocks(f) {
		f.Add([]byte(b))
	}
	f.Add([]byte(`{"schema_version": 1, "facts": [{"kind": "gap", "gap": {"topic": "scan", "reason": "x"}}]}`))
	f.Add([]byte("\xEF\xBB\xBF{\"facts\": [], \"schema_version\": 1}"))
	f.Add([]byte(`{"schema_version": 1, "facts": [{"kind": "tls", "tls": {"host": "h", "port": 443, "not_after": "2024-01-01T00:00:00.123456789+14:00"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		FactsJSON{}.Detect("facts.json", data)
		facts, err := FactsJSON{}.Import("facts.json", bytes.NewReader(data))
		if err != nil {
			var e *audit.Error
			if !errors.As(err, &e) || e.Code != audit.EInvalid || e.File != "facts.json" || e.Line < 0 {
				t.Fatalf("bad error %#v", err)
			}
			return
		}
		for i, fact := range facts {
			if err := ValidateFact(fact); err != nil {
				t.Fatalf("facts[%d] was read but is invalid: %v", i, err)
			}
		}
		var buf bytes.Buffer
		if err := WriteFacts(&buf, facts); err != nil {
			t.Fatalf("cannot write what was read: %v", err)
		}
		again, err := FactsJSON{}.Import("again.json", bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("cannot read what was written: %v\n%s", err, buf.String())
		}
		if diff := cmp.Diff(facts, again, cmpopts.EquateEmpty(), cmp.Comparer(func(a, b audit.Date) bool { return a == b })); diff != "" {
			t.Fatalf("round trip changed the facts (-first +second):\n%s", diff)
		}
	})
}
