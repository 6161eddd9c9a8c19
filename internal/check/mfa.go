package check

import (
	"fmt"
	"strings"
	"triage/internal/words"

	"triage/internal/audit"
)

// MFA kinds: does every login, and every admin login above all, need a
// second step.

func init() {
	register(Kind{
		Name: "accounts.mfa_all",
		Doc:  "MFA is enforced tenant-wide and every enabled staff account can use it; few rely on phone codes alone.",
		Params: []Param{
			{Name: "sms_only_warn_pct", Type: Number, Doc: "share of users with only text or call codes above which to warn (default 20)"},
		},
		Func: gapped(mfaAll, "accounts", "accounts.mfa"),
	})
	register(Kind{
		Name: "accounts.admin_mfa",
		Doc:  "Every enabled admin account has MFA, ideally a phishing-resistant method.",
		Params: []Param{
			{Name: "phishing_resistant", Type: Strings, Required: true, Doc: "MFA method names that resist phishing (fido2, windowsHelloForBusiness, ...)"},
		},
		Func: gapped(adminMFA, "accounts", "accounts.mfa", "accounts.roles"),
	})
}

// hasMFA reads what the source says about an account's second factor.
// Capable and registered differ in Entra (registered methods the policy
// does not allow); either one false means the person cannot do MFA.
func hasMFA(a *audit.Account) (has, known bool) {
	if a.MFACapable == nil && a.MFARegistered == nil {
		return false, false
	}
	if (a.MFACapable != nil && !*a.MFACapable) || (a.MFARegistered != nil && !*a.MFARegistered) {
		return false, true
	}
	return true, true
}

// secondFactors drops registered methods that are not a second factor
// (a password, or email used only for self-service reset).
func secondFactors(methods []string) []string {
	var out []string
	for _, m := range methods {
		switch strings.ToLower(strings.TrimSpace(m)) {
		case "", "password", "email":
			continue
		}
		out = append(out, m)
	}
	return out
}

// isPhoneMethod spots text-message and voice-call methods. Entra's older
// names for the Authenticator app ("phoneAppNotification") mention the
// phone too, so anything naming an app is not a phone method.
func isPhoneMethod(m string) bool {
	l := strings.ToLower(m)
	if strings.Contains(l, "app") {
		return false
	}
	return strings.Contains(l, "phone") || strings.Contains(l, "sms") || strings.Contains(l, "voice")
}

func phoneOnly(methods []string) bool {
	methods = secondFactors(methods)
	if len(methods) == 0 {
		return false
	}
	for _, m := range methods {
		if !isPhoneMethod(m) {
			return false
		}
	}
	return true
}

// ---- accounts.mfa_all

type mfaTally struct {
	members, known, lacking, withMethods, phone int
	subjects, phoneSubjects                     []audit.Subject
}

func mfaAll(in Input) Outcome {
	enforced, offSubjects, hasSetting := tenantMFA(in)
	t := tallyMFA(accountsOf(in))
	if !hasSetting && t.known == 0 {
		if len(accountsOf(in)) == 0 {
			return notChecked(noAccounts + " MFA enforcement settings would also settle it.")
		}
		return notChecked("The evidence shows neither whether MFA is enforced for the whole tenant nor which users have MFA; add the Entra ID authentication methods report or a Google Workspace user export with the 2SV columns.")
	}
	var problems []string
	subjects := append(offSubjects, t.subjects...)
	if hasSetting && !enforced {
		problems = append(problems, "MFA is not enforced for the whole tenant")
	}
	if t.lacking > 0 {
		problems = append(problems, fmt.Sprintf("%d of %s %s no MFA", t.lacking, words.Count(t.known, "enabled staff account", "enabled staff accounts"), words.Pick(t.lacking, "has", "have")))
	}
	if len(problems) > 0 {
		// Cloud sign-in pages face the whole internet, so a password alone
		// is one phishing email away from a takeover: urgent, not routine.
		return decided(audit.Fail, capitalise(strings.Join(problems, " and "))+".", subjects, urgentExposed)
	}
	limit := in.Params.Number("sms_only_warn_pct", 20)
	if t.withMethods > 0 && share(t.phone, t.withMethods) > limit {
		return decided(audit.Warn, fmt.Sprintf("%d of %s with MFA (%s) rely only on text-message or phone-call codes, more than the %s allowed.", t.phone, words.Count(t.withMethods, "staff account", "staff accounts"), pct(share(t.phone, t.withMethods)), pct(limit)), t.phoneSubjects)
	}
	reason := mfaPassReason(hasSetting, t)
	if t.known > 0 && t.members > t.known {
		reason = addNote(reason, fmt.Sprintf(", not counting %d whose MFA is unknown", t.members-t.known))
	}
	return decided(audit.Pass, reason, nil)
}

// tenantMFA reads every mfa.tenant_enforced setting; one system without
// enforcement is enough to fail.
func tenantMFA(in Input) (enforced bool, off []audit.Subject, known bool) {
	enforced = true
	for _, f := range settingsNamed(in, "mfa.tenant_enforced") {
		v, ok := settingBoolValue(f.Setting)
		if !ok {
			continue
		}
		known = true
		if !v {
			enforced = false
			off = append(off, subjectOf("mfa.tenant_enforced", "setting", "MFA is not enforced for everyone in "+f.Setting.System, f))
		}
	}
	return enforced, off, known
}

func tallyMFA(accounts []audit.Fact) mfaTally {
	var t mfaTally
	for _, f := range accounts {
		a := f.Account
		if !a.Enabled || !isMember(a) || !isCloud(a) {
			continue
		}
		t.members++
		has, known := hasMFA(a)
		if !known {
			continue
		}
		t.known++
		if !has {
			t.lacking++
			t.subjects = append(t.subjects, subjectOf(a.ID, "account", "enabled in "+a.System+" with no MFA method", f))
			continue
		}
		if len(secondFactors(a.MFAMethods)) > 0 {
			t.withMethods++
			if phoneOnly(a.MFAMethods) {
				t.phone++
				t.phoneSubjects = append(t.phoneSubjects, subjectOf(a.ID, "account", "MFA only by text message or phone call ("+strings.Join(secondFactors(a.MFAMethods), ", ")+")", f))
			}
		}
	}
	return t
}

func mfaPassReason(hasSetting bool, t mfaTally) string {
	users := every(t.known, "enabled staff account can", "enabled staff accounts can") + " use MFA"
	switch {
	case hasSetting && t.known > 0:
		return "MFA is enforced for the whole tenant and " + strings.ToLower(users[:1]) + users[1:] + "."
	case hasSetting:
		return "MFA is enforced for the whole tenant."
	}
	return users + " (whether it is enforced tenant-wide was not in the evidence)."
}

// ---- accounts.admin_mfa

func adminMFA(in Input) Outcome {
	accounts := accountsOf(in)
	if len(accounts) == 0 {
		return notChecked(noAccounts)
	}
	strong := in.Params.Strings("phishing_resistant", nil)
	var fails, warns []audit.Subject
	admins, known, methodsKnown := 0, 0, 0
	cloudFail := false
	for _, f := range accounts {
		a := f.Account
		if !a.Enabled || len(a.AdminRoles) == 0 {
			continue
		}
		admins++
		has, ok := hasMFA(a)
		if !ok {
			continue
		}
		known++
		roles := strings.Join(a.AdminRoles, ", ")
		if !has {
			fails = append(fails, subjectOf(a.ID, "account", "holds "+roles+" with no MFA", f))
			if isCloud(a) {
				cloudFail = true
			}
			continue
		}
		methods := secondFactors(a.MFAMethods)
		if len(methods) == 0 {
			continue
		}
		methodsKnown++
		if !anyFold(methods, strong) {
			warns = append(warns, subjectOf(a.ID, "account", "holds "+roles+"; MFA by "+strings.Join(methods, ", ")+", none of them phishing-resistant", f))
		}
	}
	out := adminMFAOutcome(admins, known, methodsKnown, fails, warns)
	if out.Status == audit.Fail && cloudFail {
		out.Urgency = []string{urgentExposed}
	}
	return out
}

func adminMFAOutcome(admins, known, methodsKnown int, fails, warns []audit.Subject) Outcome {
	switch {
	case admins == 0:
		return notChecked("No account export lists admin roles; add the Entra ID role assignments or a Google Workspace export with the admin columns.")
	case known == 0:
		return notChecked(fmt.Sprintf("The exports do not say whether the %s %s MFA; add the Entra ID authentication methods report.", words.Count(admins, "admin account", "admin accounts"), words.Pick(admins, "has", "have")))
	case len(fails) > 0:
		return decided(audit.Fail, fmt.Sprintf("%d of %s %s no MFA.", len(fails), words.Count(known, "admin account", "admin accounts"), words.Pick(len(fails), "has", "have")), append(fails, warns...))
	case len(warns) > 0:
		return decided(audit.Warn, fmt.Sprintf("%d of %s %s MFA but no phishing-resistant method such as a security key or passkey.", len(warns), words.Count(known, "admin account", "admin accounts"), words.Pick(len(warns), "has", "have")), warns)
	}
	reason := every(known, "admin account has", "admin accounts have") + " MFA"
	if methodsKnown == known {
		reason += " with a phishing-resistant method"
	} else {
		reason += fmt.Sprintf(" (which methods is unknown for %d)", known-methodsKnown)
	}
	if known < admins {
		reason += fmt.Sprintf(", not counting %d whose MFA is unknown", admins-known)
	}
	return decided(audit.Pass, reason+".", nil)
}

// anyFold reports whether any of have is in want, ignoring case.
func anyFold(have, want []string) bool {
	for _, h := range have {
		if containsFold(want, h) {
			return true
		}
	}
	return false
}
