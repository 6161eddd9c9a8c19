package importer

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

// TestSharpHoundRealExcerpt reads the real SharpHound v6 excerpt and
// accounts for every record in it.
func TestSharpHoundRealExcerpt(t *testing.T) {
	data := evidenceFixture(t, "sharphound_users", "users.excerpt.json")
	var doc struct {
		Data []json.RawMessage `json:"data"`
		Meta struct {
			Type    string `json:"type"`
			Version int    `json:"version"`
			Count   int    `json:"count"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Meta.Type != "users" || doc.Meta.Version != 6 || doc.Meta.Count != 14 || len(doc.Data) != 3 {
		t.Fatalf("the excerpt is not as SOURCE.md describes: %+v, %d records", doc.Meta, len(doc.Data))
	}
	facts := evidenceImport(t, SharpHoundUsers{}, "users.excerpt.json", data)
	if len(facts) != len(doc.Data) {
		t.Fatalf("%d facts from %d records; every record must be accounted for", len(facts), len(doc.Data))
	}
	want := []audit.Fact{
		{Kind: audit.FactAccount, Source: audit.Source{Line: 3, Path: "$.data[0]"}, Account: &audit.Account{
			System: "ad", ID: `ESC1\SharpHound`, SAM: "SharpHound", Kind: "member", Enabled: true,
			Created:     evidenceTime(t, "2022-09-29T20:21:16Z"),
			LastSignIn:  evidenceTime(t, "2022-11-10T18:03:52Z"), // lastlogon, 3 s after lastlogontimestamp
			SignInKnown: true, SignInLagDays: 14, PasswordSet: evidenceTime(t, "2022-09-29T20:21:16Z"),
		}},
		{Kind: audit.FactAccount, Source: audit.Source{Line: 111, Path: "$.data[1]"}, Account: &audit.Account{
			System: "ad", ID: `ESC1\Jones`, SAM: "Jones", Kind: "member", Enabled: true,
			Created:     evidenceTime(t, "2022-09-29T22:19:00Z"),
			SignInKnown: true, SignInLagDays: 14, PasswordSet: evidenceTime(t, "2022-09-29T22:19:00Z"),
		}},
		{Kind: audit.FactAccount, Source: audit.Source{Line: 219, Path: "$.data[2]"}, Account: &audit.Account{
			System: "ad", ID: `ESC1\NETWORK SERVICE`, Kind: "service", Enabled: false,
		}},
	}
	if diff := cmp.Diff(want, facts); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSharpHoundUsersCases(t *testing.T) {
	rec := func(props string) string {
		return `{"data": [{"Properties": {` + props + `}, "ObjectIdentifier": "S-1-5-21-1-2-3-1105"}], "meta": {"type": "users", "version": 5}}`
	}
	cases := []struct {
		name string
		in   string
		want audit.Account
	}{
		{"flags, admincount, email, upn, display name",
			rec(`"name": "JO@CLINIC.LOCAL", "domain": "CLINIC.LOCAL", "samaccountname": "jo", "enabled": true, "pwdneverexpires": true, "passwordnotreqd": true, "admincount": true, "email": "jo@clinic.au", "userprincipalname": "jo@clinic.au", "displayname": "Jo Bloggs", "lastlogon": 1714550400, "lastlogontimestamp": 0`),
			audit.Account{System: "ad", ID: `CLINIC\jo`, UPN: "jo@clinic.au", Email: "jo@clinic.au", SAM: "jo", DisplayName: "Jo Bloggs", Kind: "member", Enabled: true,
				LastSignIn: evidenceTime(t, "2024-05-01T08:00:00Z"), SignInKnown: true, SignInLagDays: 14, AdminRoles: []string{adAdminCountRole},
				PasswordNeverExpires: true, PasswordNotRequired: true}},
		{"service account by description, disabled, domain from the name",
			rec(`"name": "BPSQL@CLINIC.LOCAL", "samaccountname": "bpsql", "enabled": false, "description": "Service account for Best Practice", "whencreated": 1600000000.0`),
			audit.Account{System: "ad", ID: `CLINIC\bpsql`, SAM: "bpsql", Kind: "service", Created: evidenceTime(t, "2020-09-13T12:26:40Z")}},
		{"a stub that is not a built-in principal is taken as enabled",
			rec(`"name": "OLDUSER@OTHER.LOCAL", "domain": "OTHER.LOCAL"`),
			audit.Account{System: "ad", ID: `OTHER\OLDUSER`, Kind: "member", Enabled: true}},
		{"older versions' 0 and 1 flags, and nulls",
			rec(`"name": "A@X.LOCAL", "samaccountname": "a", "enabled": 1, "pwdneverexpires": 0, "email": null, "lastlogon": null, "lastlogontimestamp": -1`),
			audit.Account{System: "ad", ID: `X\a`, SAM: "a", Kind: "member", Enabled: true, SignInKnown: true, SignInLagDays: 14}},
		{"SharpHound 3 names the list users",
			`{"users": [{"Properties": {"name": "A@X.LOCAL", "domain": "X.LOCAL", "enabled": true, "pwdneverexpires": false}}], "meta": {"type": "users", "count": 1, "version": 3}}`,
			audit.Account{System: "ad", ID: `X\A`, Kind: "member", Enabled: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			facts := evidenceImport(t, SharpHoundUsers{}, "users.json", []byte(c.in))
			if len(facts) != 1 {
				t.Fatalf("%d facts", len(facts))
			}
			if diff := cmp.Diff(c.want, *facts[0].Account); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSharpHoundUsersErrors(t *testing.T) {
	excerpt := string(evidenceFixture(t, "sharphound_users", "users.excerpt.json"))
	cut := excerpt[:len(excerpt)*2/3]
	cases := []struct {
		name  string
		in    string
		line  int
		parts []string
	}{
		{"truncated", cut, strings.Count(cut, "\n") + 1, []string{"ends before the JSON is complete"}},
		{"bad epoch", strings.Replace(excerpt, `"lastlogon": 0,`, `"lastlogon": "never",`, 1), 128, []string{"$.data[1].Properties.lastlogon", `"never"`, "seconds since 1970"}},
		{"negative epoch", strings.Replace(excerpt, `"whencreated": 1664489940,`, `"whencreated": -7,`, 1), 120, []string{"$.data[1].Properties.whencreated", "-7"}},
		{"fractional epoch", "{\"data\": [{\"Properties\": {\"name\": \"A@X\",\n\"pwdlastset\": 1.5}}]}", 2, []string{"pwdlastset", "1.5"}},
		{"bad flag", "{\"data\": [\n{\"Properties\": {\"name\": \"A@X\", \"enabled\": \"yes\"}}]}", 2, []string{"$.data[0].Properties.enabled", "true or false"}},
		{"bad text", "{\"data\": [{\"Properties\": {\"name\": 7}}]}", 1, []string{"$.data[0].Properties.name", "text"}},
		{"no name", "{\"data\": [{\"Properties\": {\"domain\": \"X\"}}]}", 1, []string{"neither samaccountname nor name"}},
		{"no Properties", "{\"data\": [{\"Properties\": {\"name\": \"A@X\"}},\n {\"Aces\": []}]}", 2, []string{"$.data[1] has no Properties"}},
		{"Properties not an object", "{\"data\": [{\"Properties\": []}]}", 1, []string{"$.data[0].Properties must be an object"}},
		{"record not an object", "{\"data\": [7]}", 1, []string{"$.data[0] must be a user record"}},
		{"data not a list", "{\"data\": {}}", 1, []string{"$.data must be a list"}},
		{"no data", "{\"meta\": {\"type\": \"users\"}}", 1, []string{"no data list"}},
		{"computers file", "{\"data\": [],\n\"meta\": {\"type\": \"computers\", \"version\": 6}}", 2, []string{"meta.type", "computers"}},
		{"not an object", "[]", 1, []string{"expected a SharpHound users file"}},
		{"two lists", "{\"data\": [],\n \"users\": []}", 2, []string{"both a data and a users list"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evidenceWantError(t, SharpHoundUsers{}, []byte(c.in), c.line, c.parts...)
		})
	}
}

func FuzzSharpHoundUsers(f *testing.F) {
	evidenceFuzzSeeds(f, "sharphound_users")
	f.Add([]byte(`{"data": [{"Properties": {"name": "A@X.LOCAL", "enabled": 1, "lastlogon": 253402300799, "whencreated": 1e3}, "ObjectIdentifier": "X-S-1-5-18"}], "meta": {"type": "users"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		evidenceFuzzOne(t, SharpHoundUsers{}, data)
	})
}
