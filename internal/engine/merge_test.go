package engine

import (
	"testing"
	"time"

	"triage/internal/audit"
)

func boolp(b bool) *bool { return &b }

func TestMergeAccountsFoldsPartials(t *testing.T) {
	t1 := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	t2 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	facts := []audit.Fact{
		{Kind: audit.FactAccount, Account: &audit.Account{System: "entra", ID: "Anna@clinic.com.au", ObjectID: "oid-1", Enabled: true, LastSignIn: &t1, SignInKnown: true}},
		{Kind: audit.FactAccount, Account: &audit.Account{System: "entra", ID: "anna@clinic.com.au", Partial: true, MFARegistered: boolp(true), MFAMethods: []string{"fido2"}}},
		{Kind: audit.FactAccount, Account: &audit.Account{System: "entra", ID: "oid-1", ObjectID: "oid-1", Partial: true, AdminRoles: []string{"Global Administrator"}}},
		{Kind: audit.FactAccount, Account: &audit.Account{System: "entra", ID: "anna@clinic.com.au", Partial: true, LastSignIn: &t2, SignInKnown: true, LegacyAuthSignIns: 3}},
		{Kind: audit.FactAccount, Account: &audit.Account{System: "entra", ID: "ghost@clinic.com.au", Partial: true, LegacyAuthSignIns: 9}},
		{Kind: audit.FactDevice, Device: &audit.Device{Name: "PC-1"}},
	}
	merged, unmatched := MergeAccounts(facts)
	if len(merged) != 2 || unmatched != 1 {
		t.Fatalf("got %d facts and %d unmatched, want 2 and 1", len(merged), unmatched)
	}
	a := merged[0].Account
	if a.MFARegistered == nil || !*a.MFARegistered || len(a.AdminRoles) != 1 || a.LegacyAuthSignIns != 3 || !a.LastSignIn.Equal(t2) {
		t.Fatalf("merge incomplete: %+v", a)
	}
	if facts[0].Account.MFARegistered != nil {
		t.Fatal("merging changed the caller's facts")
	}
}

// A user list without sign-in dates and a sign-in export of the same
// tenant describe the same accounts: they become one account each.
func TestMergeAccountsJoinsFullDuplicates(t *testing.T) {
	last := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	facts := []audit.Fact{
		{Kind: audit.FactAccount, Source: audit.Source{File: "entra.csv", Line: 2}, Account: &audit.Account{System: "entra", ID: "anna@clinic.com.au", Enabled: true}},
		{Kind: audit.FactAccount, Source: audit.Source{File: "users.json"}, Account: &audit.Account{System: "entra", ID: "ANNA@clinic.com.au", Enabled: true, LastSignIn: &last, SignInKnown: true}},
	}
	merged, _ := MergeAccounts(facts)
	if len(merged) != 1 {
		t.Fatalf("got %d accounts, want 1", len(merged))
	}
	if a := merged[0].Account; !a.SignInKnown || !a.LastSignIn.Equal(last) || merged[0].Source.File != "entra.csv" {
		t.Fatalf("merged %+v from %s", a, merged[0].Source.File)
	}
}

func TestSupersedeGaps(t *testing.T) {
	last := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	gap := audit.Fact{Kind: audit.FactGap, Gap: &audit.Gap{Topic: "accounts.sign_in", Reason: "the user download has no sign-in dates"}}
	mfaGap := audit.Fact{Kind: audit.FactGap, Gap: &audit.Gap{Topic: "accounts.mfa", Reason: "no MFA report"}}
	withSignIns := audit.Fact{Kind: audit.FactAccount, Account: &audit.Account{System: "entra", ID: "a", Enabled: true, LastSignIn: &last, SignInKnown: true}}
	got := SupersedeGaps([]audit.Fact{gap, mfaGap, withSignIns})
	if len(got) != 2 || got[0].Gap.Topic != "accounts.mfa" {
		t.Fatalf("got %+v, want the sign-in gap dropped and the MFA gap kept", got)
	}
}

func TestIdentityListsUnmatchedAccounts(t *testing.T) {
	staff := []audit.Person{{Name: "Anna Nguyen", Role: "gp", Email: "anna@clinic.com.au", Accounts: []string{`CLINIC\anguyen`}}}
	acct := func(system, id, kind string, enabled bool) audit.Fact {
		return audit.Fact{Kind: audit.FactAccount, Source: audit.Source{File: system + ".csv", Line: 2},
			Account: &audit.Account{System: system, ID: id, Kind: kind, Enabled: enabled}}
	}
	j := Identity(staff, []audit.Fact{
		acct("entra", "anna@clinic.com.au", audit.AccountMember, true),
		acct("ad", `CLINIC\anguyen`, audit.AccountMember, true),
		acct("entra", "frontdesk@clinic.com.au", audit.AccountMember, true),
		acct("entra", "info@clinic.com.au", audit.AccountSharedMailbox, false),
		acct("ad", `CLINIC\old`, audit.AccountMember, false),
	})
	if j == nil || j.Accounts != 3 || j.Matched != 2 || len(j.Unmatched) != 1 || j.Unmatched[0].ID != "frontdesk@clinic.com.au" || j.Unmatched[0].Source == nil {
		t.Fatalf("identity join %+v", j)
	}
	if Identity(nil, nil) != nil {
		t.Fatal("no staff and no accounts should give no join")
	}
}
