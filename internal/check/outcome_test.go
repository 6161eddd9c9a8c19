package check

import (
	"fmt"
	"slices"
	"testing"

	"triage/internal/audit"
)

func TestGapHandling(t *testing.T) {
	found := func(Input) Outcome {
		return decided(audit.Fail, "1 of 3 devices has the firewall switched off.", []audit.Subject{{ID: "GP-ROOM1", Kind: "device", Detail: "off"}})
	}
	absent := func(Input) Outcome { return decided(audit.Fail, "No backup copy is immutable.", nil) }
	fine := func(Input) Outcome { return decided(audit.Pass, "All good.", nil) }
	twoGaps := NewEvidence([]audit.Fact{
		gap("devices", "Intune needs a licence."),
		gap("devices", "Intune needs a licence"), // the same reason twice
		gap("other", "Not ours."),
		gap("scan", "No consent to scan."),
	})
	cases := []struct {
		name   string
		f      Func
		status audit.Status
		reason string
	}{
		{"pass becomes not checked", gapped(fine, "devices", "scan"), audit.NotChecked, "Could not check: Intune needs a licence; No consent to scan."},
		{"named finding stands", gapped(found, "devices"), audit.Fail, "1 of 3 devices has the firewall switched off; some evidence could not be read: Intune needs a licence."},
		{"finding of absence does not", gapped(absent, "devices"), audit.NotChecked, "Could not check: Intune needs a licence."},
		{"strict stops even a named finding", gappedStrict(found, "devices"), audit.NotChecked, "Could not check: Intune needs a licence."},
		{"other topics are ignored", gappedStrict(fine, "backups"), audit.Pass, "All good."},
	}
	for _, c := range cases {
		got := c.f(Input{Evidence: twoGaps, AsOf: asOf})
		if got.Status != c.status || got.Reason != c.reason {
			t.Errorf("%s: got %s %q, want %s %q", c.name, got.Status, got.Reason, c.status, c.reason)
		}
	}
}

// TestNoEvidenceNeverPasses runs every kind on an empty audit: with
// nothing to look at, each must say it could not check, and why.
func TestNoEvidenceNeverPasses(t *testing.T) {
	for _, k := range Kinds() {
		for _, in := range []Input{
			{AsOf: asOf, Params: sampleSpec(k, true).Params},
			{Evidence: NewEvidence(nil), Practice: &audit.Practice{}, AsOf: asOf, Params: sampleSpec(k, true).Params},
		} {
			got := k.Func(in)
			if got.Status != audit.NotChecked || got.Reason == "" {
				t.Errorf("%s on no evidence: %s %q", k.Name, got.Status, got.Reason)
			}
		}
	}
}

// TestOrderDoesNotMatter feeds every kind the same clinic evidence forwards
// and backwards: reports must not depend on the order files were read.
func TestOrderDoesNotMatter(t *testing.T) {
	facts := clinicEvidence()
	reversed := slices.Clone(facts)
	slices.Reverse(reversed)
	for _, k := range Kinds() {
		params := realisticParams[k.Name]
		a := k.Func(Input{Evidence: NewEvidence(facts), Practice: clinic(), AsOf: asOf, Params: params})
		b := k.Func(Input{Evidence: NewEvidence(reversed), Practice: clinic(), AsOf: asOf, Params: params})
		if fa, fb := render(a), render(b); fa != fb {
			t.Errorf("%s depends on fact order:\n %s\n %s", k.Name, fa, fb)
		}
	}
}

func render(o Outcome) string {
	s := fmt.Sprintf("%s|%s|%v", o.Status, o.Reason, o.Urgency)
	for _, sub := range o.Subjects {
		s += fmt.Sprintf("|%s %s %s", sub.ID, sub.Kind, sub.Detail)
	}
	return s
}

// realisticParams are the catalogue's thresholds for each kind.
var realisticParams = map[string]Params{
	"accounts.leavers":            {"grace_days": 1},
	"accounts.dormant":            {"warn_days": 45, "fail_days": 90},
	"accounts.shared":             {"patterns": []any{`(?i)^([^\\]*\\)?reception\d*(@|$)`}, "max_devices_per_day": 3},
	"accounts.mfa_all":            {"sms_only_warn_pct": 20},
	"accounts.admin_mfa":          {"phishing_resistant": []any{"fido2", "passKeyDeviceBound"}},
	"accounts.global_admins":      {"min": 2, "max": 4},
	"accounts.guests":             {"dormant_days": 45},
	"settings.bool":               {"name": "mfa.tenant_enforced", "want": true},
	"settings.at_least":           {"name": "secure_score.pct", "pass": 50, "warn": 30},
	"settings.password_length":    {"min_with_mfa": 8, "min_without_mfa": 14},
	"devices.os_supported":        {"live_days": 45},
	"devices.os_patch":            {"days": 30, "internet_facing_days": 14},
	"devices.endpoint_protection": {"warn_days": 3, "fail_days": 7},
	"devices.local_admins":        {"allowed": []any{`(?i)^([^\\]+\\)?administrator$`}},
	"devices.laps":                {"min_pct": 90},
	"devices.screen_lock":         {"max_seconds": 900},
	"devices.inventory":           {"warn_pct": 10},
	"software.unsupported":        {"fail_categories": []any{"browser", "office"}},
	"software.patch":              {"priority_categories": []any{"browser"}, "priority_days": 14, "other_days": 30},
	"backups.recent":              {"warn_hours": 26, "fail_hours": 48},
	"backups.immutable":           {"warn_days": 14},
	"restore.recent":              {"warn_days": 90, "fail_days": 180},
	"training.coverage":           {"window_days": 365, "pass_pct": 95, "warn_pct": 80},
	"phishing.recent":             {"warn_days": 90, "fail_days": 365, "pass_pct": 10, "warn_pct": 20},
	"phishing.healthcare":         {"window_days": 365},
	"phishing.report_rate":        {"warn_below_pct": 30},
	"services.exposed":            {"names": []any{"rdp"}, "warn_names": []any{"ftp"}},
	"tls.endpoints":               {"fail_days": 14, "warn_days": 21, "weak_versions": []any{"TLS1.0"}},
}

// clinicEvidence is one of everything, with problems spread about.
func clinicEvidence() []audit.Fact {
	facts := withFacts(currentAccounts(),
		account(audit.Account{System: "entra", ID: "chloe.smith@clinic.com.au", Enabled: true, SignInKnown: true, LastSignIn: at("2026-06-01T08:15"), AdminRoles: []string{"Global Administrator"}, MFACapable: no}),
		account(audit.Account{System: "ad", ID: `CLINIC\reception`, SAM: "reception", Enabled: true, SignInKnown: true, LastSignIn: at("2026-10-30T08:00"), MaxDevicesPerDay: 4}),
		account(audit.Account{System: "entra", ID: "admin@clinic.com.au", Enabled: true, AdminRoles: []string{"Global Administrator"}, MFACapable: yes, MFAMethods: []string{"mobilePhone"}, HasMailbox: yes}),
		setting("entra", "mfa.tenant_enforced", no, nil),
		setting("google", "mfa.tenant_enforced", yes, nil),
		setting("entra", "secure_score.pct", nil, ptr(42.0)),
		setting("ad", "password.min_length", nil, ptr(8.0)),
		pc("RECEPTION-01", func(d *audit.Device) { d.Firewall, d.LAPS, d.ScreenLockSeconds, d.InInventory = no, no, ptr(1800), no }),
		pc("GP-ROOM1", func(d *audit.Device) { d.Firewall, d.LAPS, d.LocalAdmins = yes, yes, []string{`CLINIC\anguyen`} }),
		deviceFact(audit.Device{Name: "Ben's Galaxy", Kind: audit.DeviceMobile, Managed: no}),
		installed("RECEPTION-01", "AnyDesk", "8.1.0", "", func(s *audit.Software) { s.Unattended = yes }),
		installed("GP-ROOM1", "Google Chrome", "128.0", audit.SoftwareBrowser, func(s *audit.Software) { s.UpdateAvailableSince = day("2026-09-01") }),
		run("PMS nightly", "PMS-SERVER", "2026-10-28T01:30", "Success"),
		run("PMS nightly", "PMS-SERVER", "2026-10-27T01:30", "Success"),
		restore(audit.RestoreTest{Asset: "PMS-SERVER", Date: *day("2026-03-01"), Hours: 6, Result: "success", Full: true}),
		completed("anna.nguyen@clinic.com.au", "2026-03-10"),
		sim("Q2 invoice lure", "2026-05-12", 12, 3, 2, false),
		strong("clinic.com.au", func(d *audit.EmailDomain) { d.DMARCPolicy = "none" }),
		strong("clinic.net.au", func(d *audit.EmailDomain) { d.SPFAll = "~all" }),
		https, rdp, nas, vpn,
		tlsFact(audit.TLS{Host: "www.clinic.com.au", Port: 443, Versions: []string{"TLS1.0"}, NotAfter: at("2026-11-05T00:00")}),
	)
	return facts
}
