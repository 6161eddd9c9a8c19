package check

import (
	"testing"

	"triage/internal/audit"
)

func mfaUser(id string, capable *bool, methods ...string) audit.Fact {
	return account(audit.Account{System: "entra", ID: id, Enabled: true, MFACapable: capable, MFARegistered: capable, MFAMethods: methods})
}

func TestMFAAll(t *testing.T) {
	p := Params{"sms_only_warn_pct": 20}
	on := setting("entra", "mfa.tenant_enforced", yes, nil)
	off := setting("entra", "mfa.tenant_enforced", no, nil)
	staff := []audit.Fact{
		mfaUser("anna.nguyen@clinic.com.au", yes, "microsoftAuthenticatorPush", "mobilePhone"),
		mfaUser("ben.carter@clinic.com.au", yes, "fido2"),
		mfaUser("emma.brown@clinic.com.au", yes, "softwareOneTimePasscode", "email"),
		mfaUser("frank.ho@clinic.com.au", yes, "phoneAppNotification"),
		mfaUser("gina.rossi@clinic.com.au", yes, "mobilePhone", "email"),
	}
	lacking := mfaUser("reception@clinic.com.au", no)
	smsOnly := mfaUser("nurse2@clinic.com.au", yes, "mobilePhone")
	guestNoMFA := account(audit.Account{System: "entra", ID: "locum_gmail.com#EXT#@clinic.onmicrosoft.com", Kind: audit.AccountGuest, Enabled: true, MFACapable: no})
	unknownUser := account(audit.Account{System: "entra", ID: "pathology@clinic.com.au", Enabled: true})
	cases := []kindCase{
		{name: "enforced and everyone capable", params: p, facts: withFacts(staff, on, guestNoMFA),
			status: audit.Pass, reason: "MFA is enforced for the whole tenant and all 5 enabled staff accounts can use MFA."},
		{name: "enforcement only", params: p, facts: []audit.Fact{on}, status: audit.Pass, reason: "MFA is enforced for the whole tenant."},
		{name: "per-user only", params: p, facts: withFacts(staff, unknownUser),
			status: audit.Pass, reason: "All 5 enabled staff accounts can use MFA (whether it is enforced tenant-wide was not in the evidence), not counting 1 whose MFA is unknown."},
		{name: "not enforced", params: p, facts: withFacts(staff, off),
			status: audit.Fail, reason: "MFA is not enforced for the whole tenant.", subjects: []string{"mfa.tenant_enforced"}, urgency: []string{"internet-exposed"}},
		{name: "a member without MFA", params: p, facts: withFacts(staff, on, lacking),
			status: audit.Fail, reason: "1 of 6 enabled staff accounts has no MFA.", subjects: []string{"reception@clinic.com.au"}, urgency: []string{"internet-exposed"}},
		{name: "both problems", params: p, facts: withFacts(staff, off, lacking),
			status: audit.Fail, reason: "MFA is not enforced for the whole tenant and 1 of 6 enabled staff accounts has no MFA.",
			subjects: []string{"mfa.tenant_enforced", "reception@clinic.com.au"}, urgency: []string{"internet-exposed"}},
		{name: "too many on text codes", params: p, facts: withFacts(staff, on, smsOnly),
			status: audit.Warn, reason: "2 of 6 staff accounts with MFA (33.3%) rely only on text-message or phone-call codes, more than the 20% allowed.",
			subjects: []string{"gina.rossi@clinic.com.au", "nurse2@clinic.com.au"}},
		{name: "nothing known", params: p, facts: []audit.Fact{unknownUser}, status: audit.NotChecked, contains: "neither whether MFA is enforced"},
		{name: "no evidence", params: p, status: audit.NotChecked, contains: "No account exports were provided"},
		{name: "gap", params: p, facts: withFacts(staff, on, gap("accounts.mfa", "The authentication methods report needs AuditLog.Read.All.")),
			status: audit.NotChecked, reason: "Could not check: The authentication methods report needs AuditLog.Read.All."},
	}
	runKind(t, "accounts.mfa_all", cases)
}

func adminAccount(id string, mfa *bool, methods []string, roles ...string) audit.Fact {
	return account(audit.Account{System: "entra", ID: id, Enabled: true, AdminRoles: roles, MFACapable: mfa, MFARegistered: mfa, MFAMethods: methods})
}

func TestAdminMFA(t *testing.T) {
	p := Params{"phishing_resistant": []any{"fido2", "windowsHelloForBusiness", "passKeyDeviceBound"}}
	keyed := adminAccount("admin.emma@clinic.com.au", yes, []string{"FIDO2", "microsoftAuthenticatorPush"}, "Global Administrator")
	msp := adminAccount("breakglass@clinic.onmicrosoft.com", yes, []string{"passKeyDeviceBound"}, "Global Administrator")
	pushOnly := adminAccount("admin@clinic.com.au", yes, []string{"microsoftAuthenticatorPush"}, "Global Administrator", "Exchange Administrator")
	none := adminAccount("it@coastalit.com.au", no, nil, "Helpdesk Administrator")
	unknownAdmin := adminAccount("old.admin@clinic.com.au", nil, nil, "Global Administrator")
	cases := []kindCase{
		{name: "keys everywhere", params: p, facts: withFacts(currentAccounts(), keyed, msp),
			status: audit.Pass, reason: "Both admin accounts have MFA with a phishing-resistant method."},
		{name: "push only", params: p, facts: withFacts(currentAccounts(), keyed, pushOnly),
			status: audit.Warn, reason: "1 of 2 admin accounts has MFA but no phishing-resistant method such as a security key or passkey.", subjects: []string{"admin@clinic.com.au"}},
		{name: "admin without MFA", params: p, facts: withFacts(currentAccounts(), keyed, pushOnly, none),
			status: audit.Fail, reason: "1 of 3 admin accounts has no MFA.", subjects: []string{"admin@clinic.com.au", "it@coastalit.com.au"}, urgency: []string{"internet-exposed"}},
		{name: "unknown admin left out", params: p, facts: withFacts(currentAccounts(), keyed, unknownAdmin),
			status: audit.Pass, reason: "The only admin account has MFA with a phishing-resistant method, not counting 1 whose MFA is unknown."},
		{name: "no roles in exports", params: p, facts: currentAccounts(), status: audit.NotChecked, contains: "No account export lists admin roles"},
		{name: "mfa unknown", params: p, facts: []audit.Fact{unknownAdmin}, status: audit.NotChecked, contains: "do not say whether the 1 admin account has MFA"},
		{name: "no accounts", params: p, status: audit.NotChecked, reason: noAccounts},
		{name: "roles gap", params: p, facts: withFacts(currentAccounts(), keyed, gap("accounts.roles", "Role assignments need RoleManagement.Read.Directory")),
			status: audit.NotChecked, reason: "Could not check: Role assignments need RoleManagement.Read.Directory."},
	}
	runKind(t, "accounts.admin_mfa", cases)
}

func TestAdminMailbox(t *testing.T) {
	dedicated := account(audit.Account{System: "entra", ID: "admin.emma@clinic.com.au", Enabled: true, AdminRoles: []string{"Global Administrator"}, HasMailbox: no, Licensed: no})
	everyday := account(audit.Account{System: "entra", ID: "emma.brown@clinic.com.au", Enabled: true, AdminRoles: []string{"Global Administrator"}, HasMailbox: yes, Licensed: yes})
	domainAdmin := account(audit.Account{System: "ad", ID: `CLINIC\emma`, Enabled: true, AdminRoles: []string{"Domain Admins"}, HasMailbox: yes})
	undated := account(audit.Account{System: "entra", ID: "breakglass@clinic.onmicrosoft.com", Enabled: true, AdminRoles: []string{"Global Administrator"}})
	cases := []kindCase{
		{name: "dedicated admin", facts: withFacts(currentAccounts(), dedicated, domainAdmin),
			status: audit.Pass, reason: "No cloud admin account has a mailbox or licence (1 account checked)."},
		{name: "everyday admin", facts: withFacts(currentAccounts(), dedicated, everyday),
			status: audit.Warn, reason: "1 of 2 cloud admin accounts is an everyday account with a mailbox or licence.", subjects: []string{"emma.brown@clinic.com.au"}},
		{name: "mailbox unknown", facts: []audit.Fact{undated}, status: audit.NotChecked, contains: "mailbox or licence"},
		{name: "no admins", facts: currentAccounts(), status: audit.NotChecked, contains: "admin roles"},
		{name: "no accounts", status: audit.NotChecked, reason: noAccounts},
		{name: "gap", facts: withFacts(currentAccounts(), dedicated, gap("accounts.roles", "No role data")), status: audit.NotChecked, reason: "Could not check: No role data."},
	}
	runKind(t, "accounts.admin_mailbox", cases)
}

func TestGlobalAdmins(t *testing.T) {
	p := Params{"min": 2, "max": 4}
	ga := func(id string) audit.Fact {
		return account(audit.Account{System: "entra", ID: id, Enabled: true, AdminRoles: []string{"Global Administrator"}})
	}
	templ := account(audit.Account{System: "entra", ID: "breakglass@clinic.onmicrosoft.com", Enabled: true, AdminRoles: []string{"62e90394-69f5-4237-9190-012177145e10"}})
	disabled := account(audit.Account{System: "entra", ID: "old.admin@clinic.com.au", AdminRoles: []string{"Global Administrator"}})
	helpdesk := account(audit.Account{System: "entra", ID: "it@coastalit.com.au", Enabled: true, AdminRoles: []string{"Helpdesk Administrator"}})
	five := []audit.Fact{ga("a1@clinic.com.au"), ga("a2@clinic.com.au"), ga("a3@clinic.com.au"), ga("a4@clinic.com.au"), ga("a5@clinic.com.au")}
	cases := []kindCase{
		{name: "two, one by template id", params: p, facts: []audit.Fact{ga("admin.emma@clinic.com.au"), templ, disabled},
			status: audit.Pass, reason: "2 enabled accounts hold the Global Administrator role, within the 2 to 4 wanted."},
		{name: "only one", params: p, facts: []audit.Fact{ga("admin.emma@clinic.com.au"), helpdesk},
			status: audit.Warn, reason: "Only 1 enabled account holds the Global Administrator role; keep at least 2 so one can recover the other.", subjects: []string{"admin.emma@clinic.com.au"}},
		{name: "none", params: p, facts: []audit.Fact{helpdesk}, status: audit.Warn, contains: "No enabled account holds the Global Administrator role"},
		{name: "too many", params: p, facts: five, status: audit.Warn, reason: "5 enabled accounts hold the Global Administrator role; keep it to at most 4.",
			subjects: []string{"a1@clinic.com.au", "a2@clinic.com.au", "a3@clinic.com.au", "a4@clinic.com.au", "a5@clinic.com.au"}},
		{name: "other role", params: Params{"min": 1, "max": 2, "role": "Helpdesk Administrator"}, facts: []audit.Fact{helpdesk}, status: audit.Pass},
		{name: "roles unknown", params: p, facts: currentAccounts(), status: audit.NotChecked, contains: "admin roles"},
		{name: "no accounts", params: p, status: audit.NotChecked, reason: noAccounts},
		{name: "gap", params: p, facts: []audit.Fact{ga("a@clinic.com.au"), ga("b@clinic.com.au"), gap("accounts.roles", "No role data")}, status: audit.NotChecked},
	}
	runKind(t, "accounts.global_admins", cases)
}

// Directory accounts sign in on the practice network, where MFA is judged
// by the remote-access control; they must not count as cloud users of
// unknown MFA.
func TestMFAAllLeavesOutDirectoryAccounts(t *testing.T) {
	cloud := account(audit.Account{System: "entra", ID: "anna@clinic.com.au", Kind: "member", Enabled: true, MFARegistered: ptr(true), MFACapable: ptr(true)})
	onPrem := account(audit.Account{System: "ad", ID: `CLINIC\anna`, Kind: "member", Enabled: true})
	runKind(t, "accounts.mfa_all", []kindCase{{name: "ad alongside entra", params: Params{"sms_only_warn_pct": 20},
		facts: []audit.Fact{cloud, onPrem}, status: audit.Pass, reason: "The only enabled staff account can use MFA (whether it is enforced tenant-wide was not in the evidence)."}})
}
