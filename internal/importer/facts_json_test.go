package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

func ptr[T any](v T) *T { return &v }

func mustDate(t *testing.T, s string) audit.Date {
	t.Helper()
	d, err := audit.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestFactsJSONDetect(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{`{"schema_version": 1, "facts": []}`, true},
		{"\xEF\xBB\xBF\n  {\"facts\": [", true},
		{`{"note": {"facts": []}, "facts": [{"kind": "gap"`, true},
		{`{"schema_version": 1, "tool_version": "1.0", "practice": {}}`, false}, // a Triage report
		{`{"facts": {}}`, false},
		{`{"value": [{"id": "x"}]}`, false},
		{`[{"facts": []}]`, false},
		{`userPrincipalName,displayName`, false},
		{``, false},
		{`{"schema_version": 1, "fa`, false},
	}
	for _, tt := range tests {
		if got := (FactsJSON{}).Detect("x", []byte(tt.head)); got != tt.want {
			t.Errorf("Detect(%q) = %v, want %v", tt.head, got, tt.want)
		}
	}
}

func TestFactsJSONImport(t *testing.T) {
	in := `{
  "schema_version": 1,
  "facts": [
    {"kind": "account", "source": {"file": "users.csv", "line": 7},
     "account": {"system": "entra", "id": "a@x.com", "kind": "member", "enabled": true,
                 "last_sign_in": "2024-04-28T08:12:00+10:00", "sign_in_known": true, "mfa_registered": false}},
    {"kind": "setting", "setting": {"system": "entra", "name": "secure_score.pct", "number": 41.5}},
    {"kind": "backup", "backup": {"job": "nightly", "asset": "srv", "end": "2024-05-01T02:10:00Z", "result": "failed", "immutable_days": 14}},
    {"kind": "phish_sim", "phish_sim": {"campaign": "c", "date": "2024-03-12", "recipients": 10, "clicked": 2, "reported": 3}}
  ]
}`
	got, err := FactsJSON{}.Import("facts.json", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	aest := time.FixedZone("", 10*3600)
	want := []audit.Fact{
		{Kind: audit.FactAccount, Source: audit.Source{File: "users.csv", Line: 7},
			Account: &audit.Account{System: "entra", ID: "a@x.com", Kind: "member", Enabled: true,
				LastSignIn: ptr(time.Date(2024, 4, 28, 8, 12, 0, 0, aest)), SignInKnown: true, MFARegistered: ptr(false)}},
		{Kind: audit.FactSetting, Source: audit.Source{Line: 7, Path: "facts[1]"},
			Setting: &audit.Setting{System: "entra", Name: "secure_score.pct", Number: ptr(41.5)}},
		{Kind: audit.FactBackup, Source: audit.Source{Line: 8, Path: "facts[2]"},
			Backup: &audit.Backup{Job: "nightly", Asset: "srv", End: time.Date(2024, 5, 1, 2, 10, 0, 0, time.UTC), Result: "failed", ImmutableDays: ptr(14)}},
		{Kind: audit.FactPhishSim, Source: audit.Source{Line: 9, Path: "facts[3]"},
			PhishSim: &audit.PhishSim{Campaign: "c", Date: mustDate(t, "2024-03-12"), Recipients: 10, Clicked: 2, Reported: 3}},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b audit.Date) bool { return a == b })); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
}

// fact wraps one fact, written on line 3, in an envelope.
func fact(body string) string {
	return "{\n  \"schema_version\": 1,\n  \"facts\": [\n    " + body + "\n  ]\n}\n"
}

// checkErr asserts an EInvalid *audit.Error at file:line whose text
// contains every fragment.
func checkErr(t *testing.T, err error, file string, line int, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %s:%d %q", file, line, fragments)
	}
	var e *audit.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %q is not an *audit.Error", err, err)
	}
	if e.Code != audit.EInvalid || e.File != file || e.Line != line {
		t.Errorf("error at %s:%d (code %s), want %s:%d: %v", e.File, e.Line, e.Code, file, line, err)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not contain %q", err, f)
		}
	}
}

func TestFactsJSONErrors(t *testing.T) {
	gap := `{"kind": "gap", "gap": {"topic": "devices", "reason": "no export"}}`
	tests := []struct {
		name  string
		in    string
		line  int
		frags []string
	}{
		{"empty", "", 0, []string{"facts.json: file is empty"}},
		{"blank", " \n\t\n", 0, []string{"file is empty"}},
		{"not an object", "[1, 2]\n", 1, []string{"must be a JSON object"}},
		{"bad JSON", "{\n  \"schema_version\": 1,\n  \"facts\": [\n    {\"kind\": \"gap\",}\n  ]\n}\n", 4, []string{"facts.json:4: facts[0]: not valid JSON: invalid character '}'"}},
		{"missing comma", "{\n  \"schema_version\": 1\n  \"facts\": []\n}\n", 3, []string{"not valid JSON"}},
		{"truncated", "{\n  \"schema_version\": 1,\n  \"facts\": [\n    {\"kind\": \"gap\", \"gap\": {\"topic\": \"dev", 4, []string{"facts.json:4: facts[0]: the file ends before the JSON is complete"}},
		{"truncated after fact", fact(gap)[:60], 4, []string{"ends before the JSON is complete"}},
		{"trailing data", fact(gap) + "\n{}\n", 8, []string{"unexpected data after the end"}},
		{"no schema_version", "{\"facts\": []}", 1, []string{"schema_version is missing"}},
		{"no facts", "{\"schema_version\": 1}", 1, []string{"facts is missing"}},
		{"newer schema", "{\n\"schema_version\": 2, \"facts\": []}", 2, []string{"schema_version 2 is newer than this version of Triage reads (1); update Triage"}},
		{"schema text", "{\"schema_version\": \"1\", \"facts\": []}", 1, []string{`schema_version must be the number 1, not the text "1"`}},
		{"schema zero", "{\"schema_version\": 0, \"facts\": []}", 1, []string{"schema_version must be 1, not 0"}},
		{"top-level unknown", "{\"schema_version\": 1,\n \"fact\": []}", 2, []string{`unknown top-level field "fact" (did you mean "facts"?)`}},
		{"top-level duplicate", "{\"schema_version\": 1, \"facts\": [],\n \"facts\": []}", 2, []string{"facts is given twice"}},
		{"facts object", "{\"schema_version\": 1, \"facts\": {}}", 1, []string{"facts must be a list of fact objects, not an object"}},
		{"fact not object", fact(`42`), 4, []string{"facts[0]: the fact must be an object, not the number 42"}},
		{"unknown kind", fact(gap + ",\n    " + `{"kind": "acount", "account": {"system": "entra", "id": "x", "kind": "member"}}`), 5,
			[]string{`facts.json:5: facts[1]: kind "acount" is not a known fact kind (account, setting, device`, `(did you mean "account"?)`}},
		{"missing kind", fact(`{"gap": {"topic": "devices", "reason": "x"}}`), 4, []string{"facts[0]: kind is missing"}},
		{"payload mismatch", fact(`{"kind": "device", "account": {"system": "entra", "id": "x", "kind": "member"}}`), 4,
			[]string{`facts[0]: kind is device but there is no "device" object`}},
		{"two payloads", fact("{\"kind\": \"gap\", \"gap\": {\"topic\": \"devices\", \"reason\": \"x\"},\n     \"device\": {\"name\": \"pc\", \"kind\": \"laptop\"}}"), 5,
			[]string{`facts[0]: kind is gap but the fact also has "device"; a fact carries one payload`}},
		{"unknown field", fact("{\"kind\": \"gap\",\n     \"gap\": {\"topic\": \"devices\",\n             \"reasn\": \"x\"}}"), 6,
			[]string{`facts.json:6: facts[0]: unknown field "reasn" in gap (did you mean "reason"?); the fields are topic, reason`}},
		{"unknown fact field", fact(`{"kind": "gap", "sauce": {}}`), 4, []string{`facts[0]: unknown field "sauce" in the fact (did you mean "source"?)`}},
		{"duplicate field", fact(`{"kind": "gap", "kind": "gap"}`), 4, []string{"facts[0]: kind is given twice"}},
		{"wrong type", fact("{\"kind\": \"account\", \"account\": {\"system\": \"entra\", \"id\": \"x\", \"kind\": \"member\",\n      \"enabled\": \"yes\"}}"), 5,
			[]string{`facts[0]: account.enabled must be true or false, not the text "yes"`}},
		{"wrong type int", fact(`{"kind": "service", "service": {"host": "h", "port": 33.89, "proto": "tcp", "name": "rdp"}}`), 4,
			[]string{"facts[0]: service.port must be a whole number, not 33.89"}},
		{"wrong type list", fact(`{"kind": "account", "account": {"system": "e", "id": "x", "kind": "member", "admin_roles": "Global Administrator"}}`), 4,
			[]string{`account.admin_roles must be a list, not the text "Global Administrator"`}},
		{"list item type", fact(`{"kind": "account", "account": {"system": "e", "id": "x", "kind": "member", "mfa_methods": ["fido2", 3]}}`), 4,
			[]string{"account.mfa_methods[1] must be text, not the number 3"}},
		{"null plain field", fact(`{"kind": "account", "account": {"system": "e", "id": "x", "kind": "member", "upn": null}}`), 4,
			[]string{"account.upn must not be null; leave the field out instead"}},
		{"bad time", fact(`{"kind": "backup", "backup": {"job": "j", "end": "2024-05-01 02:10", "result": "success"}}`), 4,
			[]string{`backup.end "2024-05-01 02:10" is not a date and time in RFC 3339 form`}},
		{"bad date", fact(`{"kind": "restore_test", "restore_test": {"asset": "a", "date": "2024-02-30", "result": "success"}}`), 4,
			[]string{`restore_test.date "2024-02-30" is not a real date in the form YYYY-MM-DD`}},
		{"missing required", fact("{\"kind\": \"account\",\n     \"account\": {\"system\": \"entra\", \"kind\": \"member\"}}"), 5,
			[]string{"facts[0]: account.id is missing; it is required"}},
		{"missing device name", fact(`{"kind": "device", "device": {"kind": "laptop"}}`), 4, []string{"device.name is missing"}},
		{"bad enum", fact("{\"kind\": \"backup\", \"backup\": {\"job\": \"j\", \"end\": \"2024-05-01T02:10:00Z\",\n      \"result\": \"done\"}}"), 5,
			[]string{`facts[0]: backup.result "done" is not one of success, warning, failed`}},
		{"missing backup end", fact(`{"kind": "backup", "backup": {"job": "j", "result": "success"}}`), 4, []string{"backup.end is missing"}},
		{"unknown setting", fact(`{"kind": "setting", "setting": {"system": "entra", "name": "mfa.enforced", "bool": true}}`), 4,
			[]string{`setting.name "mfa.enforced" is not in the setting vocabulary`}},
		{"setting wrong value", fact(`{"kind": "setting", "setting": {"system": "entra", "name": "password.min_length", "bool": true}}`), 4,
			[]string{`setting password.min_length takes a numeric value in "number"`}},
		{"setting out of range", fact(`{"kind": "setting", "setting": {"system": "m365", "name": "secure_score.pct", "number": 120}}`), 4,
			[]string{"setting secure_score.pct must be between 0 and 100, not 120"}},
		{"gap topic", fact(`{"kind": "gap", "gap": {"topic": "backup", "reason": "x"}}`), 4, []string{`gap.topic "backup" is not one of`, `(did you mean "backups"?)`}},
		{"service port", fact(`{"kind": "service", "service": {"host": "h", "port": 70000, "proto": "tcp", "name": "x"}}`), 4, []string{"service.port must be between 1 and 65535"}},
		{"clicked over recipients", fact(`{"kind": "phish_sim", "phish_sim": {"campaign": "c", "date": "2024-01-01", "recipients": 2, "clicked": 3}}`), 4,
			[]string{"phish_sim.clicked must be between 0 and recipients (2), not 3"}},
		{"bad sha", fact(`{"kind": "gap", "source": {"sha256": "abc"}, "gap": {"topic": "devices", "reason": "x"}}`), 4, []string{"source.sha256 must be 64 lower-case hex digits"}},
		{"big int", fact(`{"kind": "service", "service": {"host": "h", "port": 99999999999999999999, "proto": "tcp", "name": "x"}}`), 4, []string{"service.port must be a whole number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FactsJSON{}.Import("facts.json", strings.NewReader(tt.in))
			checkErr(t, err, "facts.json", tt.line, tt.frags...)
		})
	}
}

func sampleFacts(t *testing.T) []audit.Fact {
	at := time.Date(2024, 5, 1, 9, 0, 0, 0, time.FixedZone("", 10*3600))
	return []audit.Fact{
		{Kind: audit.FactAccount, Source: audit.Source{File: "users.csv", Line: 3, SHA256: strings.Repeat("ab", 32), CollectedAt: &at},
			Account: &audit.Account{System: "entra", ID: "a@x.com", Kind: "guest", Enabled: true, MFAMethods: []string{"fido2"}, AdminRoles: []string{"Global Administrator"}, MFACapable: ptr(true)}},
		{Kind: audit.FactDevice, Source: audit.Source{File: "c.json"}, Device: &audit.Device{Name: "PC1", Kind: "laptop", OS: "windows", LastSeen: &at,
			OSSupportEnds: ptr(mustDate(t, "2025-10-14")), Encrypted: ptr(false), SignatureAgeDays: ptr(0), LocalAdmins: []string{`PC1\admin`}}},
		{Kind: audit.FactSoftware, Source: audit.Source{File: "c.json"}, Software: &audit.Software{Device: "PC1", Name: "Chrome <beta> & co", Category: "browser", KEV: []string{"CVE-2024-0001"}, EndOfLife: ptr(mustDate(t, "2024-01-01"))}},
		{Kind: audit.FactBackup, Source: audit.Source{File: "v.csv"}, Backup: &audit.Backup{Job: "j", End: at, Result: "warning", Offsite: ptr(true)}},
		{Kind: audit.FactRestoreTest, Source: audit.Source{File: "r"}, RestoreTest: &audit.RestoreTest{Asset: "srv", Date: mustDate(t, "2024-02-12"), Hours: 1.25, Result: "success", Full: true}},
		{Kind: audit.FactTraining, Source: audit.Source{File: "k"}, Training: &audit.Training{Person: "a@x.com", Course: "c", CompletedOn: ptr(mustDate(t, "2024-02-20"))}},
		{Kind: audit.FactPhishSim, Source: audit.Source{File: "k"}, PhishSim: &audit.PhishSim{Campaign: "c", Date: mustDate(t, "2024-03-12"), Recipients: 4, PhishPronePct: ptr(25.0)}},
		{Kind: audit.FactEmailDomain, Source: audit.Source{File: "dns"}, EmailDomain: &audit.EmailDomain{Domain: "x.com", SPFRecords: 2, SPFAll: "~all", DMARCPolicy: "reject", DKIMSelectors: []string{"s1"}}},
		{Kind: audit.FactService, Source: audit.Source{File: "scan"}, Service: &audit.Service{Host: "203.0.113.1", Port: 3389, Proto: "tcp", Name: "rdp", Remote: true}},
		{Kind: audit.FactTLS, Source: audit.Source{File: "scan"}, TLS: &audit.TLS{Host: "x.com", Port: 443, Versions: []string{"TLS1.0"}, NotAfter: &at, HSTS: ptr(false)}},
		{Kind: audit.FactSetting, Source: audit.Source{File: "g"}, Setting: &audit.Setting{System: "entra", Name: "mfa.tenant_enforced", Bool: ptr(false), Text: "security defaults off"}},
		{Kind: audit.FactGap, Source: audit.Source{File: "g"}, Gap: &audit.Gap{Topic: "accounts.sign_in", Reason: "no P1 licence"}},
	}
}

func TestWriteFactsRoundTrip(t *testing.T) {
	facts := sampleFacts(t)
	var buf bytes.Buffer
	if err := WriteFacts(&buf, facts); err != nil {
		t.Fatal(err)
	}
	if !(FactsJSON{}).Detect("out", buf.Bytes()) {
		t.Error("WriteFacts output is not detected as facts.json")
	}
	got, err := FactsJSON{}.Import("out.json", bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if diff := cmp.Diff(facts, got, cmp.Comparer(func(a, b audit.Date) bool { return a == b })); diff != "" {
		t.Errorf("round trip (-wrote +read):\n%s", diff)
	}
	var again bytes.Buffer
	if err := WriteFacts(&again, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Errorf("writing the read facts gave different bytes:\n%s\n---\n%s", buf.String(), again.String())
	}
	if !strings.Contains(buf.String(), "Chrome <beta> & co") || !strings.HasPrefix(buf.String(), "{\n  \"schema_version\": 1,\n  \"facts\": [\n    {\n") {
		t.Errorf("unexpected layout:\n%s", buf.String())
	}
}

func TestWriteFactsEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteFacts(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"schema_version\": 1,\n  \"facts\": []\n}\n"; buf.String() != want {
		t.Errorf("WriteFacts(nil) = %q, want %q", buf.String(), want)
	}
	got, err := FactsJSON{}.Import("f", &buf)
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("read back %v, %v", got, err)
	}
}

func TestWriteFactsRefusesInvalid(t *testing.T) {
	var buf bytes.Buffer
	facts := []audit.Fact{sampleFacts(t)[0], {Kind: audit.FactGap, Gap: &audit.Gap{Topic: "nope", Reason: "x"}}}
	err := WriteFacts(&buf, facts)
	if err == nil || audit.ErrorCode(err) != audit.EInternal || !strings.Contains(err.Error(), `facts[1]: gap.topic "nope"`) {
		t.Errorf("WriteFacts = %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes despite the error", buf.Len())
	}
}

func TestReadFactsFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "extra-facts.json")
	var buf bytes.Buffer
	facts := []audit.Fact{
		{Kind: audit.FactGap, Gap: &audit.Gap{Topic: "scan", Reason: "no public IPs"}},
		{Kind: audit.FactGap, Source: audit.Source{File: "collector.json"}, Gap: &audit.Gap{Topic: "devices", Reason: "x"}},
	}
	if err := WriteFacts(&buf, facts); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFactsFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256Hex(buf.Bytes())
	want := []audit.Source{
		{File: "extra-facts.json", Line: 4, Path: "facts[0]", SHA256: sum},
		{File: "collector.json"},
	}
	for i := range want {
		if diff := cmp.Diff(want[i], got[i].Source); diff != "" {
			t.Errorf("fact %d source (-want +got):\n%s", i, diff)
		}
	}

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(fact(`{"kind": "gap"}`)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = ReadFactsFile(bad)
	checkErr(t, err, bad, 4, `kind is gap but there is no "gap" object`)

	if _, err := ReadFactsFile(filepath.Join(dir, "none.json")); audit.ErrorCode(err) != audit.ENotFound {
		t.Errorf("missing file: %v", err)
	}
}
