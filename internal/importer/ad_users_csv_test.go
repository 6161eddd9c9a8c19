package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

func adFixtureAccounts(t *testing.T, file string) map[string]*audit.Account {
	t.Helper()
	facts := evidenceImport(t, ADUsersCSV{}, file, evidenceFixture(t, "ad_users_csv", file))
	if len(facts) != 13 {
		t.Fatalf("%s: %d facts, want 13 (one per row)", file, len(facts))
	}
	out := map[string]*audit.Account{}
	for _, f := range facts {
		out[f.Account.SAM] = f.Account
	}
	return out
}

func TestADUsersCSVFixtures(t *testing.T) {
	ps51 := adFixtureAccounts(t, "users-ps51.csv")
	ps7 := adFixtureAccounts(t, "users-ps7.csv")

	want := map[string]*audit.Account{
		"james.obrien": {System: "ad", ID: `BANKSIA\james.obrien`, UPN: "james.obrien@banksia.local", Email: "james.obrien@banksiamedical.com.au",
			SAM: "james.obrien", DisplayName: "Dr James O'Brien", Kind: "member", Enabled: false,
			Created: evidenceTime(t, "2018-09-03T09:00:00Z"), LastSignIn: evidenceTime(t, "2024-01-19T16:22:08Z"), SignInKnown: true, SignInLagDays: 14,
			PasswordSet: evidenceTime(t, "2023-10-02T08:30:00Z")},
		"aisha.khan": {System: "ad", ID: `BANKSIA\aisha.khan`, UPN: "aisha.khan@banksia.local", Email: "aisha.khan@banksiamedical.com.au",
			SAM: "aisha.khan", DisplayName: "Aisha Khan", Kind: "member", Enabled: true,
			Created: evidenceTime(t, "2024-04-22T13:45:10Z"), SignInKnown: true, SignInLagDays: 14},
		"svc_backup": {System: "ad", ID: `BANKSIA\svc_backup`, UPN: "svc_backup@banksia.local", SAM: "svc_backup", DisplayName: "Veeam Backup",
			Kind: "service", Enabled: true, Created: evidenceTime(t, "2021-06-10T15:20:00Z"), LastSignIn: evidenceTime(t, "2024-04-30T23:00:12Z"),
			SignInKnown: true, SignInLagDays: 14, AdminRoles: []string{adAdminCountRole}, PasswordSet: evidenceTime(t, "2021-06-10T15:21:44Z"), PasswordNeverExpires: true},
		"reception": {System: "ad", ID: `BANKSIA\reception`, UPN: "reception@banksia.local", SAM: "reception", DisplayName: "Reception",
			Kind: "member", Enabled: true, Created: evidenceTime(t, "2016-04-11T11:00:00Z"), LastSignIn: evidenceTime(t, "2024-04-30T07:45:00Z"),
			SignInKnown: true, SignInLagDays: 14, PasswordSet: evidenceTime(t, "2016-04-11T11:02:30Z"), PasswordNotRequired: true},
		"Administrator": {System: "ad", ID: `BANKSIA\Administrator`, UPN: "Administrator@banksia.local", SAM: "Administrator", DisplayName: "Administrator",
			Kind: "member", Enabled: true, Created: evidenceTime(t, "2016-03-08T14:20:05Z"), LastSignIn: evidenceTime(t, "2024-02-12T10:02:11Z"),
			SignInKnown: true, SignInLagDays: 14, AdminRoles: []string{adAdminCountRole}, PasswordSet: evidenceTime(t, "2016-03-08T14:31:40Z"), PasswordNeverExpires: true},
		"krbtgt": {System: "ad", ID: `BANKSIA\krbtgt`, SAM: "krbtgt", DisplayName: "krbtgt", Kind: "service", Enabled: false,
			Created: evidenceTime(t, "2016-03-08T14:35:51Z"), SignInKnown: true, SignInLagDays: 14, AdminRoles: []string{adAdminCountRole},
			PasswordSet: evidenceTime(t, "2016-03-08T14:35:51Z")},
	}
	for sam, w := range want {
		if diff := cmp.Diff(w, ps51[sam]); diff != "" {
			t.Errorf("PS 5.1 %s (-want +got):\n%s", sam, diff)
		}
	}

	// PowerShell 7 (en-US dates, joined MemberOf) must agree with 5.1
	// (en-AU dates) on everything but the UPN suffix and the roles, which
	// 7 reads from MemberOf.
	roles := map[string][]string{
		"Administrator": {"Domain Admins", "Enterprise Admins", "Administrators", "Schema Admins"},
		"svc_backup":    {"Backup Operators"},
		"adm.coastal":   {"Domain Admins"},
	}
	for sam, a := range ps51 {
		b := ps7[sam]
		if b == nil {
			t.Errorf("%s missing from the PS 7 export", sam)
			continue
		}
		if diff := cmp.Diff(roles[sam], b.AdminRoles); diff != "" {
			t.Errorf("PS 7 %s roles (-want +got):\n%s", sam, diff)
		}
		a2, b2 := *a, *b
		a2.UPN, b2.UPN, a2.AdminRoles, b2.AdminRoles = "", "", nil, nil
		if b2.DisplayName == "" { // built-in accounts: 7 exported no Name column
			a2.DisplayName = ""
		}
		if diff := cmp.Diff(a2, b2); diff != "" {
			t.Errorf("%s differs between PS 5.1 and PS 7 (-5.1 +7):\n%s", sam, diff)
		}
	}
}

// TestADUsersCSVUTF16 reads the PS 5.1 export as Out-File writes it.
func TestADUsersCSVUTF16(t *testing.T) {
	data := evidenceFixture(t, "ad_users_csv", "users-ps51.csv")
	want := evidenceImport(t, ADUsersCSV{}, "a.csv", data)
	text := strings.TrimPrefix(string(data), "\uFEFF")
	for _, bom := range []bool{true, false} {
		got := evidenceImport(t, ADUsersCSV{}, "a.csv", evidenceUTF16LE(text, bom))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("UTF-16LE (BOM %v) differs (-UTF-8 +UTF-16):\n%s", bom, diff)
		}
	}
}

func TestADUsersCSVCases(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []audit.Account
	}{{
		name: "userAccountControl alone gives enabled and the flags",
		in:   "SamAccountName,userAccountControl\nleft,514\nnever,66048\nnopass,544\n",
		want: []audit.Account{
			{System: "ad", ID: "left", SAM: "left", Kind: "member"},
			{System: "ad", ID: "never", SAM: "never", Kind: "member", Enabled: true, PasswordNeverExpires: true},
			{System: "ad", ID: "nopass", SAM: "nopass", Kind: "member", Enabled: true, PasswordNotRequired: true},
		},
	}, {
		name: "FILETIME never values, and the later of lastLogon and lastLogonTimestamp",
		in: "SamAccountName,Enabled,lastLogonTimestamp,lastLogon,pwdLastSet\n" +
			"a,True,0,,0\nb,True,9223372036854775807,0,\nc,True,133588519640000000,133589383640000000,133528035100000000\n",
		want: []audit.Account{
			{System: "ad", ID: "a", SAM: "a", Kind: "member", Enabled: true, SignInKnown: true, SignInLagDays: 14},
			{System: "ad", ID: "b", SAM: "b", Kind: "member", Enabled: true, SignInKnown: true, SignInLagDays: 14},
			{System: "ad", ID: "c", SAM: "c", Kind: "member", Enabled: true, SignInKnown: true, SignInLagDays: 14,
				LastSignIn: evidenceTime(t, "2024-04-30T08:12:44Z"), PasswordSet: evidenceTime(t, "2024-02-19T08:05:10Z")},
		},
	}, {
		name: "no sign-in column leaves sign-in unknown; domain from the UPN; no domain at all",
		in:   "SamAccountName,UserPrincipalName,Enabled\njo,jo@Clinic.example.com,True\nkim,,False\n",
		want: []audit.Account{
			{System: "ad", ID: `CLINIC\jo`, UPN: "jo@Clinic.example.com", SAM: "jo", Kind: "member", Enabled: true},
			{System: "ad", ID: "kim", SAM: "kim", Kind: "member"},
		},
	}, {
		name: "MemberOf joined in other ways, escaped commas, and names alone",
		in: "SamAccountName,DistinguishedName,MemberOf\n" +
			"a,\"CN=Smith\\, Jo,OU=Staff,DC=clinic,DC=local\",\"CN=Domain Admins,CN=Users,DC=clinic,DC=local|CN=Staff,OU=G,DC=clinic,DC=local\"\n" +
			"b,,\"CN=Staff,OU=G,DC=x\nCN=Enterprise Admins,CN=Users,DC=x\"\n" +
			"c,,\"{Administrators, Remote Desktop Users}\"\n" +
			"d,,\"CN=Admins of Domain Admins\\, Ltd,OU=G,DC=x\"\n" +
			"e,,\"OU=Domain Admins,DC=x\"\n",
		want: []audit.Account{
			{System: "ad", ID: `CLINIC\a`, SAM: "a", Kind: "member", Enabled: true, AdminRoles: []string{"Domain Admins"}},
			{System: "ad", ID: "b", SAM: "b", Kind: "member", Enabled: true, AdminRoles: []string{"Enterprise Admins"}},
			{System: "ad", ID: "c", SAM: "c", Kind: "member", Enabled: true, AdminRoles: []string{"Administrators"}},
			{System: "ad", ID: "d", SAM: "d", Kind: "member", Enabled: true},
			{System: "ad", ID: "e", SAM: "e", Kind: "member", Enabled: true},
		},
	}, {
		name: "adminCount counts only when MemberOf cannot be read",
		in: "SamAccountName,adminCount,MemberOf\n" +
			"stale,1,CN=Staff\n" +
			"unread,1,Microsoft.ActiveDirectory.Management.ADPropertyValueCollection\n" +
			"zero,0,Microsoft.ActiveDirectory.Management.ADPropertyValueCollection\n",
		want: []audit.Account{
			{System: "ad", ID: "stale", SAM: "stale", Kind: "member", Enabled: true},
			{System: "ad", ID: "unread", SAM: "unread", Kind: "member", Enabled: true, AdminRoles: []string{adAdminCountRole}},
			{System: "ad", ID: "zero", SAM: "zero", Kind: "member", Enabled: true},
		},
	}, {
		name: "semicolons with dotted day-first dates, as -UseCulture writes in Germany",
		in:   "\"SamAccountName\";\"LastLogonDate\";\"whenCreated\"\n\"a\";\"03.04.2024 09:05:12\";\"01.02.2020 17:00:00\"\n",
		want: []audit.Account{{System: "ad", ID: "a", SAM: "a", Kind: "member", Enabled: true, SignInKnown: true, SignInLagDays: 14,
			LastSignIn: evidenceTime(t, "2024-04-03T09:05:12Z"), Created: evidenceTime(t, "2020-02-01T17:00:00Z")}},
	}, {
		name: "ambiguous dates with upper-case AM/PM are read as en-US",
		in:   "SamAccountName,LastLogonDate\na,3/4/2024 12:05:00 AM\nb,\n",
		want: []audit.Account{
			{System: "ad", ID: "a", SAM: "a", Kind: "member", Enabled: true, SignInKnown: true, SignInLagDays: 14, LastSignIn: evidenceTime(t, "2024-03-04T00:05:00Z")},
			{System: "ad", ID: "b", SAM: "b", Kind: "member", Enabled: true, SignInKnown: true, SignInLagDays: 14},
		},
	}, {
		name: "ambiguous dates with lower-case am/pm are read as en-AU",
		in:   "SamAccountName,LastLogonDate\na,3/04/2024 12:05:00 pm\n",
		want: []audit.Account{{System: "ad", ID: "a", SAM: "a", Kind: "member", Enabled: true, SignInKnown: true, SignInLagDays: 14, LastSignIn: evidenceTime(t, "2024-04-03T12:05:00Z")}},
	}, {
		name: "one day-first date settles the whole file",
		in:   "SamAccountName,LastLogonDate,whenCreated\na,3/04/2024 1:05:00 PM,25/12/2019 9:00:00 AM\n",
		want: []audit.Account{{System: "ad", ID: "a", SAM: "a", Kind: "member", Enabled: true, SignInKnown: true, SignInLagDays: 14,
			LastSignIn: evidenceTime(t, "2024-04-03T13:05:00Z"), Created: evidenceTime(t, "2019-12-25T09:00:00Z")}},
	}, {
		name: "ISO and generalized times, tab delimiter",
		in:   "SamAccountName\twhenCreated\tPasswordLastSet\na\t20240314090512.0Z\t2024-03-14T09:05:12+10:00\n",
		want: []audit.Account{{System: "ad", ID: "a", SAM: "a", Kind: "member", Enabled: true,
			Created: evidenceTime(t, "2024-03-14T09:05:12Z"), PasswordSet: evidenceTime(t, "2024-03-13T23:05:12Z")}},
	}, {
		name: "Windows-1252 names from -Encoding Default; unknown and password columns dropped",
		in:   "SamAccountName,DisplayName,Enabled,ms-Mcs-AdmPwd,userPassword,Office\nzoe,Zo\xeb M\xfcller,True,S3cret!,hunter2,Room 4\n",
		want: []audit.Account{{System: "ad", ID: "zoe", SAM: "zoe", DisplayName: "Zoë Müller", Kind: "member", Enabled: true}},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			facts := evidenceImport(t, ADUsersCSV{}, "in.csv", []byte(c.in))
			var got []audit.Account
			for _, f := range facts {
				got = append(got, *f.Account)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if strings.Contains(c.name, "password columns") {
				var buf bytes.Buffer
				if err := WriteFacts(&buf, facts); err != nil {
					t.Fatal(err)
				}
				for _, secret := range []string{"S3cret", "hunter2"} {
					if strings.Contains(buf.String(), secret) {
						t.Errorf("a password column was kept: %s", buf.String())
					}
				}
			}
		})
	}
}

func TestADLooksService(t *testing.T) {
	cases := []struct {
		sam, description string
		want             bool
	}{
		{"svc_backup", "", true},
		{"svc-veeam", "", true},
		{"svcBackup", "", true},
		{"SQLService", "", true},
		{"sql_agent", "", true},
		{"backupexec", "", true},
		{"veeam", "", true},
		{"scan.to.email", "", true},
		{"scanner2", "", true},
		{"krbtgt", "", true},
		{"gmsa-web$", "", true},
		{"bp_service", "", true},
		{"jsmith", "Service account for Best Practice", true},
		{"priya.raman", "GP", false},
		{"scanlon.j", "", false},
		{"backus", "", false},
		{"sqlarov", "", true}, // starts with sql: the prefix rule is deliberately blunt
		{"reception", "Front desk shared login", false},
		{"Administrator", "Built-in account for administering the computer/domain", false},
		{"jo.backhouse", "Backup Admin", false},
	}
	for _, c := range cases {
		if got := adLooksService(c.sam, c.description); got != c.want {
			t.Errorf("adLooksService(%q, %q) = %v, want %v", c.sam, c.description, got, c.want)
		}
	}
}

func TestADParseLocal(t *testing.T) {
	cases := []struct {
		in    string
		order adDateOrder
		want  string // RFC 3339, or "" for refused
	}{
		{"14/03/2024 9:05:12 am", adDayFirst, "2024-03-14T09:05:12Z"},
		{"14/03/2024 9:05:12 pm", adDayFirst, "2024-03-14T21:05:12Z"},
		{"14/03/2024 12:05:12 am", adDayFirst, "2024-03-14T00:05:12Z"},
		{"14/03/2024 12:05:12 p.m.", adDayFirst, "2024-03-14T12:05:12Z"},
		{"3/14/2024 9:05:12 AM", adMonthFirst, "2024-03-14T09:05:12Z"},
		{"3/14/2024 9:05 PM", adMonthFirst, "2024-03-14T21:05:00Z"},
		{"14/03/2024 21:05:12", adDayFirst, "2024-03-14T21:05:12Z"},
		{"14/03/2024", adDayFirst, "2024-03-14T00:00:00Z"},
		{"2024/03/14 09:05:12", adMonthFirst, "2024-03-14T09:05:12Z"},
		{"2024-03-14 09:05:12", adDayFirst, "2024-03-14T09:05:12Z"},
		{"2024-03-14T09:05:12Z", adDayFirst, "2024-03-14T09:05:12Z"},
		{"20240314090512.0Z", adDayFirst, "2024-03-14T09:05:12Z"},
		{"31/02/2024 9:00:00 am", adDayFirst, ""},
		{"3/14/2024 9:05:12 AM", adDayFirst, ""},
		{"14/03/24 9:05", adDayFirst, ""},
		{"14/03/2024 13:05:12 pm", adDayFirst, ""},
		{"14/03/2024 25:00:00", adDayFirst, ""},
		{"yesterday", adDayFirst, ""},
		{"", adDayFirst, ""},
		{"1/1/0001 12:00:00 AM", adMonthFirst, ""},
	}
	for _, c := range cases {
		got, ok := adParseLocal(c.in, c.order)
		switch {
		case c.want == "" && ok:
			t.Errorf("adParseLocal(%q) = %v, want refused", c.in, got)
		case c.want != "" && (!ok || !got.Equal(*evidenceTime(t, c.want))):
			t.Errorf("adParseLocal(%q) = %v %v, want %s", c.in, got, ok, c.want)
		}
	}
}

func TestADUsersCSVErrors(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		line  int
		parts []string
	}{
		{"bad FILETIME", "SamAccountName,lastLogonTimestamp\nok,0\nbad,13358851964000000x\n", 3, []string{"lastLogonTimestamp", `"13358851964000000x"`, "FILETIME"}},
		{"negative FILETIME", "SamAccountName,pwdLastSet\nbad,-5\n", 2, []string{"pwdLastSet", `"-5"`}},
		{"FILETIME before 1970", "SamAccountName,lastLogon\nbad,5\n", 2, []string{"lastLogon", `"5"`}},
		{"FILETIME past 9999", "SamAccountName,lastLogon\nbad,9000000000000000000\n", 2, []string{"lastLogon"}},
		{"bad date", "#TYPE Microsoft.ActiveDirectory.Management.ADUser\n\"SamAccountName\",\"LastLogonDate\"\n\"bad\",\"31/02/2024 9:00:00 am\"\n", 3, []string{"LastLogonDate", `"31/02/2024 9:00:00 am"`}},
		{"day-first and month-first in one file", "SamAccountName,whenCreated\na,25/12/2019 9:00:00 AM\nb,12/25/2019 9:00:00 AM\n", 3, []string{"day-first (line 2", "month-first (line 3"}},
		{"wrong number of fields", "SamAccountName,Enabled,mail\na,True,a@x\nb,True\n", 3, []string{"2 cells", "3 columns"}},
		{"wrong delimiter in the rows", "\"SamAccountName\",\"Enabled\",\"mail\"\n\"a\";\"True\";\"a@x\"\n", 2, []string{"separated by commas", "by semicolons"}},
		{"empty SamAccountName", "SamAccountName,Enabled\n,True\n", 2, []string{"SamAccountName is empty"}},
		{"bad Enabled", "SamAccountName,Enabled\na,Sometimes\n", 2, []string{"Enabled", `"Sometimes"`, "True or False"}},
		{"bad userAccountControl", "SamAccountName,userAccountControl\na,-1\n", 2, []string{"userAccountControl", `"-1"`}},
		{"bad adminCount", "SamAccountName,adminCount\na,lots\n", 2, []string{"adminCount", `"lots"`}},
		{"broken quotes", "SamAccountName,Description\na,\"unclosed\nb,x\n", 3, []string{"malformed"}},
		{"only a #TYPE line", "#TYPE Microsoft.ActiveDirectory.Management.ADUser\n", 2, []string{"no header"}},
		{"no SamAccountName column", "Name,Enabled\na,True\n", 1, []string{"SamAccountName"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evidenceWantError(t, ADUsersCSV{}, []byte(c.in), c.line, c.parts...)
		})
	}
}

func FuzzADUsersCSV(f *testing.F) {
	evidenceFuzzSeeds(f, "ad_users_csv")
	f.Add([]byte("SamAccountName;lastLogonTimestamp;LastLogonDate;MemberOf\na;0;3/4/2024 1:00 PM;\"CN=Domain Admins,DC=x|x\"\n"))
	f.Add(evidenceUTF16LE("SamAccountName,Enabled\r\na,True\r\n", true))
	f.Fuzz(func(t *testing.T, data []byte) {
		evidenceFuzzOne(t, ADUsersCSV{}, data)
	})
}
