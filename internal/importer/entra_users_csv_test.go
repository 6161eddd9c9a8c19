package importer

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

const entraHeader = "userPrincipalName,displayName,surname,mail,givenName,id,userType,jobTitle,department,accountEnabled,usageLocation,streetAddress,state,country,officeLocation,city,postalCode,telephoneNumber,mobilePhone,alternateEmailAddress,ageGroup,consentProvidedForMinor,legalAgeGroupClassification,companyName,creationType,directorySynced,invitationState,identityIssuer,createdDateTime"

// entraRow builds a row of the current download from the cells Triage
// reads, leaving the rest empty.
func entraRow(upn, name, userType, enabled, created string) string {
	cells := make([]string, 29)
	cells[0], cells[1], cells[6], cells[9], cells[28] = upn, name, userType, enabled, created
	return strings.Join(cells, ",")
}

func TestEntraUsersCSVDetect(t *testing.T) {
	tests := []struct {
		name string
		head []byte
		want bool
	}{
		{"current columns", msFixture(t, "entra_users_csv/users.csv"), true},
		{"older columns with BOM", msFixture(t, "entra_users_csv/users-old.csv"), true},
		{"UTF-16", msUTF16(msFixture(t, "entra_users_csv/users.csv"), false), true},
		{"header only", []byte(entraHeader + "\r\n"), true},
		{"M365 admin export", msFixture(t, "m365_users_csv/users.csv"), false},
		{"ScubaGear results CSV", msFixture(t, "scubagear/ScubaResults.csv"), false},
		{"Google Workspace users", []byte("First Name [Required],Last Name [Required],Email Address [Required],Password [Required],Status [READ ONLY]\n"), false},
		{"no object id column", []byte("userPrincipalName,displayName,userType,accountEnabled\n"), false},
		{"Graph JSON", msFixture(t, "graph_json/users.json"), false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		if got := (EntraUsersCSV{}).Detect("x", tt.head[:min(len(tt.head), HeadSize)]); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestEntraUsersCSVImport(t *testing.T) {
	facts := msImport(t, EntraUsersCSV{}, "users.csv", msFixture(t, "entra_users_csv/users.csv"))
	if got := msKinds(facts); got[audit.FactAccount] != 12 || got[audit.FactGap] != 2 || len(got) != 2 {
		t.Fatalf("fact kinds %v, want 12 accounts and 2 gaps", got)
	}
	tests := []struct {
		id   string
		want audit.Fact
	}{
		{"olivia.brown@harboursidefp.com.au", audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 2}, Account: &audit.Account{
			System: "entra", ID: "olivia.brown@harboursidefp.com.au", UPN: "olivia.brown@harboursidefp.com.au", Email: "olivia.brown@harboursidefp.com.au",
			DisplayName: "Olivia Brown", Kind: "member", Enabled: true, Created: msT(t, "2021-03-02T09:14:07Z")}}},
		// The department cell spans lines 9 and 10; the row starts on 9.
		{"mia.nguyen@harboursidefp.com.au", audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 9}, Account: &audit.Account{
			System: "entra", ID: "mia.nguyen@harboursidefp.com.au", UPN: "mia.nguyen@harboursidefp.com.au", Email: "mia.nguyen@harboursidefp.com.au",
			DisplayName: "Mia Nguyen", Kind: "member", Enabled: true, Created: msT(t, "2021-08-19T13:25:31Z")}}},
		{"grace.lee@harboursidefp.com.au", audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 11}, Account: &audit.Account{
			System: "entra", ID: "grace.lee@harboursidefp.com.au", UPN: "grace.lee@harboursidefp.com.au", Email: "grace.lee@harboursidefp.com.au",
			DisplayName: "Grace Lee", Kind: "member", Enabled: true, Created: msT(t, "2023-11-30T16:05:09Z")}}},
		{"liam.oconnor@harboursidefp.com.au", audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 12}, Account: &audit.Account{
			System: "entra", ID: "liam.oconnor@harboursidefp.com.au", UPN: "liam.oconnor@harboursidefp.com.au", Email: "liam.oconnor@harboursidefp.com.au",
			DisplayName: "Dr Liam O'Connor", Kind: "member", Enabled: false, Created: msT(t, "2021-03-15T10:05:51Z")}}},
		{"tom_acmeit.com.au#EXT#@harboursidefp.onmicrosoft.com", audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 14}, Account: &audit.Account{
			System: "entra", ID: "tom_acmeit.com.au#EXT#@harboursidefp.onmicrosoft.com", UPN: "tom_acmeit.com.au#EXT#@harboursidefp.onmicrosoft.com", Email: "tom@acmeit.com.au",
			DisplayName: "Tom Walker (Acme IT)", Kind: "guest", Enabled: true, Created: msT(t, "2022-05-09T11:11:11Z")}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, msAccount(t, facts, tt.id)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.id, diff)
		}
	}
	gaps := facts[len(facts)-2:]
	want := []audit.Fact{
		{Kind: audit.FactGap, Source: audit.Source{Line: 1}, Gap: &audit.Gap{Topic: "accounts.sign_in", Reason: entraNoSignIn}},
		{Kind: audit.FactGap, Source: audit.Source{Line: 1}, Gap: &audit.Gap{Topic: "accounts.mfa", Reason: entraNoMFA}},
	}
	if diff := cmp.Diff(want, gaps); diff != "" {
		t.Errorf("gaps (-want +got):\n%s", diff)
	}
	for _, f := range facts {
		if a := f.Account; a != nil && (a.SignInKnown || a.MFARegistered != nil || a.Licensed != nil) {
			t.Errorf("%s claims sign-in, MFA or licence knowledge the download does not have", a.ID)
		}
	}
}

// Both column variants describe the same tenant, so they must give the
// same facts.
func TestEntraUsersCSVVariantsAgree(t *testing.T) {
	cur := msImport(t, EntraUsersCSV{}, "users.csv", msFixture(t, "entra_users_csv/users.csv"))
	old := msImport(t, EntraUsersCSV{}, "users.csv", msFixture(t, "entra_users_csv/users-old.csv"))
	if diff := cmp.Diff(cur, old); diff != "" {
		t.Errorf("older variant differs (-current +older):\n%s", diff)
	}
}

func TestEntraUsersCSVRows(t *testing.T) {
	tests := []struct {
		name, row string
		kind      string
		enabled   bool
		created   string
	}{
		{"guest by userType", entraRow("a_b.com#EXT#@t.onmicrosoft.com", "A", "Guest", "True", ""), "guest", true, ""},
		{"#EXT# member is still an outsider", entraRow("a_b.com#EXT#@t.onmicrosoft.com", "A", "Member", "TRUE", ""), "guest", true, ""},
		{"lower-case false", entraRow("a@t.com", "A", "Member", "false", "12/31/2023 11:59:59 PM"), "member", false, "2023-12-31T23:59:59Z"},
		{"no userType", entraRow("a@t.com", "A", "", "True", "1/2/2024 08:00"), "member", true, "2024-01-02T08:00:00Z"},
		{"ISO date", entraRow("a@t.com", "A", "Member", "True", "2021-08-19T13:25:31Z"), "member", true, "2021-08-19T13:25:31Z"},
	}
	for _, tt := range tests {
		facts := msImport(t, EntraUsersCSV{}, "u.csv", []byte(entraHeader+"\n"+tt.row+"\n"))
		a := facts[0].Account
		if a.Kind != tt.kind || a.Enabled != tt.enabled {
			t.Errorf("%s: kind %s enabled %v, want %s %v", tt.name, a.Kind, a.Enabled, tt.kind, tt.enabled)
		}
		var want *string
		if tt.created != "" {
			want = &tt.created
		}
		if (a.Created == nil) != (want == nil) || a.Created != nil && !a.Created.Equal(*msT(t, *want)) {
			t.Errorf("%s: created %v, want %v", tt.name, a.Created, tt.created)
		}
	}
}

func TestEntraUsersCSVErrors(t *testing.T) {
	ok := entraRow("a@t.com", "A", "Member", "True", "8/19/2021 1:25:31 PM")
	tests := []struct {
		name  string
		in    string
		line  int
		frags []string
	}{
		{"bad date", entraHeader + "\n" + ok + "\n" + entraRow("b@t.com", "B", "Member", "True", "19/08/2021 1:25:31 PM") + "\n",
			3, []string{`column "createdDateTime"`, `"19/08/2021 1:25:31 PM"`, "8/19/2021 1:25:31 PM"}},
		{"bad boolean", entraHeader + "\n" + entraRow("b@t.com", "B", "Member", "Enabled", "") + "\n",
			2, []string{`column "accountEnabled"`, `"Enabled" is not True or False`}},
		{"empty accountEnabled", entraHeader + "\n" + entraRow("b@t.com", "B", "Member", "", "") + "\n",
			2, []string{`column "accountEnabled"`, "is empty"}},
		{"empty UPN", entraHeader + "\n" + entraRow("", "B", "Member", "True", "") + "\n",
			2, []string{`column "userPrincipalName"`}},
		{"short row", entraHeader + "\n" + ok + "\n" + "c@t.com,C,Member\n",
			3, []string{"3 cells", "29 columns"}},
		{"short row after a multi-line cell", entraHeader + "\n" + entraRow("a@t.com", "\"A\nB\"", "Member", "True", "") + "\n" + "c@t.com,C\n",
			4, []string{"2 cells"}},
		{"unterminated quote", entraHeader + "\n" + ok + "\n" + `"c@t.com,C` + "\n",
			3, []string{"not a valid CSV file"}},
		{"missing column", "userPrincipalName,displayName,id,userType\na@t.com,A,1,Member\n",
			1, []string{`"accountEnabled" is missing`}},
		{"empty file", "", 0, []string{"empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := msFailImport(t, EntraUsersCSV{}, "users.csv", []byte(tt.in))
			checkErr(t, err, "users.csv", tt.line, tt.frags...)
		})
	}
}

// Nothing of a column that is not kept may appear in the facts: the
// download holds phone numbers and addresses Triage has no use for.
func TestEntraUsersCSVDropsColumns(t *testing.T) {
	facts := msImport(t, EntraUsersCSV{}, "users-old.csv", msFixture(t, "entra_users_csv/users-old.csv"))
	var buf strings.Builder
	if err := WriteFacts(&buf, facts); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"491 570 156", "5550", "Harbour Street", "Practice Manager", "=1+3"} {
		if strings.Contains(buf.String(), s) {
			t.Errorf("the facts keep %q from a dropped column", s)
		}
	}
}

func FuzzEntraUsersCSV(f *testing.F) {
	f.Add(msFixture(f, "entra_users_csv/users.csv"))
	f.Add(msFixture(f, "entra_users_csv/users-old.csv"))
	f.Add([]byte(entraHeader + "\n" + entraRow("a@t.com", "A", "Guest", "True", "8/19/2021 1:25:31 PM") + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		imp := EntraUsersCSV{}
		imp.Detect("u.csv", data)
		facts, err := imp.Import("u.csv", strings.NewReader(string(data)))
		msCheckFuzzError(t, "u.csv", facts, err)
	})
}
