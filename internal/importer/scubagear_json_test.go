package importer

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

const scubaExport = "scubagear/ProviderSettingsExport.json"

func TestScubaGearDetect(t *testing.T) {
	real := msFixture(t, scubaExport)
	tests := []struct {
		name string
		head []byte
		want bool
	}{
		{"real export", real, true},
		{"with a UTF-8 BOM", append([]byte{0xEF, 0xBB, 0xBF}, real...), true},
		{"UTF-16LE", msUTF16(real, false), true},
		{"keys of an older export", []byte(`{"conditional_access_policies": [], "cap_table_data": [], "privileged_users": {}}`), true},
		{"ScubaGear verdicts", msFixture(t, "scubagear/TestResults.json"), false},
		{"ScubaGear UTF-16 report", msFixture(t, "scubagear/AADReport.json"), false},
		{"one ScubaGear key", []byte(`{"baseline_version": "1", "other": 2}`), false},
		{"Graph users", msFixture(t, "graph_json/users.json"), false},
		{"facts.json", []byte(`{"schema_version": 1, "facts": []}`), false},
		{"a list", []byte(`[{"baseline_version": "1", "module_version": "1.8.0"}]`), false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		if got := (ScubaGearJSON{}).Detect("x", tt.head[:min(len(tt.head), HeadSize)]); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestScubaGearImport(t *testing.T) {
	facts := msImport(t, ScubaGearJSON{}, "ProviderSettingsExport.json", msFixture(t, scubaExport))
	account := func(line int, id, name, kind string, roles ...string) audit.Fact {
		path := "$.privileged_users['" + id + "']"
		if kind == audit.AccountService {
			path = "$.privileged_service_principals['" + id + "']"
		}
		return audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: line, Path: path}, Account: &audit.Account{
			System: "entra", ID: id, ObjectID: id, DisplayName: name, Kind: kind, Enabled: true, AdminRoles: roles}}
	}
	setting := func(line int, path, name string, v bool, text string) audit.Fact {
		return audit.Fact{Kind: audit.FactSetting, Source: audit.Source{Line: line, Path: path}, Setting: &audit.Setting{System: "entra", Name: name, Bool: new(v), Text: text}}
	}
	want := []audit.Fact{
		account(1448, "66b4d5c2-71c9-4644-8728-74e3a8324d81", "John Public", "member", "Hybrid Identity Administrator", "Privileged Role Administrator",
			"Application Administrator", "Exchange Administrator", "User Administrator", "Cloud Application Administrator", "Global Administrator", "SharePoint Administrator"),
		account(1462, "b49c71b8-d1a0-4e36-8f6d-9e66fbb98f0d", "Jane Doe", "member", "Exchange Administrator", "Global Administrator", "SharePoint Administrator"),
		// John Doe's SharePoint Administrator role is listed twice in the export.
		account(1471, "1bdebb27-053d-48f2-9413-d836ebedf0e8", "John Doe", "member", "Exchange Administrator", "SharePoint Administrator"),
		account(1482, "b3a51547-3f8c-475b-83f7-315ecc411111", "JohnSP", "service", "Exchange Administrator"),
		account(1490, "754baa5d-03d8-401a-a3d4-c2178ca11111", "Test Application", "service", "Exchange Administrator"),
		account(1498, "0c2e1bab-4475-43b3-b5ed-42d7c2411111", "Test 3rd Party App", "service", "Exchange Administrator"),
		setting(997, "$.conditional_access_policies[4]", "mfa.tenant_enforced", true,
			`Conditional Access policy "MS.AAD.3.2v1 If phishing-resistant MFA has not been enforced, an alternative MFA method SHALL be enforced for all users" requires MFA for all users and all apps; methods allowed: Fido2, MicrosoftAuthenticator, TemporaryAccessPass, X509Certificate`),
		setting(756, "$.conditional_access_policies[1]", "legacy_auth.blocked", true,
			`Conditional Access policy "MS.AAD.1.1v1 Legacy authentication SHALL be blocked" blocks legacy authentication (Exchange ActiveSync and other old clients) for all users`),
		setting(1419, "$.authorization_policies[0]", "user_consent.restricted", true,
			"users can consent only to apps from verified publishers asking for low-risk permissions"),
		// The tenant's DMARC lookup returned two records.
		{Kind: audit.FactEmailDomain, Source: audit.Source{Line: 20666, Path: "$.dmarc_records"}, EmailDomain: &audit.EmailDomain{
			Domain: "tqhjy.onmicrosoft.com", SPFRecords: 1, SPFAll: "-all", DMARCRecords: 2, DMARCPolicy: "reject", DMARCPct: 100, DMARCRua: true,
			DKIMChecked: true, DKIMSelectors: []string{"selector1-tqhjy-onmicrosoft-com"}}},
	}
	if diff := cmp.Diff(want, facts); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
}

// The same export saved as UTF-8 with a BOM or as UTF-16LE (Windows
// PowerShell's Out-File) gives the same facts, lines included.
func TestScubaGearEncodings(t *testing.T) {
	real := msFixture(t, scubaExport)
	want := msImport(t, ScubaGearJSON{}, "p.json", real)
	for name, data := range map[string][]byte{
		"UTF-8 BOM": append([]byte{0xEF, 0xBB, 0xBF}, real...),
		"UTF-16LE":  msUTF16(real, false),
		"UTF-16BE":  msUTF16(real, true),
	} {
		if diff := cmp.Diff(want, msImport(t, ScubaGearJSON{}, "p.json", data)); diff != "" {
			t.Errorf("%s (-plain +%s):\n%s", name, name, diff)
		}
	}
}

// scubaMini is a small export in ScubaGear's shape for the cases below.
func scubaMini(extra string) []byte {
	return []byte(`{"baseline_version": "1", "module_version": "1.8.0"` + extra + `}`)
}

func TestScubaGearSections(t *testing.T) {
	mfaAll := `{"DisplayName": "MFA", "State": "enabled", "Conditions": {"Users": {"IncludeUsers": ["All"]}, "Applications": {"IncludeApplications": ["All"]}, "ClientAppTypes": ["all"]}, "GrantControls": {"Operator": "OR", "BuiltInControls": ["mfa"]}}`
	mfaAdmins := `{"DisplayName": "Admins", "State": "enabled", "Conditions": {"Users": {"IncludeRoles": ["62e90394-69f5-4237-9190-012177145e10"]}, "Applications": {"IncludeApplications": ["All"]}, "ClientAppTypes": ["all"]}, "GrantControls": {"Operator": "OR", "BuiltInControls": ["mfa"]}}`
	tests := []struct {
		name  string
		extra string
		want  []string // kind and what it says, in order
	}{
		{"nothing Triage reads", ``, nil},
		{"one policy written as a bare object", `, "conditional_access_policies": ` + mfaAll,
			[]string{"setting mfa.tenant_enforced=true", "setting legacy_auth.blocked=false"}},
		{"policies, none for everyone", `, "conditional_access_policies": [` + mfaAdmins + `]`,
			[]string{"setting mfa.tenant_enforced=false", "setting legacy_auth.blocked=false"}},
		{"policy read failed", `, "conditional_access_policies": [], "aad_unsuccessful_commands": ["Get-MgBetaIdentityConditionalAccessPolicy"]`, nil},
		{"policy read failed, one policy still proves MFA", `, "conditional_access_policies": [` + mfaAll + `], "aad_unsuccessful_commands": ["Get-MgBetaIdentityConditionalAccessPolicy"]`,
			[]string{"setting mfa.tenant_enforced=true"}},
		{"no privileged users, written as a list", `, "privileged_users": [], "privileged_service_principals": []`, nil},
		{"privileged user read failed", `, "privileged_users": [], "aad_unsuccessful_commands": ["Get-PrivilegedUser"]`,
			[]string{"gap accounts.roles"}},
		{"security defaults on", `, "security_defaults": {"IsEnabled": true}`,
			[]string{"setting mfa.tenant_enforced=true", "setting legacy_auth.blocked=true"}},
		{"security defaults off", `, "identity_security_defaults_enforcement_policy": [{"IsEnabled": false}]`, nil},
		{"legacy consent", `, "authorization_policies": {"PermissionGrantPolicyIdsAssignedToDefaultUserRole": ["ManagePermissionGrantsForSelf.microsoft-user-default-legacy"]}`,
			[]string{"setting user_consent.restricted=false"}},
		{"DMARC without an SPF lookup is skipped", `, "dmarc_records": {"domain": "a.com", "rdata": ["v=DMARC1; p=none"]}`, nil},
		{"a domain with no records", `, "spf_records": [{"domain": "a.com", "rdata": []}], "dmarc_records": [{"domain": "A.com.", "rdata": null}]`,
			[]string{"email_domain a.com spf=0 dmarc=0 dkim=false"}},
		{"answers as a bare string", `, "spf_records": {"domain": "a.com", "rdata": "v=spf1 ~all"}, "dmarc_records": {"domain": "a.com", "rdata": "v=DMARC1; p=quarantine; pct=50"},
		  "dkim_records": {"domain": "a.com", "rdata": [], "log": [{"query_name": "selector1._domainkey.a.com", "query_answers": "v=DKIM1; k=rsa; p="}]}`,
			[]string{"email_domain a.com spf=1 ~all dmarc=1 quarantine 50% dkim=true []"}},
	}
	for _, tt := range tests {
		facts := msImport(t, ScubaGearJSON{}, "p.json", scubaMini(tt.extra))
		var got []string
		for _, f := range facts {
			switch {
			case f.Setting != nil:
				got = append(got, "setting "+f.Setting.Name+"="+map[bool]string{true: "true", false: "false"}[*f.Setting.Bool])
			case f.Gap != nil:
				got = append(got, "gap "+f.Gap.Topic)
			case f.EmailDomain != nil:
				e := f.EmailDomain
				s := "email_domain " + e.Domain + " spf=" + itoa(e.SPFRecords)
				if e.SPFAll != "" {
					s += " " + e.SPFAll
				}
				s += " dmarc=" + itoa(e.DMARCRecords)
				if e.DMARCPolicy != "" {
					s += " " + e.DMARCPolicy + " " + itoa(e.DMARCPct) + "%"
				}
				s += " dkim=" + map[bool]string{true: "true", false: "false"}[e.DKIMChecked]
				if e.DKIMChecked {
					s += " [" + strings.Join(e.DKIMSelectors, ",") + "]"
				}
				got = append(got, s)
			default:
				got = append(got, string(f.Kind))
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestScubaGearDNSParsing(t *testing.T) {
	tests := []struct {
		name       string
		spf, dmarc []string
		want       audit.EmailDomain
	}{
		{"typical", []string{"google-site-verification=x", "v=spf1 include:spf.protection.outlook.com -all"}, []string{"v=DMARC1; p=reject; rua=mailto:d@x.com"},
			audit.EmailDomain{SPFRecords: 1, SPFAll: "-all", DMARCRecords: 1, DMARCPolicy: "reject", DMARCPct: 100, DMARCRua: true}},
		{"two SPF records, bare all", []string{"v=spf1 all", "V=SPF1 -all"}, []string{"v=DMARC1;p=none;sp=reject;pct=25"},
			audit.EmailDomain{SPFRecords: 2, SPFAll: "+all", DMARCRecords: 1, DMARCPolicy: "none", DMARCSubPolicy: "reject", DMARCPct: 25}},
		{"not records", []string{"v=spf10 -all", "spf1"}, []string{"v=DMARC1x; p=reject", "DMARC1"}, audit.EmailDomain{}},
		{"two DMARC records", nil, []string{"v=DMARC1; p=reject", "v=DMARC1; p=none"},
			audit.EmailDomain{DMARCRecords: 2, DMARCPolicy: "reject", DMARCPct: 100}},
		{"bad policy and pct", nil, []string{"v=DMARC1; p=maybe; pct=150"}, audit.EmailDomain{DMARCRecords: 1, DMARCPct: 100}},
	}
	for _, tt := range tests {
		var got audit.EmailDomain
		spfInto(&got, tt.spf)
		dmarcInto(&got, tt.dmarc)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestScubaGearErrors(t *testing.T) {
	real := string(msFixture(t, scubaExport))
	cut := real[:len(real)/3]
	tests := []struct {
		name  string
		in    string
		line  int
		frags []string
	}{
		{"truncated", cut, strings.Count(cut, "\n") + 1, []string{"ends before the JSON is complete"}},
		{"policies not a list", string(scubaMini(`, "conditional_access_policies": "none"`)), 1, []string{"conditional_access_policies must be a list"}},
		{"policy field of the wrong type", string(scubaMini(",\n\"conditional_access_policies\": [\n{\"DisplayName\": \"x\",\n \"State\": 5}]")), 4,
			[]string{"$.conditional_access_policies[0].state must be text"}},
		{"roles not a list", string(scubaMini(`, "privileged_users": {"id1": {"DisplayName": "A", "roles": "Global Administrator"}}`)), 1,
			[]string{"$.privileged_users.id1.roles must be a list"}},
		{"DNS lookup without a domain", string(scubaMini(`, "spf_records": [{"rdata": []}]`)), 1, []string{"names no domain"}},
		{"not an object", `["baseline_version"]`, 1, []string{"expected ScubaGear's ProviderSettingsExport.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := msFailImport(t, ScubaGearJSON{}, "ProviderSettingsExport.json", []byte(tt.in))
			checkErr(t, err, "ProviderSettingsExport.json", tt.line, tt.frags...)
		})
	}
}

// scubaCompact keeps only the sections the importer reads, so the fuzzer
// starts from real content without mutating 1.7 MB on every run.
func scubaCompact(t testing.TB) []byte {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(msFixture(t, scubaExport), &all); err != nil {
		t.Fatal(err)
	}
	keep := map[string]json.RawMessage{}
	for _, k := range []string{"baseline_version", "module_version", "conditional_access_policies", "privileged_users",
		"privileged_service_principals", "authorization_policies", "spf_records", "dkim_records", "dmarc_records", "aad_unsuccessful_commands"} {
		keep[k] = all[k]
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(keep); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzScubaGear(f *testing.F) {
	f.Add(scubaCompact(f))
	f.Add(scubaMini(`, "conditional_access_policies": [{"State": "enabled", "CreatedDateTime": "/Date(1647536088205)/"}], "dmarc_records": {"domain": "a.com", "rdata": "v=DMARC1"}, "spf_records": {"domain": "a.com"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		imp := ScubaGearJSON{}
		imp.Detect("p.json", data)
		facts, err := imp.Import("p.json", bytes.NewReader(data))
		msCheckFuzzError(t, "p.json", facts, err)
	})
}
