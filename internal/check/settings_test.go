package check

import (
	"testing"

	"triage/internal/audit"
)

func TestSettingsBool(t *testing.T) {
	fwd := Params{"name": "mail.auto_forward_blocked", "want": true, "label": "automatic forwarding of email to outside addresses is blocked"}
	tagging := Params{"name": "mail.external_tagging", "want": true, "otherwise": "warn"}
	consent := Params{"name": "user_consent.restricted", "want": true}
	cases := []kindCase{
		{name: "as wanted", params: fwd, facts: []audit.Fact{setting("exchange", "mail.auto_forward_blocked", yes, nil)},
			status: audit.Pass, reason: "Automatic forwarding of email to outside addresses is blocked: yes."},
		{name: "not as wanted", params: fwd, facts: []audit.Fact{setting("exchange", "mail.auto_forward_blocked", no, nil)},
			status: audit.Fail, reason: "Automatic forwarding of email to outside addresses is blocked: no, but it should be yes.", subjects: []string{"mail.auto_forward_blocked"}},
		{name: "otherwise warn, default label", params: tagging, facts: []audit.Fact{setting("exchange", "mail.external_tagging", no, nil)},
			status: audit.Warn, reason: "Email from outside the practice is labelled as external: no, but it should be yes.", subjects: []string{"mail.external_tagging"}},
		{name: "text value", params: consent, facts: []audit.Fact{{Kind: audit.FactSetting, Setting: &audit.Setting{System: "entra", Name: "user_consent.restricted", Text: "true"}}},
			status: audit.Pass},
		{name: "want false", params: Params{"name": "legacy_auth.blocked", "want": false}, facts: []audit.Fact{setting("entra", "legacy_auth.blocked", no, nil)},
			status: audit.Pass, reason: "Old sign-in methods that skip MFA are blocked: no."},
		{name: "one system of two off", params: Params{"name": "mfa.tenant_enforced", "want": true},
			facts:  []audit.Fact{setting("entra", "mfa.tenant_enforced", yes, nil), setting("google", "mfa.tenant_enforced", no, nil)},
			status: audit.Fail, subjects: []string{"mfa.tenant_enforced"}},
		{name: "missing", params: fwd, facts: []audit.Fact{setting("exchange", "mail.external_tagging", yes, nil)},
			status: audit.NotChecked, reason: "No evidence shows whether automatic forwarding of email to outside addresses is blocked; add the Microsoft 365 or Google Workspace settings export."},
		{name: "endpoint setting missing", params: Params{"name": "ie11.disabled", "want": true}, status: audit.NotChecked, contains: "endpoint collector"},
		{name: "gap named after the setting", params: fwd,
			facts:  []audit.Fact{gap("mail.auto_forward_blocked", "Exchange Online settings need the Exchange.ManageAsApp permission")},
			status: audit.NotChecked, reason: "Could not check: Exchange Online settings need the Exchange.ManageAsApp permission."},
	}
	runKind(t, "settings.bool", cases)
}

func TestSettingsAtLeast(t *testing.T) {
	score := Params{"name": "secure_score.pct", "pass": 50, "warn": 30}
	retention := Params{"name": "audit_log.retention_days", "pass": 365}
	cases := []kindCase{
		{name: "meets target", params: score, facts: []audit.Fact{setting("entra", "secure_score.pct", nil, ptr(63.5))},
			status: audit.Pass, reason: "The Microsoft Secure Score is 63.5%, meeting the target of 50%."},
		{name: "warn band", params: score, facts: []audit.Fact{setting("entra", "secure_score.pct", nil, ptr(42.0))},
			status: audit.Warn, reason: "The Microsoft Secure Score is 42%, below the target of 50%.", subjects: []string{"secure_score.pct"}},
		{name: "below floor", params: score, facts: []audit.Fact{setting("entra", "secure_score.pct", nil, ptr(21.0))},
			status: audit.Fail, reason: "The Microsoft Secure Score is 21%, below the minimum of 30%.", subjects: []string{"secure_score.pct"}},
		{name: "no warn band", params: retention, facts: []audit.Fact{setting("m365", "audit_log.retention_days", nil, ptr(180.0))},
			status: audit.Fail, reason: "The cloud activity log's retention is 180 days, below the minimum of 365 days.", subjects: []string{"audit_log.retention_days"}},
		{name: "missing", params: retention, status: audit.NotChecked, reason: "No evidence shows the cloud activity log's retention; add the Microsoft 365 or Google Workspace settings export."},
		{name: "gap", params: score, facts: []audit.Fact{gap("settings", "Secure Score needs SecurityEvents.Read.All")}, status: audit.NotChecked},
	}
	runKind(t, "settings.at_least", cases)
}

func TestPasswordLength(t *testing.T) {
	p := Params{"min_with_mfa": 8, "min_without_mfa": 14}
	mfaOn := setting("entra", "mfa.tenant_enforced", yes, nil)
	length := func(system string, n float64) audit.Fact { return setting(system, "password.min_length", nil, &n) }
	banned := setting("entra", "password.banned_list", yes, nil)
	unbanned := setting("ad", "password.banned_list", no, nil)
	cases := []kindCase{
		{name: "long enough with MFA", params: p, facts: []audit.Fact{mfaOn, length("ad", 12), banned},
			status: audit.Pass, reason: "The minimum password length of 12 characters is enough with tenant-wide MFA."},
		{name: "short without MFA evidence", params: p, facts: []audit.Fact{length("ad", 12)},
			status: audit.Fail, reason: "The minimum password length is 12 characters; without tenant-wide MFA it should be at least 14.", subjects: []string{"password.min_length"}},
		{name: "too short even with MFA", params: p, facts: []audit.Fact{mfaOn, length("ad", 7), length("entra", 8)},
			status: audit.Fail, reason: "The minimum password length is 7 characters; with tenant-wide MFA it should be at least 8.", subjects: []string{"password.min_length"}},
		{name: "no banned list", params: p, facts: []audit.Fact{length("ad", 14), unbanned},
			status: audit.Warn, reason: "The minimum password length of 14 characters is enough without tenant-wide MFA, but common passwords are not banned.", subjects: []string{"password.banned_list"}},
		{name: "no policy", params: p, facts: []audit.Fact{mfaOn}, status: audit.NotChecked, contains: "No password policy was found"},
		{name: "gap", params: p, facts: []audit.Fact{length("ad", 14), gap("password.min_length", "The domain password policy could not be read")}, status: audit.NotChecked},
	}
	runKind(t, "settings.password_length", cases)
}
