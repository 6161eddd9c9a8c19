package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"triage/internal/audit"
)

const (
	hfpAdmin      = "admin.olivia@harboursidefp.onmicrosoft.com"
	hfpBreakGlass = "breakglass@harboursidefp.onmicrosoft.com"
	hfpGuest      = "tom_acmeit.com.au#EXT#@harboursidefp.onmicrosoft.com"
)

func TestGraphJSONDetect(t *testing.T) {
	tests := []struct {
		name string
		head []byte
		want bool
	}{
		{"users", msFixture(t, "graph_json/users.json"), true},
		{"users, first 400 bytes", msFixture(t, "graph_json/users.json")[:400], true},
		{"list of pages", msFixture(t, "graph_json/users-pages.json"), true},
		{"registration", msFixture(t, "graph_json/registration.json"), true},
		{"registration, bare list", msFixture(t, "graph_json/registration-bare.json"), true},
		{"directory roles", msFixture(t, "graph_json/directory-roles.json"), true},
		{"role assignments", msFixture(t, "graph_json/role-assignments.json"), true},
		{"conditional access", msFixture(t, "graph_json/ca-policies.json"), true},
		{"security defaults", msFixture(t, "graph_json/security-defaults.json"), true},
		{"authorization policy", msFixture(t, "graph_json/authorization-policy.json"), true},
		{"UTF-16 users", msUTF16(msFixture(t, "graph_json/users.json"), false), true},
		{"PascalCase bare list", []byte(`[{"Id": "1", "UserPrincipalName": "a@t.com", "AccountEnabled": true}]`), true},
		{"bare sign-in log entries", []byte(`[{"id": "1", "createdDateTime": "2024-05-01T00:00:00Z", "userPrincipalName": "a@t.com", "userType": "member", "appDisplayName": "Office", "ipAddress": "203.0.113.9"}]`), false},
		{"bare managed devices", []byte(`[{"id": "1", "deviceName": "RECEPTION-01", "operatingSystem": "Windows", "userPrincipalName": "a@t.com", "emailAddress": "a@t.com"}]`), false},
		{"bare list of UPNs only", []byte(`[{"id": "1", "userPrincipalName": "a@t.com"}]`), false},
		{"bare role assignment", []byte(`[{"id": "1", "principalId": "p", "roleDefinitionId": "r"}]`), true},
		{"other Graph resource", []byte(`{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#groups", "value": [{"id": "1", "userPrincipalName": "x"}]}`), false},
		{"unknown items", []byte(`{"value": [{"id": "1", "name": "x"}]}`), false},
		{"empty value, no context", []byte(`{"value": []}`), false},
		{"ScubaGear export", msFixture(t, "scubagear/ProviderSettingsExport.json"), false},
		{"ScubaGear verdicts", msFixture(t, "scubagear/TestResults.json"), false},
		{"ScubaGear UTF-16 report", msFixture(t, "scubagear/AADReport.json"), false},
		{"facts.json", []byte(`{"schema_version": 1, "facts": [{"kind": "gap"}]}`), false},
		{"CSV", msFixture(t, "entra_users_csv/users.csv"), false},
		{"a settings object that is not security defaults", []byte(`{"id": "x", "displayName": "Other", "isEnabled": true}`), false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		if got := (GraphJSON{}).Detect("x", tt.head[:min(len(tt.head), HeadSize)]); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// ignoreObjectID leaves the Graph object ids (random GUIDs in the
// fixtures) out of whole-fact comparisons; tests check them separately.
var ignoreObjectID = cmpopts.IgnoreFields(audit.Account{}, "ObjectID")

func TestGraphJSONUsers(t *testing.T) {
	facts := msImport(t, GraphJSON{}, "users.json", msFixture(t, "graph_json/users.json"))
	if got := msKinds(facts); got[audit.FactAccount] != 12 || len(got) != 1 {
		t.Fatalf("fact kinds %v, want 12 accounts and nothing else", got)
	}
	tests := []struct {
		id   string
		want audit.Fact
	}{
		{hfpAdmin, audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 32, Path: "$.value[1]"}, Account: &audit.Account{
			System: "entra", ID: hfpAdmin, UPN: hfpAdmin, DisplayName: "Olivia Brown (admin)", Kind: "member", Enabled: true,
			Created: msT(t, "2021-03-02T09:20:45Z"), LastSignIn: msT(t, "2024-04-12T03:05:19Z"), SignInKnown: true, Licensed: new(false)}}},
		// No successful time: the later of interactive and non-interactive.
		{"raj.patel@harboursidefp.com.au", audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 94, Path: "$.value[4]"}, Account: &audit.Account{
			System: "entra", ID: "raj.patel@harboursidefp.com.au", UPN: "raj.patel@harboursidefp.com.au", Email: "raj.patel@harboursidefp.com.au",
			DisplayName: "Dr Raj Patel", Kind: "member", Enabled: true, Created: msT(t, "2022-07-01T08:45:00Z"),
			LastSignIn: msT(t, "2023-10-20T09:15:00Z"), SignInKnown: true, Licensed: new(true)}}},
		// Sign-in activity with every time null: never signed in.
		{"reception@harboursidefp.com.au", audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 233, Path: "$.value[10]"}, Account: &audit.Account{
			System: "entra", ID: "reception@harboursidefp.com.au", UPN: "reception@harboursidefp.com.au", Email: "reception@harboursidefp.com.au",
			DisplayName: "Reception (shared)", Kind: "member", Enabled: false, Created: msT(t, "2021-03-02T09:40:00Z"),
			SignInKnown: true, Licensed: new(false)}}},
		{hfpGuest, audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 252, Path: "$.value[11]"}, Account: &audit.Account{
			System: "entra", ID: hfpGuest, UPN: hfpGuest, Email: "tom@acmeit.com.au", DisplayName: "Tom Walker (Acme IT)", Kind: "guest", Enabled: true,
			Created: msT(t, "2022-05-09T11:11:11Z"), LastSignIn: msT(t, "2024-01-17T04:20:00Z"), SignInKnown: true, Licensed: new(false)}}},
	}
	for _, tt := range tests {
		got := msAccount(t, facts, tt.id)
		if got.Account.ObjectID == "" {
			t.Errorf("%s: the Graph object id was not kept; role assignments join on it", tt.id)
		}
		if diff := cmp.Diff(tt.want, got, ignoreObjectID); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.id, diff)
		}
	}
}

// Pages saved as a list are read as one list; without signInActivity the
// sign-in is unknown and the file says why, once.
func TestGraphJSONUserPagesWithoutSignIns(t *testing.T) {
	facts := msImport(t, GraphJSON{}, "users-pages.json", msFixture(t, "graph_json/users-pages.json"))
	if got := msKinds(facts); got[audit.FactAccount] != 12 || got[audit.FactGap] != 1 {
		t.Fatalf("fact kinds %v, want 12 accounts and 1 gap", got)
	}
	for _, f := range facts {
		if f.Account != nil && (f.Account.SignInKnown || f.Account.LastSignIn != nil) {
			t.Errorf("%s has a sign-in the export does not hold", f.Account.ID)
		}
	}
	if got := msAccount(t, facts, "mia.nguyen@harboursidefp.com.au").Source.Path; got != "$[1].value[1]" {
		t.Errorf("path %q, want $[1].value[1]", got)
	}
	want := audit.Fact{Kind: audit.FactGap, Source: audit.Source{Line: 1, Path: "$"}, Gap: &audit.Gap{Topic: "accounts.sign_in", Reason: graphNoSignIn}}
	if diff := cmp.Diff(want, facts[len(facts)-1]); diff != "" {
		t.Errorf("gap (-want +got):\n%s", diff)
	}
}

// Only the first page saved: the account list is incomplete.
func TestGraphJSONFirstPageOnly(t *testing.T) {
	in := `{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": [
  {"userPrincipalName": "a@t.com", "accountEnabled": true}],
  "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=x"}`
	facts := msImport(t, GraphJSON{}, "u.json", []byte(in))
	var topics []string
	for _, f := range facts {
		if f.Gap != nil {
			topics = append(topics, f.Gap.Topic+"@"+f.Source.Path)
		}
	}
	if got := strings.Join(topics, " "); got != "accounts@$.value accounts.sign_in@$" {
		t.Errorf("gaps %q", got)
	}
}

func TestGraphJSONRegistration(t *testing.T) {
	facts := msImport(t, GraphJSON{}, "registration.json", msFixture(t, "graph_json/registration.json"))
	if got := msKinds(facts); got[audit.FactAccount] != 12 || len(got) != 1 {
		t.Fatalf("fact kinds %v, want 12 accounts", got)
	}
	want := audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 25, Path: "$.value[1]"}, Account: &audit.Account{
		System: "entra", ID: hfpAdmin, UPN: hfpAdmin, DisplayName: "Olivia Brown (admin)", Kind: "member", Partial: true,
		MFARegistered: new(true), MFACapable: new(true), MFAMethods: []string{"fido2", "microsoftAuthenticatorPush"},
		AdminRoles: []string{unnamedAdminRole}}}
	if diff := cmp.Diff(want, msAccount(t, facts, hfpAdmin), ignoreObjectID); diff != "" {
		t.Errorf("admin (-want +got):\n%s", diff)
	}
	mia := msAccount(t, facts, "mia.nguyen@harboursidefp.com.au").Account
	if *mia.MFARegistered || *mia.MFACapable || mia.MFAMethods != nil || mia.AdminRoles != nil {
		t.Errorf("mia: %+v", mia)
	}
	if k := msAccount(t, facts, hfpGuest).Account.Kind; k != "guest" {
		t.Errorf("lower-case guest userType read as %s", k)
	}
	// The same rows saved as a bare list, found by their shape.
	bare := msImport(t, GraphJSON{}, "bare.json", msFixture(t, "graph_json/registration-bare.json"))
	if len(bare) != 4 || bare[1].Source.Path != "$[1]" || !cmp.Equal(bare[1].Account, want.Account, ignoreObjectID) {
		t.Errorf("bare list: %d facts, second %+v", len(bare), bare[min(1, len(bare)-1)])
	}
}

func TestGraphJSONRoles(t *testing.T) {
	roles := func(facts []audit.Fact) map[string]string {
		out := map[string]string{}
		for _, f := range facts {
			if f.Account != nil {
				out[f.Account.ID] = f.Account.Kind + ": " + strings.Join(f.Account.AdminRoles, ", ")
			}
		}
		return out
	}
	dr := msImport(t, GraphJSON{}, "roles.json", msFixture(t, "graph_json/directory-roles.json"))
	want := map[string]string{
		hfpAdmin:      "member: Global Administrator, Exchange Administrator",
		hfpBreakGlass: "member: Global Administrator",
		hfpGuest:      "guest: Helpdesk Administrator",
	}
	if diff := cmp.Diff(want, roles(dr)); diff != "" {
		t.Errorf("directoryRoles (-want +got):\n%s", diff)
	}
	if p := msAccount(t, dr, hfpBreakGlass).Source.Path; p != "$.value[0].members[1]" {
		t.Errorf("path %q", p)
	}
	// Assignments without $expand=principal: the object id is the key.
	ra := msImport(t, GraphJSON{}, "assignments.json", msFixture(t, "graph_json/role-assignments.json"))
	want = map[string]string{
		"b2892cca-7ec2-5128-b779-418dfd85b71f": "member: Global Administrator, Exchange Administrator",
		"d9f9d741-a636-510d-9844-74c5f1036100": "member: Global Administrator",
		"76d8aac6-b031-56d4-920d-5bd0b73577c8": "member: Helpdesk Administrator, a0b1c2d3-0000-4000-8000-00000000c0de",
		"6514b433-5743-5b2e-af4a-c171fb288904": "member: Security Reader",
	}
	if diff := cmp.Diff(want, roles(ra)); diff != "" {
		t.Errorf("roleAssignments (-want +got):\n%s", diff)
	}
}

func TestGraphJSONRoleEdgeCases(t *testing.T) {
	tests := []struct {
		name, in string
		roles    map[string]string
		gaps     []string
	}{
		{"expanded principal and role definition",
			`{"value": [{"principalId": "p1", "roleDefinitionId": "custom-1", "directoryScopeId": "/",
			  "principal": {"@odata.type": "#microsoft.graph.user", "id": "p1", "userPrincipalName": "a@t.com", "accountEnabled": false},
			  "roleDefinition": {"displayName": "Billing Reader Plus"}}]}`,
			map[string]string{"a@t.com": "false Billing Reader Plus"}, nil},
		{"service principal",
			`{"value": [{"principalId": "sp1", "roleDefinitionId": "29232cdf-9323-42fd-ade2-1d097af3e4de",
			  "principal": {"@odata.type": "#microsoft.graph.servicePrincipal", "id": "sp1", "displayName": "Backup app"}}]}`,
			map[string]string{"sp1": "true Exchange Administrator"}, nil},
		{"role held through a group",
			`{"value": [{"displayName": "Global Administrator", "roleTemplateId": "62e90394-69f5-4237-9190-012177145e10",
			  "members": [{"@odata.type": "#microsoft.graph.group", "id": "g1", "displayName": "Admins"}]}]}`,
			map[string]string{}, []string{"accounts.roles"}},
		{"roles without members",
			`{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryRoles", "value": [{"id": "r", "displayName": "Global Administrator", "roleTemplateId": "62e90394-69f5-4237-9190-012177145e10"}]}`,
			map[string]string{}, []string{"accounts.roles"}},
	}
	for _, tt := range tests {
		facts := msImport(t, GraphJSON{}, "r.json", []byte(tt.in))
		got := map[string]string{}
		var gaps []string
		for _, f := range facts {
			switch {
			case f.Account != nil:
				e := "false"
				if f.Account.Enabled {
					e = "true"
				}
				got[f.Account.ID] = e + " " + strings.Join(f.Account.AdminRoles, ", ")
			case f.Gap != nil:
				gaps = append(gaps, f.Gap.Topic)
			}
		}
		if diff := cmp.Diff(tt.roles, got); diff != "" {
			t.Errorf("%s: roles (-want +got):\n%s", tt.name, diff)
		}
		if strings.Join(gaps, ",") != strings.Join(tt.gaps, ",") {
			t.Errorf("%s: gaps %v, want %v", tt.name, gaps, tt.gaps)
		}
	}
}

// msSettings lists setting facts as "name=value @path: text".
func msSettings(facts []audit.Fact) []string {
	var out []string
	for _, f := range facts {
		if s := f.Setting; s != nil {
			v := "false"
			if *s.Bool {
				v = "true"
			}
			out = append(out, s.Name+"="+v+" @"+f.Source.Path+": "+s.Text)
		}
	}
	return out
}

func TestGraphJSONPolicies(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"ca-policies.json", []string{
			`mfa.tenant_enforced=true @$.value[0]: Conditional Access policy "CA001: Require MFA for all users" requires MFA for all users and all apps; it excludes 1 account(s), as for emergency access`,
			`legacy_auth.blocked=true @$.value[1]: Conditional Access policy "CA002: Block legacy authentication" blocks legacy authentication (Exchange ActiveSync and other old clients) for all users`,
		}},
		{"ca-policies-no-mfa.json", []string{
			`mfa.tenant_enforced=false @$.value: none of the 4 Conditional Access policies requires MFA for all users and all apps; closest: "MFA for admins" does not include all users; "MFA outside the clinic" applies only in some locations; "MFA or compliant device" lets users pass with another control instead of MFA`,
			`legacy_auth.blocked=false @$.value: none of the 4 Conditional Access policies blocks legacy authentication (Exchange ActiveSync and other old clients) for all users; closest: "Block legacy auth (report-only)" is report-only`,
		}},
		{"security-defaults.json", []string{
			"mfa.tenant_enforced=true @$: " + securityDefaultsText,
			"legacy_auth.blocked=true @$: " + securityDefaultsText,
		}},
		{"authorization-policy.json", []string{
			"user_consent.restricted=false @$: users can consent to apps on their own (ManagePermissionGrantsForSelf.microsoft-user-default-legacy)",
		}},
	}
	for _, tt := range tests {
		facts := msImport(t, GraphJSON{}, tt.file, msFixture(t, "graph_json/"+tt.file))
		if diff := cmp.Diff(tt.want, msSettings(facts)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.file, diff)
		}
	}
}

// caTestPolicy builds a Conditional Access policy for the rule table below.
func caTestPolicy(state, users, apps, clients, grant, extra string) string {
	return `{"displayName": "p", "state": "` + state + `", "conditions": {"users": ` + users +
		`, "applications": {"includeApplications": ` + apps + `}, "clientAppTypes": ` + clients + extra +
		`}, "grantControls": ` + grant + `}`
}

func TestCAPolicyRules(t *testing.T) {
	all := `{"includeUsers": ["All"]}`
	mfa := `{"operator": "OR", "builtInControls": ["mfa"]}`
	block := `{"operator": "OR", "builtInControls": ["block"]}`
	tests := []struct {
		name       string
		p          string
		mfa, block bool
	}{
		{"MFA for everyone", caTestPolicy("enabled", all, `["All"]`, `["all"]`, mfa, ""), true, false},
		{"PascalCase state", caTestPolicy("Enabled", all, `["all"]`, `[]`, mfa, ""), true, false},
		{"two break-glass accounts", caTestPolicy("enabled", `{"includeUsers": ["All"], "excludeUsers": ["a", "b"]}`, `["All"]`, `["all"]`, mfa, ""), true, false},
		{"three excluded accounts", caTestPolicy("enabled", `{"includeUsers": ["All"], "excludeUsers": ["a", "b", "c"]}`, `["All"]`, `["all"]`, mfa, ""), false, false},
		{"excluded group", caTestPolicy("enabled", `{"includeUsers": ["All"], "excludeGroups": ["g"]}`, `["All"]`, `["all"]`, mfa, ""), false, false},
		{"excluded guests", caTestPolicy("enabled", `{"includeUsers": ["All"], "excludeGuestsOrExternalUsers": {"guestOrExternalUserTypes": "b2bCollaborationGuest"}}`, `["All"]`, `["all"]`, mfa, ""), false, false},
		{"one app", caTestPolicy("enabled", all, `["00000002-0000-0ff1-ce00-000000000000"]`, `["all"]`, mfa, ""), false, false},
		{"modern clients only", caTestPolicy("enabled", all, `["All"]`, `["browser", "mobileAppsAndDesktopClients"]`, mfa, ""), true, false},
		{"browser only", caTestPolicy("enabled", all, `["All"]`, `["browser"]`, mfa, ""), false, false},
		{"authentication strength", caTestPolicy("enabled", all, `["All"]`, `["all"]`, `{"operator": "OR", "builtInControls": [], "authenticationStrength": {"displayName": "Phishing-resistant MFA", "allowedCombinations": ["fido2"]}}`, ""), true, false},
		{"MFA and compliant device", caTestPolicy("enabled", all, `["All"]`, `["all"]`, `{"operator": "AND", "builtInControls": ["mfa", "compliantDevice"]}`, ""), true, false},
		{"MFA or compliant device", caTestPolicy("enabled", all, `["All"]`, `["all"]`, `{"operator": "OR", "builtInControls": ["mfa", "compliantDevice"]}`, ""), false, false},
		{"report-only", caTestPolicy("enabledForReportingButNotEnforced", all, `["All"]`, `["all"]`, mfa, ""), false, false},
		{"risky sign-ins only", caTestPolicy("enabled", all, `["All"]`, `["all"]`, mfa, `, "signInRiskLevels": ["high"]`), false, false},
		{"all locations is no limit", caTestPolicy("enabled", all, `["All"]`, `["all"]`, mfa, `, "locations": {"includeLocations": ["All"], "excludeLocations": []}`), true, false},
		{"device filter", caTestPolicy("enabled", all, `["All"]`, `["all"]`, mfa, `, "devices": {"deviceFilter": {"mode": "exclude", "rule": "device.isCompliant -eq True"}}`), false, false},
		{"block legacy", caTestPolicy("enabled", all, `["All"]`, `["exchangeActiveSync", "other"]`, block, ""), false, true},
		{"block legacy, PascalCase values", caTestPolicy("enabled", all, `["All"]`, `["ExchangeActiveSync", "Other"]`, block, ""), false, true},
		{"block ActiveSync only", caTestPolicy("enabled", all, `["All"]`, `["exchangeActiveSync"]`, block, ""), false, false},
		{"block high risk", caTestPolicy("enabled", all, `["All"]`, `["all"]`, block, `, "userRiskLevels": ["high"]`), false, false},
		{"block legacy for a group", caTestPolicy("enabled", `{"includeGroups": ["g"]}`, `["All"]`, `["exchangeActiveSync", "other"]`, block, ""), false, false},
		{"no grant", caTestPolicy("enabled", all, `["All"]`, `["all"]`, "null", ""), false, false},
	}
	for _, tt := range tests {
		in := `{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies", "value": [` + tt.p + `]}`
		facts := msImport(t, GraphJSON{}, "ca.json", []byte(in))
		got := map[string]bool{}
		for _, f := range facts {
			got[f.Setting.Name] = *f.Setting.Bool
		}
		if got["mfa.tenant_enforced"] != tt.mfa || got["legacy_auth.blocked"] != tt.block || len(got) != 2 {
			t.Errorf("%s: settings %v, want MFA %v, legacy blocked %v", tt.name, got, tt.mfa, tt.block)
		}
	}
}

func TestConsentRestricted(t *testing.T) {
	tests := []struct {
		policies []string
		want     bool
	}{
		{nil, true},
		{[]string{"ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-team"}, true},
		{[]string{"ManagePermissionGrantsForSelf.microsoft-user-default-low"}, true},
		{[]string{"ManagePermissionGrantsForSelf.microsoft-user-default-legacy"}, false},
		{[]string{"managepermissiongrantsforself.custom-policy"}, false},
	}
	for _, tt := range tests {
		if got, _ := consentRestricted(tt.policies); got != tt.want {
			t.Errorf("consentRestricted(%v) = %v, want %v", tt.policies, got, tt.want)
		}
	}
}

func TestMSTime(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2024-05-01T09:30:00Z", "2024-05-01T09:30:00Z", true},
		{"2023-03-01T02:00:00.0000000Z", "2023-03-01T02:00:00Z", true},
		{"2024-05-01T19:30:00+10:00", "2024-05-01T09:30:00Z", true},
		{"2024-05-01T09:30:00", "2024-05-01T09:30:00Z", true},
		{"/Date(1647536088205)/", "2022-03-17T16:54:48.205Z", true},
		{"/Date(1647536088205+1000)/", "2022-03-17T16:54:48.205Z", true},
		{"/Date(-1000)/", "1969-12-31T23:59:59Z", true},
		{"/Date()/", "", false},
		{"/Date(99999999999999999999)/", "", false},
		{"8/19/2021 1:25:31 PM", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := msTime(tt.in)
		if ok != tt.ok || ok && got.Format("2006-01-02T15:04:05.999Z07:00") != tt.want {
			t.Errorf("msTime(%q) = %v, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestGraphJSONErrors(t *testing.T) {
	users := string(msFixture(t, "graph_json/users.json"))
	ctx := `"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", `
	tests := []struct {
		name  string
		in    string
		line  int
		frags []string
	}{
		{"truncated", users[:len(users)/2], strings.Count(users[:len(users)/2], "\n") + 1, []string{"ends before the JSON is complete"}},
		{"syntax error", "{\n" + ctx + "\n\"value\": [}\n", 3, []string{"not valid JSON"}},
		{"trailing data", `{"value": []} {}`, 1, []string{"after the end"}},
		{"no accountEnabled", "{" + ctx + "\"value\": [\n{\"userPrincipalName\": \"a@t.com\", \"accountEnabled\": true},\n{\"userPrincipalName\": \"b@t.com\"}]}",
			3, []string{"$.value[1]", "accountEnabled is missing", "$select="}},
		{"bad createdDateTime", "{" + ctx + "\"value\": [\n{\"userPrincipalName\": \"a@t.com\", \"accountEnabled\": true, \"createdDateTime\": \"19/08/2021\"}]}",
			2, []string{"$.value[0]", "createdDateTime", `"19/08/2021"`}},
		{"bad sign-in date", "{" + ctx + "\"value\": [\n{\"userPrincipalName\": \"a@t.com\", \"accountEnabled\": true,\n \"signInActivity\": {\"lastSignInDateTime\": \"soon\"}}]}",
			2, []string{"signInActivity.lastSignInDateTime", `"soon"`}},
		{"wrong type", "{" + ctx + "\"value\": [\n{\"userPrincipalName\": \"a@t.com\",\n \"accountEnabled\": \"yes\"}]}",
			3, []string{"$.value[0].accountEnabled must be true or false"}},
		{"unread resource in a list of pages", `[{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": [{"userPrincipalName": "a@t.com", "accountEnabled": true}]},
 {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#devices", "value": [{"id": "d"}]}]`, 2, []string{"#devices", "does not read"}},
		{"pages mixed with items", `[{"value": [{"userPrincipalName": "a@t.com", "accountEnabled": true}]},
 {"userPrincipalName": "b@t.com"}]`, 2, []string{"$[1]", "not one"}},
		{"registration row naming nobody", `{"value": [{"isMfaRegistered": true}]}`, 1, []string{"userPrincipalName and id are both missing"}},
		{"security defaults without isEnabled", `{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity", "id": "x"}`, 1, []string{"isEnabled is missing"}},
		{"a number", `42`, 1, []string{"expected a Microsoft Graph response"}},
		{"empty", "", 0, []string{"empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := msFailImport(t, GraphJSON{}, "graph.json", []byte(tt.in))
			checkErr(t, err, "graph.json", tt.line, tt.frags...)
		})
	}
}

// Every fixture of the four Microsoft importers is taken by the right one
// and by no other, and ScubaGear's report files by none.
func TestMicrosoftDetectionIsExclusive(t *testing.T) {
	imps := []Importer{EntraUsersCSV{}, M365UsersCSV{}, GraphJSON{}, ScubaGearJSON{}}
	want := map[string]string{
		"scubagear/ProviderSettingsExport.json": "scubagear_json",
		"scubagear/TestResults.json":            "",
		"scubagear/ScubaResults.csv":            "",
		"scubagear/AADReport.json":              "",
	}
	for _, dir := range []string{"entra_users_csv", "m365_users_csv", "graph_json"} {
		entries, err := os.ReadDir(filepath.Join("testdata", dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".md") {
				continue
			}
			want[dir+"/"+e.Name()] = dir
		}
	}
	for file, kind := range want {
		data := msFixture(t, file)
		head := data[:min(len(data), HeadSize)]
		var got []string
		for _, imp := range imps {
			if imp.Detect(file, head) {
				got = append(got, imp.Name())
			}
		}
		if strings.Join(got, ",") != kind {
			t.Errorf("%s detected by %v, want %q", file, got, kind)
		}
	}
}

// Through a registry and ImportDir, facts get the file name and hash.
func TestMicrosoftImportDir(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"entra_users_csv/users.csv", "graph_json/registration.json", "graph_json/ca-policies.json"} {
		if err := os.WriteFile(filepath.Join(dir, strings.ReplaceAll(f, "/", "-")), msFixture(t, f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := NewRegistry(EntraUsersCSV{}, M365UsersCSV{}, GraphJSON{}, ScubaGearJSON{}).ImportDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, f := range res.Files {
		kinds = append(kinds, f.Kind)
	}
	if got := strings.Join(kinds, " "); got != "entra_users_csv graph_json graph_json" {
		t.Errorf("kinds %q", got)
	}
	for _, f := range res.Facts {
		if f.Source.File == "" || len(f.Source.SHA256) != 64 {
			t.Errorf("fact without file or hash: %+v", f.Source)
		}
	}
}

func FuzzGraphJSON(f *testing.F) {
	entries, err := os.ReadDir("testdata/graph_json")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			f.Add(msFixture(f, "graph_json/"+e.Name()))
		}
	}
	f.Add([]byte(`[{"Id": "1", "UserPrincipalName": "a@t.com", "AccountEnabled": true, "CreatedDateTime": "/Date(1647536088205)/", "SignInActivity": null}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		imp := GraphJSON{}
		imp.Detect("g.json", data)
		facts, err := imp.Import("g.json", strings.NewReader(string(data)))
		msCheckFuzzError(t, "g.json", facts, err)
	})
}
