package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

func TestGWSUsersCSVFixture(t *testing.T) {
	facts := evidenceImport(t, GWSUsersCSV{}, "users.csv", evidenceFixture(t, "gws_users_csv", "users.csv"))
	if len(facts) != 11 {
		t.Fatalf("%d facts, want 11 (one per user)", len(facts))
	}
	// Two Work Address cells span two lines, so later records start lower.
	var lines []int
	for _, f := range facts {
		lines = append(lines, f.Source.Line)
	}
	if diff := cmp.Diff([]int{2, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14}, lines); diff != "" {
		t.Errorf("record lines (-want +got):\n%s", diff)
	}
	want := map[int]audit.Account{
		0: {System: "google", ID: "priya.raman@banksiamedical.com.au", Email: "priya.raman@banksiamedical.com.au", DisplayName: "Priya Raman",
			Kind: "member", Enabled: true, LastSignIn: evidenceTime(t, "2024-04-29T08:12:44Z"), SignInKnown: true,
			MFARegistered: evidenceBool(true), MFAEnforced: evidenceBool(true)},
		5: {System: "google", ID: "james.obrien@banksiamedical.com.au", Email: "james.obrien@banksiamedical.com.au", DisplayName: "James O'Brien",
			Kind: "member", Enabled: false, LastSignIn: evidenceTime(t, "2024-01-19T16:22:08Z"), SignInKnown: true,
			MFARegistered: evidenceBool(true), MFAEnforced: evidenceBool(false)},
		6: {System: "google", ID: "aisha.khan@banksiamedical.com.au", Email: "aisha.khan@banksiamedical.com.au", DisplayName: "Aisha Khan",
			Kind: "member", Enabled: true, SignInKnown: true, MFARegistered: evidenceBool(false), MFAEnforced: evidenceBool(false)},
		8: {System: "google", ID: "tom.nguyen@banksiamedical.com.au", Email: "tom.nguyen@banksiamedical.com.au", DisplayName: "Tom Nguyen",
			Kind: "member", Enabled: false, LastSignIn: evidenceTime(t, "2023-08-31T18:02:40Z"), SignInKnown: true,
			MFARegistered: evidenceBool(false), MFAEnforced: evidenceBool(false)},
	}
	for i, w := range want {
		if diff := cmp.Diff(w, *facts[i].Account); diff != "" {
			t.Errorf("user %d (-want +got):\n%s", i, diff)
		}
	}
	var buf bytes.Buffer
	if err := WriteFacts(&buf, facts); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "****") || strings.Contains(buf.String(), "Banksia Street") {
		t.Errorf("a password or address column was kept")
	}
}

func TestGWSUsersCSVAdminRoles(t *testing.T) {
	facts := evidenceImport(t, GWSUsersCSV{}, "users.csv", evidenceFixture(t, "gws_users_csv", "users-admin-roles.csv"))
	roles := map[string][]string{}
	for _, f := range facts {
		if len(f.Account.AdminRoles) > 0 {
			roles[f.Account.ID] = f.Account.AdminRoles
		}
	}
	want := map[string][]string{
		"karen.walsh@banksiamedical.com.au": {"Super Admin"},
		"it.admin@banksiamedical.com.au":    {"Super Admin", "Groups Admin"},
		"hannah.lee@banksiamedical.com.au":  {"User Management Admin"},
	}
	if diff := cmp.Diff(want, roles); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
	// Apart from the roles, the reordered export says what the documented one does.
	plain := evidenceImport(t, GWSUsersCSV{}, "users.csv", evidenceFixture(t, "gws_users_csv", "users.csv"))
	for i := range plain {
		a, b := *plain[i].Account, *facts[i].Account
		b.AdminRoles = nil
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("user %d differs between the exports:\n%s", i, diff)
		}
	}
}

func TestGWSUsersCSVCases(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []audit.Account
	}{{
		name: "sign-in forms, never, and empty",
		in: "Email Address [Required],Last Sign In [READ ONLY],2sv Enrolled [READ ONLY]\n" +
			"a@x.au,2024/05/01 09:30,True\nb@x.au,2024-05-01T09:30:00.000Z,True\nc@x.au,2024-05-01 09:30:00 UTC,True\n" +
			"d@x.au,Never logged in,True\ne@x.au,,True\nf@x.au,2024/05/01,True\n",
		want: []audit.Account{
			{System: "google", ID: "a@x.au", Email: "a@x.au", Kind: "member", Enabled: true, SignInKnown: true, LastSignIn: evidenceTime(t, "2024-05-01T09:30:00Z"), MFARegistered: evidenceBool(true)},
			{System: "google", ID: "b@x.au", Email: "b@x.au", Kind: "member", Enabled: true, SignInKnown: true, LastSignIn: evidenceTime(t, "2024-05-01T09:30:00Z"), MFARegistered: evidenceBool(true)},
			{System: "google", ID: "c@x.au", Email: "c@x.au", Kind: "member", Enabled: true, SignInKnown: true, LastSignIn: evidenceTime(t, "2024-05-01T09:30:00Z"), MFARegistered: evidenceBool(true)},
			{System: "google", ID: "d@x.au", Email: "d@x.au", Kind: "member", Enabled: true, SignInKnown: true, MFARegistered: evidenceBool(true)},
			{System: "google", ID: "e@x.au", Email: "e@x.au", Kind: "member", Enabled: true, MFARegistered: evidenceBool(true)},
			{System: "google", ID: "f@x.au", Email: "f@x.au", Kind: "member", Enabled: true, SignInKnown: true, LastSignIn: evidenceTime(t, "2024-05-01T00:00:00Z"), MFARegistered: evidenceBool(true)},
		},
	}, {
		name: "status words, the users list's own column names, and admin cells",
		in: "Name,Email,User status,2-step verification enrollment,2-step verification enforcement,Admin role\n" +
			"A,a@x.au,ACTIVE,Enrolled,Enforced,None\nB,b@x.au,suspended,Not enrolled,Not enforced,-\nC,c@x.au,Archived,,,True\nD,d@x.au,,,,\"Super Admin; Help Desk Admin\"\n",
		want: []audit.Account{
			{System: "google", ID: "a@x.au", Email: "a@x.au", DisplayName: "A", Kind: "member", Enabled: true, MFARegistered: evidenceBool(true), MFAEnforced: evidenceBool(true)},
			{System: "google", ID: "b@x.au", Email: "b@x.au", DisplayName: "B", Kind: "member", MFARegistered: evidenceBool(false), MFAEnforced: evidenceBool(false)},
			{System: "google", ID: "c@x.au", Email: "c@x.au", DisplayName: "C", Kind: "member", AdminRoles: []string{"Admin"}},
			{System: "google", ID: "d@x.au", Email: "d@x.au", DisplayName: "D", Kind: "member", Enabled: true, AdminRoles: []string{"Super Admin", "Help Desk Admin"}},
		},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []audit.Account
			for _, f := range evidenceImport(t, GWSUsersCSV{}, "in.csv", []byte(c.in)) {
				got = append(got, *f.Account)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestGWSUsersCSVErrors(t *testing.T) {
	const head = "Email Address [Required],Status [READ ONLY],Last Sign In [READ ONLY],2sv Enrolled [READ ONLY]\n"
	cases := []struct {
		name  string
		in    string
		line  int
		parts []string
	}{
		{"bad sign-in time", head + "a@x.au,Active,2024/05/01 09:30:00,True\nb@x.au,Active,01/05/2024 9:30 am,True\n", 3, []string{"Last Sign In [READ ONLY]", `"01/05/2024 9:30 am"`}},
		{"unknown status", head + "a@x.au,Deleted,,True\n", 2, []string{"Status [READ ONLY]", `"Deleted"`}},
		{"bad 2sv", head + "a@x.au,Active,,Maybe\n", 2, []string{"2sv Enrolled [READ ONLY]", `"Maybe"`}},
		{"empty email", head + ",Active,,True\n", 2, []string{"email address is empty"}},
		{"wrong number of fields", head + "a@x.au,Active,\"multi\nline\",True\nb@x.au,Active\n", 4, []string{"2 cells", "4 columns"}},
		{"wrong delimiter", head + "a@x.au;Active;Never logged in;True\n", 2, []string{"by semicolons"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evidenceWantError(t, GWSUsersCSV{}, []byte(c.in), c.line, c.parts...)
		})
	}
}

func FuzzGWSUsersCSV(f *testing.F) {
	evidenceFuzzSeeds(f, "gws_users_csv")
	f.Add([]byte("Email,2sv Enrolled,Admin role,Last sign-in\na@x,Enrolled,\"Super Admin,\",Never\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		evidenceFuzzOne(t, GWSUsersCSV{}, data)
	})
}
