package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

func TestGWSUsersJSONFixtures(t *testing.T) {
	page := evidenceImport(t, GWSUsersJSON{}, "users.json", evidenceFixture(t, "gws_users_json", "users.json"))
	pages := evidenceImport(t, GWSUsersJSON{}, "users-pages.json", evidenceFixture(t, "gws_users_json", "users-pages.json"))
	if len(page) != 11 || len(pages) != 11 {
		t.Fatalf("%d and %d facts, want 11 each", len(page), len(pages))
	}
	for i := range page {
		if diff := cmp.Diff(page[i].Account, pages[i].Account); diff != "" {
			t.Errorf("user %d differs between the page and the list of pages:\n%s", i, diff)
		}
	}
	wantSources := map[int][2]audit.Source{
		0:  {{Line: 5, Path: "$.users[0]"}, {Line: 6, Path: "$[0].users[0]"}},
		6:  {{Line: 198, Path: "$.users[6]"}, {Line: 206, Path: "$[1].users[0]"}},
		10: {{Line: 330, Path: "$.users[10]"}, {Line: 338, Path: "$[1].users[4]"}},
	}
	for i, w := range wantSources {
		if page[i].Source != w[0] || pages[i].Source != w[1] {
			t.Errorf("user %d sources %+v and %+v, want %+v", i, page[i].Source, pages[i].Source, w)
		}
	}
	want := map[int]audit.Account{
		2: {System: "google", ID: "hannah.lee@banksiamedical.com.au", Email: "hannah.lee@banksiamedical.com.au", DisplayName: "Hannah Lee",
			Kind: "member", Enabled: true, Created: evidenceTime(t, "2019-03-12T02:30:00Z"), LastSignIn: evidenceTime(t, "2024-04-30T07:58:31Z"),
			SignInKnown: true, MFARegistered: evidenceBool(true), MFAEnforced: evidenceBool(true), AdminRoles: []string{"Delegated Admin"}, HasMailbox: evidenceBool(true)},
		5: {System: "google", ID: "james.obrien@banksiamedical.com.au", Email: "james.obrien@banksiamedical.com.au", DisplayName: "James O'Brien",
			Kind: "member", Enabled: false, Created: evidenceTime(t, "2022-06-15T05:30:00Z"), LastSignIn: evidenceTime(t, "2024-01-19T16:22:08Z"),
			SignInKnown: true, MFARegistered: evidenceBool(true), MFAEnforced: evidenceBool(false), HasMailbox: evidenceBool(true)},
		6: {System: "google", ID: "aisha.khan@banksiamedical.com.au", Email: "aisha.khan@banksiamedical.com.au", DisplayName: "Aisha Khan",
			Kind: "member", Enabled: true, Created: evidenceTime(t, "2023-07-16T06:30:00Z"), SignInKnown: true,
			MFARegistered: evidenceBool(false), MFAEnforced: evidenceBool(false), HasMailbox: evidenceBool(true)},
		8: {System: "google", ID: "tom.nguyen@banksiamedical.com.au", Email: "tom.nguyen@banksiamedical.com.au", DisplayName: "Tom Nguyen",
			Kind: "member", Enabled: false, Created: evidenceTime(t, "2018-09-18T08:30:00Z"), LastSignIn: evidenceTime(t, "2023-08-31T18:02:40Z"),
			SignInKnown: true, MFARegistered: evidenceBool(false), MFAEnforced: evidenceBool(false), HasMailbox: evidenceBool(true)},
		9: {System: "google", ID: "it.admin@banksiamedical.com.au", Email: "it.admin@banksiamedical.com.au", DisplayName: "Coastal IT",
			Kind: "member", Enabled: true, Created: evidenceTime(t, "2019-01-10T09:30:00Z"), LastSignIn: evidenceTime(t, "2024-03-27T13:10:55Z"),
			SignInKnown: true, MFARegistered: evidenceBool(true), MFAEnforced: evidenceBool(true), AdminRoles: []string{"Super Admin"}, HasMailbox: evidenceBool(true)},
	}
	for i, w := range want {
		if diff := cmp.Diff(w, *page[i].Account); diff != "" {
			t.Errorf("user %d (-want +got):\n%s", i, diff)
		}
	}
	// The CSV download of the same users agrees on state, sign-in and 2SV.
	csvFacts := evidenceImport(t, GWSUsersCSV{}, "users.csv", evidenceFixture(t, "gws_users_csv", "users.csv"))
	for i := range csvFacts {
		a, b := *csvFacts[i].Account, *page[i].Account
		b.Created, b.HasMailbox, b.AdminRoles = nil, nil, nil
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("user %d: CSV and API differ (-csv +api):\n%s", i, diff)
		}
	}
}

func TestGWSUsersJSONCases(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		want  []audit.Account
		paths []string
	}{{
		name: "list of users, UTF-8 BOM, never and unknown sign-in",
		in: "\xEF\xBB\xBF[{\"kind\": \"admin#directory#user\", \"primaryEmail\": \"a@x.au\", \"lastLoginTime\": \"1970-01-01T00:00:00.000Z\"},\n" +
			" {\"primaryEmail\": \"b@x.au\", \"name\": {\"givenName\": \"Bo\", \"familyName\": \"Li\"}, \"archived\": true, \"password\": \"hunter2\", \"hashFunction\": \"SHA-1\"}]",
		want: []audit.Account{
			{System: "google", ID: "a@x.au", Email: "a@x.au", Kind: "member", Enabled: true, SignInKnown: true},
			{System: "google", ID: "b@x.au", Email: "b@x.au", DisplayName: "Bo Li", Kind: "member"},
		},
		paths: []string{"$[0]", "$[1]"},
	}, {
		name:  "a page with no users",
		in:    `{"kind": "admin#directory#users", "etag": "\"x\""}`,
		paths: nil,
	}, {
		name:  "users null",
		in:    `{"kind": "admin#directory#users", "users": null}`,
		paths: nil,
	}, {
		name: "users before kind, and both admin flags",
		in:   `{"users": [{"primaryEmail": "a@x.au", "isAdmin": true, "isDelegatedAdmin": true, "suspended": true}], "kind": "admin#directory#users"}`,
		want: []audit.Account{
			{System: "google", ID: "a@x.au", Email: "a@x.au", Kind: "member", AdminRoles: []string{"Super Admin", "Delegated Admin"}},
		},
		paths: []string{"$.users[0]"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			facts, err := GWSUsersJSON{}.Import("in.json", strings.NewReader(c.in))
			if err != nil {
				t.Fatal(err)
			}
			var got []audit.Account
			var paths []string
			for _, f := range facts {
				got = append(got, *f.Account)
				paths = append(paths, f.Source.Path)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.paths, paths); diff != "" {
				t.Errorf("paths (-want +got):\n%s", diff)
			}
			var buf bytes.Buffer
			if err := WriteFacts(&buf, facts); err != nil || strings.Contains(buf.String(), "hunter2") {
				t.Errorf("write: %v, or the password was kept", err)
			}
		})
	}
}

func TestGWSUsersJSONErrors(t *testing.T) {
	page := evidenceFixture(t, "gws_users_json", "users.json")
	cut := string(page[:len(page)/2])
	cases := []struct {
		name  string
		in    string
		line  int
		parts []string
	}{
		{"truncated", cut, strings.Count(cut, "\n") + 1, []string{"ends before the JSON is complete"}},
		{"syntax error", "{\"kind\": \"admin#directory#users\",\n \"users\": [\n  {\"primaryEmail\": \"a@x\",}\n]}", 3, []string{"not valid JSON"}},
		{"trailing data", "{\"kind\": \"admin#directory#users\", \"users\": []}\n{}", 2, []string{"more after the end"}},
		{"wrong type", "{\"kind\": \"admin#directory#users\", \"users\": [\n{\"primaryEmail\": \"a@x\",\n \"isAdmin\": \"yes\"}]}", 3, []string{"$.users[0].isAdmin", "true or false", "not text"}},
		{"bad lastLoginTime", "{\"kind\": \"admin#directory#users\", \"users\": [\n{\"primaryEmail\": \"a@x\",\n\n \"lastLoginTime\": \"yesterday\"}]}", 4, []string{"$.users[0].lastLoginTime", `"yesterday"`}},
		{"no primaryEmail", "{\"kind\": \"admin#directory#users\", \"users\": [{\"primaryEmail\": \"a@x\"},\n {\"id\": \"1\"}]}", 2, []string{"$.users[1] has no primaryEmail"}},
		{"user not an object", "{\"kind\": \"admin#directory#users\", \"users\": [\"a@x\"]}", 1, []string{"$.users[0] must be a user object"}},
		{"users not a list", "{\"kind\": \"admin#directory#users\", \"users\": {}}", 1, []string{"$.users must be a list"}},
		{"no users at all", "{\"etag\": \"x\"}", 1, []string{"no users list"}},
		{"a number", "42", 1, []string{"expected a Directory API users page"}},
		{"list of numbers", "[1]", 1, []string{"$[0] must be a users page or a user object"}},
		{"empty", "  \n", 1, []string{"empty"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evidenceWantError(t, GWSUsersJSON{}, []byte(c.in), c.line, c.parts...)
		})
	}
}

func FuzzGWSUsersJSON(f *testing.F) {
	evidenceFuzzSeeds(f, "gws_users_json")
	f.Add([]byte(`[{"primaryEmail": "a@x", "lastLoginTime": "1970-01-01T00:00:00.000Z", "name": {"fullName": 1}}]`))
	f.Add([]byte(`{"kind": "admin#directory#users", "users": [{"primaryEmail": "a@x", "creationTime": "0001-01-01T00:00:00Z"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		evidenceFuzzOne(t, GWSUsersJSON{}, data)
	})
}
