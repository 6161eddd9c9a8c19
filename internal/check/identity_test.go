package check

import (
	"slices"
	"testing"

	"triage/internal/audit"
)

func TestJoinAccounts(t *testing.T) {
	staff := []audit.Person{
		{Name: "Dr Anna Nguyen", Email: "Anna.Nguyen@clinic.com.au", Accounts: []string{`CLINIC\anguyen`}},
		{Name: "Ben Carter", Email: "ben.carter@clinic.com.au", Accounts: []string{"reception"}},
		{Name: "Chloe Smith", Email: "chloe.smith@clinic.com.au", Accounts: []string{"reception", "chloe@bpsoftware.local"}},
		{Name: "Sam Patel", Email: "sam.patel@clinic.com.au"},
		{Name: "Sam Patel", Email: "spatel@clinic.com.au"},
	}
	accounts := []audit.Fact{
		account(audit.Account{System: "entra", ID: "anna.nguyen@clinic.com.au", UPN: "anna.nguyen@clinic.com.au"}),     // email, case-insensitive
		account(audit.Account{System: "ad", ID: `CLINIC\anguyen`, SAM: "anguyen"}),                                     // alias as written
		account(audit.Account{System: "local", ID: `GP-ROOM1\anguyen`}),                                                // DOMAIN\x against the alias's x
		account(audit.Account{System: "ad", ID: `CLINIC\reception`, SAM: "reception"}),                                 // shared alias: both people
		account(audit.Account{System: "pms", ID: "chloe@bpsoftware.local"}),                                            // alias that is an address
		account(audit.Account{System: "google", ID: "b.carter@clinic.com.au", DisplayName: " ben carter "}),            // name as last resort
		account(audit.Account{System: "entra", ID: "sam@clinic.com.au", DisplayName: "Sam Patel"}),                     // name is ambiguous
		account(audit.Account{System: "entra", ID: "bcarter@clinic.com.au", DisplayName: "Chloe Smith", UPN: "x@y.z"}), // no key, unique name
		account(audit.Account{System: "entra", ID: "scanner@clinic.com.au", DisplayName: "Scan to email"}),             // nobody
		{Kind: audit.FactDevice, Device: &audit.Device{Name: "RECEPTION-01"}},                                          // not an account
	}
	people, unmatched := JoinAccounts(staff, accounts)
	want := map[string][]string{
		"Dr Anna Nguyen": {"anna.nguyen@clinic.com.au", `CLINIC\anguyen`, `GP-ROOM1\anguyen`},
		"Ben Carter":     {`CLINIC\reception`, "b.carter@clinic.com.au"},
		"Chloe Smith":    {`CLINIC\reception`, "chloe@bpsoftware.local", "bcarter@clinic.com.au"},
	}
	if len(people) != len(staff) {
		t.Fatalf("got %d people, want %d", len(people), len(staff))
	}
	for i, pa := range people {
		if pa.Person.Email != staff[i].Email {
			t.Errorf("person %d is %s, want practice.yaml order", i, pa.Person.Email)
		}
		var ids []string
		for _, f := range pa.Accounts {
			ids = append(ids, f.Account.ID)
		}
		if !slices.Equal(ids, want[pa.Person.Name]) {
			t.Errorf("%s: accounts %q, want %q", pa.Person.Name, ids, want[pa.Person.Name])
		}
	}
	var left []string
	for _, f := range unmatched {
		left = append(left, f.Account.ID)
	}
	if w := []string{"sam@clinic.com.au", "scanner@clinic.com.au"}; !slices.Equal(left, w) {
		t.Errorf("unmatched %q, want %q", left, w)
	}
}

func TestIdentifierKeys(t *testing.T) {
	cases := []struct {
		in   []string
		want []string
	}{
		{[]string{" Anna.Nguyen@Clinic.com.au "}, []string{"anna.nguyen@clinic.com.au"}},
		{[]string{`CLINIC\ANguyen`}, []string{`clinic\anguyen`, "anguyen"}},
		{[]string{"", "dlee", "DLEE"}, []string{"dlee"}},
		{[]string{`CLINIC\`}, []string{`clinic\`}},
	}
	for _, c := range cases {
		if got := identifierKeys(c.in...); !slices.Equal(got, c.want) {
			t.Errorf("identifierKeys(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
