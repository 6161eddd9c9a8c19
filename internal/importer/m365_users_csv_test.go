package importer

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

const m365Header = "Display name,DirSyncEnabled,User principal name,Object Id,First name,Last name,When created,Soft deletion time stamp,Title,Department,Preferred data location,City,CountryOrRegion,Office,StateOrProvince,Usage location,Last dirsync time,Block credential,Licenses,Password never expires,Last password change time stamp,Mobile Phone,Phone number,Postal code,Preferred language,Street address,Fax,Proxy addresses"

// m365Row builds a row of the current export from the cells Triage reads.
func m365Row(name, upn, created, deleted, blocked, licences, neverExpires, pwdSet, proxies string) string {
	cells := make([]string, 28)
	cells[0], cells[2], cells[6], cells[7] = name, upn, created, deleted
	cells[17], cells[18], cells[19], cells[20], cells[27] = blocked, licences, neverExpires, pwdSet, proxies
	return strings.Join(cells, ",")
}

func TestM365UsersCSVDetect(t *testing.T) {
	tests := []struct {
		name string
		head []byte
		want bool
	}{
		{"current columns with BOM", msFixture(t, "m365_users_csv/users.csv"), true},
		{"alphabetical columns", msFixture(t, "m365_users_csv/users-alphabetical.csv"), true},
		{"UTF-16", msUTF16(msFixture(t, "m365_users_csv/users.csv"), false), true},
		{"Entra download", msFixture(t, "entra_users_csv/users.csv"), false},
		{"ScubaGear results CSV", msFixture(t, "scubagear/ScubaResults.csv"), false},
		{"no Block credential", []byte("Display name,User principal name,Licenses\n"), false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		if got := (M365UsersCSV{}).Detect("x", tt.head[:min(len(tt.head), HeadSize)]); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestM365UsersCSVImport(t *testing.T) {
	facts := msImport(t, M365UsersCSV{}, "users.csv", msFixture(t, "m365_users_csv/users.csv"))
	if got := msKinds(facts); got[audit.FactAccount] != 11 || len(got) != 1 {
		t.Fatalf("fact kinds %v, want 11 accounts", got)
	}
	tests := []struct {
		id   string
		want audit.Fact
	}{
		{"olivia.brown@harboursidefp.com.au", audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 2}, Account: &audit.Account{
			System: "entra", ID: "olivia.brown@harboursidefp.com.au", UPN: "olivia.brown@harboursidefp.com.au", Email: "olivia.brown@harboursidefp.com.au",
			DisplayName: "Olivia Brown", Kind: "member", Enabled: true, Created: msT(t, "2021-03-02T09:14:07Z"),
			Licensed: new(true), PasswordSet: msT(t, "2024-02-11T22:03:17Z")}}},
		{"admin.olivia@harboursidefp.onmicrosoft.com", audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 3}, Account: &audit.Account{
			System: "entra", ID: "admin.olivia@harboursidefp.onmicrosoft.com", UPN: "admin.olivia@harboursidefp.onmicrosoft.com",
			DisplayName: "Olivia Brown (admin)", Kind: "member", Enabled: true, Created: msT(t, "2021-03-02T09:20:45Z"),
			Licensed: new(false), PasswordSet: msT(t, "2023-09-04T05:12:40Z")}}},
		// The first proxy address is a secondary one containing "+".
		{"grace.lee@harboursidefp.com.au", audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 10}, Account: &audit.Account{
			System: "entra", ID: "grace.lee@harboursidefp.com.au", UPN: "grace.lee@harboursidefp.com.au", Email: "grace.lee@harboursidefp.com.au",
			DisplayName: "Grace Lee", Kind: "member", Enabled: true, Created: msT(t, "2023-11-30T16:05:09Z"),
			Licensed: new(true), PasswordSet: msT(t, "2023-11-30T16:05:09Z")}}},
		{"liam.oconnor@harboursidefp.com.au", audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 11}, Account: &audit.Account{
			System: "entra", ID: "liam.oconnor@harboursidefp.com.au", UPN: "liam.oconnor@harboursidefp.com.au", Email: "liam.oconnor@harboursidefp.com.au",
			DisplayName: "Dr Liam O'Connor", Kind: "member", Enabled: false, Created: msT(t, "2021-03-15T10:05:51Z"),
			Licensed: new(false), PasswordSet: msT(t, "2022-08-10T07:30:00Z")}}},
		{"reception@harboursidefp.com.au", audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: 12}, Account: &audit.Account{
			System: "entra", ID: "reception@harboursidefp.com.au", UPN: "reception@harboursidefp.com.au", Email: "reception@harboursidefp.com.au",
			DisplayName: "Reception (shared)", Kind: "member", Enabled: false, Created: msT(t, "2021-03-02T09:40:00Z"),
			Licensed: new(false), PasswordSet: msT(t, "2021-03-02T09:40:00Z"), PasswordNeverExpires: true}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, msAccount(t, facts, tt.id)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.id, diff)
		}
	}
}

func TestM365UsersCSVVariantsAgree(t *testing.T) {
	cur := msImport(t, M365UsersCSV{}, "users.csv", msFixture(t, "m365_users_csv/users.csv"))
	old := msImport(t, M365UsersCSV{}, "users.csv", msFixture(t, "m365_users_csv/users-alphabetical.csv"))
	if diff := cmp.Diff(cur, old); diff != "" {
		t.Errorf("alphabetical variant differs (-current +alphabetical):\n%s", diff)
	}
}

func TestM365UsersCSVRows(t *testing.T) {
	tests := []struct {
		name     string
		row      string
		enabled  bool
		licensed *bool
		email    string
		kind     string
		disabled string
	}{
		{"blocked", m365Row("A", "a@t.com", "", "", "True", "Unlicensed", "False", "", ""), false, new(false), "", "member", ""},
		{"empty licences", m365Row("A", "a@t.com", "", "", "False", "", "", "", ""), true, new(false), "", "member", ""},
		{"two licences", m365Row("A", "a@t.com", "", "", "False", "t:SPB+t:EMS", "", "", "smtp:x@t.com+SMTP:a+b@t.com"), true, new(true), "a+b@t.com", "member", ""},
		{"soft-deleted", m365Row("A", "a@t.com", "", "2024-03-01 10:00:00Z", "False", "t:SPB", "", "", ""), false, new(true), "", "member", "2024-03-01T10:00:00Z"},
		{"guest UPN", m365Row("A", "a_b.com#EXT#@t.onmicrosoft.com", "", "", "False", "", "", "", ""), true, new(false), "", "guest", ""},
	}
	for _, tt := range tests {
		facts := msImport(t, M365UsersCSV{}, "u.csv", []byte(m365Header+"\n"+tt.row+"\n"))
		a := facts[0].Account
		var disabled string
		if a.DisabledOn != nil {
			disabled = a.DisabledOn.Format("2006-01-02T15:04:05Z07:00")
		}
		if a.Enabled != tt.enabled || *a.Licensed != *tt.licensed || a.Email != tt.email || a.Kind != tt.kind || disabled != tt.disabled {
			t.Errorf("%s: enabled %v licensed %v email %q kind %s disabled %q; want %v %v %q %s %q",
				tt.name, a.Enabled, *a.Licensed, a.Email, a.Kind, disabled, tt.enabled, *tt.licensed, tt.email, tt.kind, tt.disabled)
		}
	}
	// Without a Licenses column the licence is unknown, not false.
	facts := msImport(t, M365UsersCSV{}, "u.csv", []byte("Display name,User principal name,Block credential\nA,a@t.com,False\n"))
	if facts[0].Account.Licensed != nil {
		t.Errorf("licence known without a Licenses column")
	}
}

func TestPrimarySMTP(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SMTP:a@x.com+smtp:a@y.com", "a@x.com"},
		{"smtp:a@y.com+SMTP:a@x.com", "a@x.com"},
		{"smtp:a+b@y.com+SMTP:c+d@x.com+SIP:c@x.com", "c+d@x.com"},
		{"X500:/o=ExchangeLabs/ou=x+SMTP:a@x.com", "a@x.com"},
		{"smtp:a@y.com", ""},
		{"", ""},
		{"+", ""},
	}
	for _, tt := range tests {
		if got := primarySMTP(tt.in); got != tt.want {
			t.Errorf("primarySMTP(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestM365UsersCSVErrors(t *testing.T) {
	ok := m365Row("A", "a@t.com", "2022-03-18 19:49:35Z", "", "False", "Unlicensed", "False", "2022-03-18 19:49:35Z", "")
	tests := []struct {
		name  string
		in    string
		line  int
		frags []string
	}{
		{"bad password date", m365Header + "\n" + ok + "\n" + m365Row("B", "b@t.com", "", "", "False", "", "False", "yesterday", "") + "\n",
			3, []string{`column "Last password change time stamp"`, `"yesterday"`}},
		{"bad created date", m365Header + "\n" + m365Row("B", "b@t.com", "2022-13-45 19:49:35Z", "", "False", "", "False", "", "") + "\n",
			2, []string{`column "When created"`, `"2022-13-45 19:49:35Z"`}},
		{"bad Block credential", m365Header + "\n" + m365Row("B", "b@t.com", "", "", "Blocked", "", "", "", "") + "\n",
			2, []string{`column "Block credential"`, `"Blocked"`}},
		{"bad Password never expires", m365Header + "\n" + m365Row("B", "b@t.com", "", "", "False", "", "sometimes", "", "") + "\n",
			2, []string{`column "Password never expires"`}},
		{"long row", m365Header + "\n" + ok + ",extra\n", 2, []string{"29 cells", "28 columns"}},
		{"missing column", "Display name,User principal name,Licenses\nA,a@t.com,\n", 1, []string{`"Block credential" is missing`}},
		{"empty UPN", m365Header + "\n" + m365Row("B", "", "", "", "False", "", "", "", "") + "\n", 2, []string{`column "User principal name"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := msFailImport(t, M365UsersCSV{}, "users.csv", []byte(tt.in))
			checkErr(t, err, "users.csv", tt.line, tt.frags...)
		})
	}
}

func FuzzM365UsersCSV(f *testing.F) {
	f.Add(msFixture(f, "m365_users_csv/users.csv"))
	f.Add(msFixture(f, "m365_users_csv/users-alphabetical.csv"))
	f.Add([]byte(m365Header + "\n" + m365Row("A", "a@t.com", "2022-03-18 19:49:35Z", "", "False", "t:SPB+t:EMS", "True", "", "SMTP:a@t.com") + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		imp := M365UsersCSV{}
		imp.Detect("u.csv", data)
		facts, err := imp.Import("u.csv", strings.NewReader(string(data)))
		msCheckFuzzError(t, "u.csv", facts, err)
	})
}
