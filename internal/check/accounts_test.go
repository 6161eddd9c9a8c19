package check

import (
	"testing"

	"triage/internal/audit"
)

// Everyday clinic accounts: everyone current signed in this week.
func currentAccounts() []audit.Fact {
	return []audit.Fact{
		account(audit.Account{System: "entra", ID: "anna.nguyen@clinic.com.au", Enabled: true, SignInKnown: true, LastSignIn: at("2026-10-30T08:05")}),
		account(audit.Account{System: "entra", ID: "ben.carter@clinic.com.au", Enabled: true, SignInKnown: true, LastSignIn: at("2026-10-29T07:50")}),
		account(audit.Account{System: "entra", ID: "emma.brown@clinic.com.au", Enabled: true, SignInKnown: true, LastSignIn: at("2026-10-30T12:00")}),
	}
}

func withFacts(base []audit.Fact, more ...audit.Fact) []audit.Fact {
	return append(append([]audit.Fact{}, base...), more...)
}

func TestLeavers(t *testing.T) {
	chloeOff := account(audit.Account{System: "entra", ID: "chloe.smith@clinic.com.au", DisabledOn: at("2026-08-15T17:00")})
	davidOff := account(audit.Account{System: "ad", ID: `CLINIC\dlee`, SAM: "dlee", DisabledOn: at("2026-10-21T09:00")})
	chloeOn := account(audit.Account{System: "entra", ID: "chloe.smith@clinic.com.au", Enabled: true, SignInKnown: true, LastSignIn: at("2026-09-02T10:30")})
	chloeAD := account(audit.Account{System: "ad", ID: `CLINIC\csmith`, SAM: "csmith", Enabled: true})
	chloeLate := account(audit.Account{System: "entra", ID: "chloe.smith@clinic.com.au", DisabledOn: at("2026-08-20T11:00")})
	chloeMailbox := account(audit.Account{System: "entra", ID: "chloe.smith@clinic.com.au", Kind: audit.AccountSharedMailbox, Enabled: true})
	chloeByName := account(audit.Account{System: "google", ID: "csmith2@clinic.com.au", DisplayName: "Chloe Smith", Enabled: true})
	stayed := clinic()
	for i := range stayed.Staff {
		stayed.Staff[i].End = nil
	}
	licence := gap("accounts", "Google Workspace users could not be exported: the admin API is not enabled.")
	cases := []kindCase{
		{name: "every leaver disabled", params: Params{"grace_days": 1}, practice: clinic(), facts: withFacts(currentAccounts(), chloeOff, davidOff),
			status: audit.Pass, reason: "No one who has left still has an enabled account (2 leavers checked)."},
		{name: "leaver enabled in two systems", params: Params{"grace_days": 1}, practice: clinic(), facts: withFacts(currentAccounts(), chloeOn, chloeAD, davidOff),
			status: audit.Fail, reason: "1 of 2 people who have left still has an enabled account.",
			subjects: []string{`CLINIC\csmith`, "chloe.smith@clinic.com.au"}, urgency: []string{"leaver still active"}},
		{name: "disabled days late", practice: clinic(), facts: withFacts(currentAccounts(), chloeLate, davidOff),
			status: audit.Warn, reason: "No one who has left still has an enabled account, but 1 account was disabled more than 1 day after the last day (2 leavers checked).",
			subjects: []string{"chloe.smith@clinic.com.au"}},
		{name: "a wider grace period", params: Params{"grace_days": 7}, practice: clinic(), facts: withFacts(currentAccounts(), chloeLate, davidOff),
			status: audit.Pass},
		{name: "mailbox kept as shared mailbox", practice: clinic(), facts: withFacts(currentAccounts(), chloeMailbox, davidOff),
			status: audit.Pass},
		{name: "matched by exact display name", practice: clinic(), facts: withFacts(currentAccounts(), chloeByName),
			status: audit.Fail, subjects: []string{"csmith2@clinic.com.au"}, urgency: []string{"leaver still active"}},
		{name: "no one has left", practice: stayed, facts: currentAccounts(),
			status: audit.Pass, reason: "No one listed in practice.yaml has left (5 people checked)."},
		{name: "no accounts", practice: clinic(), status: audit.NotChecked, reason: noAccounts},
		{name: "no staff listed", practice: &audit.Practice{Name: "Harbourside"}, facts: currentAccounts(), status: audit.NotChecked, contains: "practice.yaml lists no staff"},
		{name: "gap and nothing found", practice: clinic(), facts: withFacts(currentAccounts(), chloeOff, licence),
			status: audit.NotChecked, reason: "Could not check: Google Workspace users could not be exported: the admin API is not enabled."},
		{name: "gap does not hide a live leaver", practice: clinic(), facts: withFacts(currentAccounts(), chloeOn, licence),
			status: audit.Fail, contains: "some evidence could not be read: Google Workspace users", subjects: []string{"chloe.smith@clinic.com.au"}, urgency: []string{"leaver still active"}},
	}
	runKind(t, "accounts.leavers", cases)

	in := Input{Evidence: NewEvidence([]audit.Fact{chloeOn}), Practice: clinic(), AsOf: asOf}
	want := "enabled in entra; Chloe Smith left on 2026-08-15 (77 days ago); signed in on 2026-09-02, after leaving"
	if got := detailOf(t, "accounts.leavers", in, "chloe.smith@clinic.com.au"); got != want {
		t.Errorf("detail = %q\n want %q", got, want)
	}
}

func TestDormant(t *testing.T) {
	p := Params{"warn_days": 45, "fail_days": 90}
	stale := account(audit.Account{System: "entra", ID: "locum1@clinic.com.au", Enabled: true, SignInKnown: true, LastSignIn: at("2026-06-01T08:15")})
	quiet := account(audit.Account{System: "entra", ID: "reception@clinic.com.au", Enabled: true, SignInKnown: true, LastSignIn: at("2026-09-01T08:00")})
	adLag := account(audit.Account{System: "ad", ID: `CLINIC\bcarter`, Enabled: true, SignInKnown: true, LastSignIn: at("2026-09-10T08:00"), SignInLagDays: 14})
	newStarter := account(audit.Account{System: "entra", ID: "frank.ho@clinic.com.au", Enabled: true, SignInKnown: true, Created: at("2026-10-20T09:00")})
	neverOld := account(audit.Account{System: "google", ID: "temp@clinic.com.au", Enabled: true, SignInKnown: true, Created: at("2026-01-05T09:00")})
	neverUndated := account(audit.Account{System: "entra", ID: "pathology@clinic.com.au", Enabled: true, SignInKnown: true})
	skipped := []audit.Fact{
		account(audit.Account{System: "entra", ID: "old.gp@clinic.com.au", SignInKnown: true, LastSignIn: at("2024-01-01")}),
		account(audit.Account{System: "entra", ID: "info@clinic.com.au", Kind: audit.AccountSharedMailbox, Enabled: true, SignInKnown: true}),
		account(audit.Account{System: "ad", ID: `CLINIC\svc-backup`, Kind: audit.AccountService, Enabled: true, SignInKnown: true, LastSignIn: at("2025-01-01")}),
	}
	noSignIn := account(audit.Account{System: "entra", ID: "nurse2@clinic.com.au", Enabled: true})
	cases := []kindCase{
		{name: "everyone active", params: p, facts: withFacts(currentAccounts(), skipped...),
			status: audit.Pass, reason: "All 3 enabled accounts have signed in within the last 45 days."},
		{name: "one quiet account", params: p, facts: withFacts(currentAccounts(), quiet),
			status: audit.Warn, reason: "1 of 4 enabled accounts has not signed in for more than 45 days.", subjects: []string{"reception@clinic.com.au"}},
		{name: "one stale account", params: p, facts: withFacts(currentAccounts(), stale),
			status: audit.Fail, reason: "1 of 4 enabled accounts has not signed in for more than 90 days.", subjects: []string{"locum1@clinic.com.au"}},
		{name: "stale and quiet", params: p, facts: withFacts(currentAccounts(), stale, quiet),
			status: audit.Fail, reason: "2 of 5 enabled accounts have not signed in for more than 45 days, 1 of them for more than 90.",
			subjects: []string{"locum1@clinic.com.au", "reception@clinic.com.au"}},
		{name: "AD lag added to thresholds", params: p, facts: withFacts(currentAccounts(), adLag), status: audit.Pass},
		{name: "never signed in, new", params: p, facts: withFacts(currentAccounts(), newStarter), status: audit.Pass},
		{name: "never signed in, old", params: p, facts: withFacts(currentAccounts(), neverOld), status: audit.Fail, subjects: []string{"temp@clinic.com.au"}},
		{name: "never signed in, undated", params: p, facts: withFacts(currentAccounts(), neverUndated), status: audit.Warn, subjects: []string{"pathology@clinic.com.au"}},
		{name: "some sign-ins unknown", params: p, facts: withFacts(currentAccounts(), noSignIn),
			status: audit.Pass, reason: "All 3 enabled accounts have signed in within the last 45 days, not counting 1 account whose last sign-in is unknown."},
		{name: "no sign-ins known", params: p, facts: []audit.Fact{noSignIn}, status: audit.NotChecked, contains: "do not say when accounts last signed in"},
		{name: "only disabled and service accounts", params: p, facts: skipped, status: audit.NotChecked, contains: "no enabled staff or guest accounts"},
		{name: "no accounts", params: p, status: audit.NotChecked, reason: noAccounts},
		{name: "partial facts are not judged alone", params: p, facts: []audit.Fact{account(audit.Account{System: "entra", ID: "old@clinic.com.au", Partial: true, SignInKnown: true, LastSignIn: at("2025-01-01")})},
			status: audit.NotChecked, reason: noAccounts},
		{name: "sign-in licence gap", params: p, facts: withFacts(currentAccounts(), gap("accounts.sign_in", "Sign-in activity needs an Entra ID P1 licence.")),
			status: audit.NotChecked, reason: "Could not check: Sign-in activity needs an Entra ID P1 licence."},
	}
	runKind(t, "accounts.dormant", cases)

	in := Input{Evidence: NewEvidence([]audit.Fact{stale, neverOld}), AsOf: asOf, Params: p}
	if got, want := detailOf(t, "accounts.dormant", in, "locum1@clinic.com.au"), "enabled in entra (last sign-in 2026-06-01, 152 days ago)"; got != want {
		t.Errorf("detail = %q, want %q", got, want)
	}
	if got, want := detailOf(t, "accounts.dormant", in, "temp@clinic.com.au"), "enabled in google (never signed in; created 2026-01-05, 299 days ago)"; got != want {
		t.Errorf("detail = %q, want %q", got, want)
	}
}

func TestShared(t *testing.T) {
	p := Params{"patterns": []any{
		`(?i)^([^\\]*\\)?(reception(ist)?|front[._ -]?(desk|office))[._ -]?\d*(@|$)`,
		`(?i)^([^\\]*\\)?nurs(e|es|ing)[._ -]?\d*(@|$)`,
	}, "max_devices_per_day": 3}
	reception := account(audit.Account{System: "entra", ID: "reception@clinic.com.au", Enabled: true})
	frontDesk := account(audit.Account{System: "ad", ID: `CLINIC\frontdesk2`, SAM: "frontdesk2", Enabled: true})
	nurses := account(audit.Account{System: "entra", ID: "treatment.room@clinic.com.au", Enabled: true, Shared: true})
	hopper := account(audit.Account{System: "entra", ID: "ben.carter@clinic.com.au", Enabled: true, MaxDevicesPerDay: 4})
	mailbox := account(audit.Account{System: "entra", ID: "reception@clinic.com.au", Kind: audit.AccountSharedMailbox, Enabled: true})
	offReception := account(audit.Account{System: "entra", ID: "reception.old@clinic.com.au"})
	cases := []kindCase{
		{name: "personal accounts only", params: p, facts: withFacts(currentAccounts(), mailbox, offReception),
			status: audit.Pass, reason: "No enabled account that can sign in looks shared or generic (3 accounts checked)."},
		{name: "generic names", params: p, facts: withFacts(currentAccounts(), reception, frontDesk),
			status: audit.Fail, reason: "2 of 5 enabled accounts that can sign in look shared or generic.",
			subjects: []string{`CLINIC\frontdesk2`, "reception@clinic.com.au"}},
		{name: "recorded as shared", params: p, facts: withFacts(currentAccounts(), nurses), status: audit.Fail, subjects: []string{"treatment.room@clinic.com.au"}},
		{name: "many devices in a day", params: p, facts: currentAccounts()[:1:1], status: audit.Pass},
		{name: "many devices in a day fails", params: p, facts: []audit.Fact{hopper}, status: audit.Fail, subjects: []string{"ben.carter@clinic.com.au"}},
		{name: "no accounts", params: p, status: audit.NotChecked, reason: noAccounts},
		{name: "broken pattern", params: Params{"patterns": []any{"(reception"}}, facts: currentAccounts(), status: audit.NotChecked, contains: "not a valid regular expression", skipValidate: true},
		{name: "gap", params: p, facts: withFacts(currentAccounts(), gap("accounts", "The AD export could not be read.")), status: audit.NotChecked, reason: "Could not check: The AD export could not be read."},
	}
	runKind(t, "accounts.shared", cases)
}

func TestGuests(t *testing.T) {
	p := Params{"dormant_days": 45}
	locum := account(audit.Account{System: "entra", ID: "locum_gmail.com#EXT#@clinic.onmicrosoft.com", Kind: audit.AccountGuest, Enabled: true, SignInKnown: true, LastSignIn: at("2026-03-01T09:00")})
	msp := account(audit.Account{System: "entra", ID: "support@coastalit.com.au", Kind: audit.AccountGuest, Vendor: "Coastal IT", Enabled: true, SignInKnown: true, LastSignIn: at("2026-10-28T14:00")})
	vendorAD := account(audit.Account{System: "ad", ID: `CLINIC\bps-support`, Vendor: "Best Practice", Enabled: true, SignInKnown: true})
	guestUnknown := account(audit.Account{System: "entra", ID: "pathlab@labs.com.au", Kind: audit.AccountGuest, Enabled: true})
	cases := []kindCase{
		{name: "vendor recently used", params: p, facts: withFacts(currentAccounts(), msp),
			status: audit.Pass, reason: "The only enabled guest or vendor account has been used within the last 45 days."},
		{name: "unused guest and vendor", params: p, facts: withFacts(currentAccounts(), locum, msp, vendorAD),
			status: audit.Warn, reason: "2 of 3 enabled guest and vendor accounts have not been used for more than 45 days.",
			subjects: []string{`CLINIC\bps-support`, "locum_gmail.com#EXT#@clinic.onmicrosoft.com"}},
		{name: "no guests at all", params: p, facts: currentAccounts(), status: audit.Pass, reason: "There are no enabled guest or vendor accounts (3 accounts checked)."},
		{name: "sign-in unknown", params: p, facts: withFacts(currentAccounts(), guestUnknown), status: audit.NotChecked, contains: "do not say when"},
		{name: "no accounts", params: p, status: audit.NotChecked, reason: noAccounts},
		{name: "gap", params: p, facts: withFacts(currentAccounts(), msp, gap("accounts.sign_in", "No P1 licence")), status: audit.NotChecked, reason: "Could not check: No P1 licence."},
	}
	runKind(t, "accounts.guests", cases)
}

func TestLegacyAuth(t *testing.T) {
	logged := account(audit.Account{System: "entra", ID: "anna.nguyen@clinic.com.au", Enabled: true, MaxDevicesPerDay: 2})
	imap := account(audit.Account{System: "entra", ID: "reception@clinic.com.au", Enabled: true, MaxDevicesPerDay: 1, LegacyAuthSignIns: 12, SingleFactorSignIns: 3})
	cases := []kindCase{
		{name: "clean logs", facts: withFacts(currentAccounts(), logged),
			status: audit.Pass, reason: "No sign-in in the logs used an old email client or a password alone (1 account seen)."},
		{name: "legacy client", facts: withFacts(currentAccounts(), logged, imap),
			status: audit.Fail, reason: "1 of 2 accounts seen in the sign-in logs signed in with a method that skips MFA.", subjects: []string{"reception@clinic.com.au"}},
		{name: "no sign-in logs", facts: currentAccounts(), status: audit.NotChecked, contains: "No sign-in logs were provided"},
		{name: "no accounts", status: audit.NotChecked, reason: noAccounts},
		{name: "gap", facts: withFacts(currentAccounts(), gap("accounts.sign_in", "Sign-in logs need an Entra ID P1 licence")), status: audit.NotChecked},
	}
	runKind(t, "accounts.legacy_auth", cases)
}
