package check

import (
	"testing"

	"triage/internal/audit"
)

// A device known only by its last patch date is behind once a monthly
// update plus the allowed delay has passed.
func TestOSPatchJudgesLastPatched(t *testing.T) {
	p := Params{"days": 30, "internet_facing_days": 14}
	pc := func(name, patched string) audit.Fact {
		return deviceFact(audit.Device{Name: name, Kind: audit.DeviceWorkstation, OS: "windows", LastSeen: at("2026-10-30T08:00"), LastPatched: at(patched)})
	}
	runKind(t, "devices.os_patch", []kindCase{
		{name: "patched last month", params: p, facts: []audit.Fact{pc("RECEPTION-01", "2026-10-15T03:00")}, status: audit.Pass},
		{name: "patched a year ago", params: p, facts: []audit.Fact{pc("RECEPTION-01", "2025-10-15T03:00")}, status: audit.Fail, subjects: []string{"RECEPTION-01"}},
	})
}

func TestTLSWeakKeyWarns(t *testing.T) {
	p := Params{"fail_days": 14, "warn_days": 21, "weak_versions": []any{"TLS1.0", "TLS1.1"}}
	endpoint := func(bits int) audit.Fact {
		return tlsFact(audit.TLS{Host: "portal.clinic.com.au", Port: 443, Versions: []string{"TLS1.2"}, NotAfter: at("2027-06-01T00:00"),
			HostnameMatch: ptr(true), ChainValid: ptr(true), KeyBits: bits, HSTS: ptr(true)})
	}
	runKind(t, "tls.endpoints", []kindCase{
		{name: "rsa 1024", params: p, facts: []audit.Fact{endpoint(1024)}, status: audit.Warn, subjects: []string{"portal.clinic.com.au:443"}},
		{name: "rsa 2048", params: p, facts: []audit.Fact{endpoint(2048)}, status: audit.Pass},
		{name: "ecdsa p-256", params: p, facts: []audit.Fact{endpoint(256)}, status: audit.Pass},
	})
}

// Someone who started last week has not missed their training yet.
func TestTrainingGivesNewStartersAMonth(t *testing.T) {
	practice := &audit.Practice{Name: "Clinic", Country: "AU", Staff: []audit.Person{
		{Name: "Anna", Role: "gp", Email: "anna@clinic.com.au"},
		{Name: "Ben", Role: "nurse", Email: "ben@clinic.com.au", Start: day("2026-10-25")},
	}}
	done := training(audit.Training{Person: "anna@clinic.com.au", Course: "Awareness", CompletedOn: day("2026-03-01")})
	runKind(t, "training.coverage", []kindCase{{name: "new starter", params: Params{"window_days": 365, "pass_pct": 95, "warn_pct": 80},
		practice: practice, facts: []audit.Fact{done}, status: audit.Pass}})
}

// The MFA report's "is an admin" without a role name cannot support a count
// of Global Administrators.
func TestGlobalAdminsNeedNamedRoles(t *testing.T) {
	onlyFlag := account(audit.Account{System: "entra", ID: "it@clinic.com.au", Kind: "member", Enabled: true, AdminRoles: []string{audit.UnnamedAdminRole}})
	runKind(t, "accounts.global_admins", []kindCase{{name: "unnamed admin only", params: Params{"min": 2, "max": 4},
		facts: []audit.Fact{onlyFlag}, status: audit.NotChecked}})
}
