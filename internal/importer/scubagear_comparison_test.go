package importer

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
	"triage/internal/check"
)

// A second opinion: ScubaGear judged the sample tenant against CISA's
// Entra ID baseline (MS.AAD.*, plus the one Exchange Online DNS policy
// that this export also lets Triage judge). Triage's check kinds, run on the facts
// this importer makes from the same export, should reach the same
// verdict wherever they ask the same question. docs/scubagear-comparison.md
// explains every row that differs.

// scubaVerdict is one entry of ScubaGear's TestResults.json.
type scubaVerdict struct {
	PolicyID       string `json:"PolicyId"`
	RequirementMet bool   `json:"RequirementMet"`
	Criticality    string `json:"Criticality"`
}

// result turns a verdict into the word ScubaGear's report prints: policies
// it cannot check are N/A, unmet SHOULDs are warnings, unmet SHALLs fail.
func (v scubaVerdict) result() string {
	switch {
	case strings.Contains(v.Criticality, "Not-Implemented"):
		return "N/A"
	case v.RequirementMet:
		return "Pass"
	case strings.HasPrefix(v.Criticality, "Should"):
		return "Warning"
	}
	return "Fail"
}

// triageView is the Triage check that asks the same question as a
// ScubaGear policy, with the parameters the catalogue gives it.
type triageView struct {
	kind   string
	params check.Params
}

var scubaToTriage = map[string]triageView{
	// Legacy authentication SHALL be blocked.
	"MS.AAD.1.1v1": {"settings.bool", check.Params{"name": "legacy_auth.blocked", "want": true}},
	// Phishing-resistant MFA SHALL be enforced for all users: Triage asks
	// for MFA of any kind for everyone, phishing-resistant only of admins.
	"MS.AAD.3.1v1": {"accounts.mfa_all", check.Params{"sms_only_warn_pct": 20}},
	// If phishing-resistant MFA is not enforced, another MFA SHALL be.
	"MS.AAD.3.2v2": {"accounts.mfa_all", check.Params{"sms_only_warn_pct": 20}},
	// Phishing-resistant MFA SHALL be required for highly privileged roles.
	"MS.AAD.3.6v1": {"accounts.admin_mfa", check.Params{"phishing_resistant": []string{"fido2", "windowsHelloForBusiness",
		"passKeyDeviceBound", "passKeyDeviceBoundAuthenticator", "passKeyDeviceBoundWindowsHello", "x509Certificate"}}},
	// Only administrators SHALL be allowed to consent to applications.
	"MS.AAD.5.2v1": {"settings.bool", check.Params{"name": "user_consent.restricted", "want": true}},
	// A minimum of two and a maximum of eight Global Administrators; the
	// catalogue allows at most four for a practice.
	"MS.AAD.7.1v1": {"accounts.global_admins", check.Params{"min": 2, "max": 4}},
	// Outside the Entra ID baseline, one Exchange Online policy Triage
	// also judges from this export: a DMARC policy SHALL be published.
	"MS.EXO.4.1v1": {"email.auth", nil},
}

// agreement compares the two verdicts.
func agreement(scuba string, triage audit.Status) string {
	switch {
	case triage == audit.NotChecked:
		return "Triage cannot tell"
	case scuba == "N/A":
		return "ScubaGear cannot tell"
	case (scuba == "Pass") == (triage == audit.Pass):
		return "agree"
	}
	return "differ"
}

func TestScubaGearSecondOpinion(t *testing.T) {
	facts := msImport(t, ScubaGearJSON{}, "ProviderSettingsExport.json", msFixture(t, scubaExport))
	var verdicts []scubaVerdict
	if err := json.Unmarshal(decodeText(msFixture(t, "scubagear/TestResults.json")), &verdicts); err != nil {
		t.Fatal(err)
	}
	reported := scubaReportResults(t)
	ev := check.NewEvidence(facts)
	asOf := time.Date(2026, 5, 4, 17, 15, 48, 0, time.UTC) // the export's date
	var got []string
	for _, v := range verdicts {
		if _, mapped := scubaToTriage[v.PolicyID]; !mapped && !strings.HasPrefix(v.PolicyID, "MS.AAD.") {
			continue
		}
		if r := reported[v.PolicyID]; r != v.result() {
			t.Errorf("%s: TestResults.json gives %s but ScubaResults.csv says %s", v.PolicyID, v.result(), r)
		}
		view, ok := scubaToTriage[v.PolicyID]
		if !ok {
			got = append(got, fmt.Sprintf("%s | %s | - | - | no equivalent", v.PolicyID, v.result()))
			continue
		}
		kind, ok := check.Lookup(view.kind)
		if !ok {
			t.Fatalf("check kind %s is not registered", view.kind)
		}
		out := kind.Func(check.Input{Evidence: ev, Params: view.params, AsOf: asOf})
		got = append(got, fmt.Sprintf("%s | %s | %s | %s | %s", v.PolicyID, v.result(), view.kind, out.Status, agreement(v.result(), out.Status)))
	}
	sort.Strings(got)
	want := []string{
		"MS.AAD.1.1v1 | Pass | settings.bool | pass | agree",
		"MS.AAD.2.1v1 | Pass | - | - | no equivalent",
		"MS.AAD.2.2v1 | N/A | - | - | no equivalent",
		"MS.AAD.2.3v1 | Pass | - | - | no equivalent",
		"MS.AAD.3.1v1 | Fail | accounts.mfa_all | pass | differ",
		"MS.AAD.3.2v2 | Pass | accounts.mfa_all | pass | agree",
		"MS.AAD.3.3v2 | Pass | - | - | no equivalent",
		"MS.AAD.3.4v1 | Fail | - | - | no equivalent",
		"MS.AAD.3.5v2 | Pass | - | - | no equivalent",
		"MS.AAD.3.6v1 | Fail | accounts.admin_mfa | not_checked | Triage cannot tell",
		"MS.AAD.3.7v1 | Warning | - | - | no equivalent",
		"MS.AAD.3.8v1 | Warning | - | - | no equivalent",
		"MS.AAD.3.9v1 | Warning | - | - | no equivalent",
		"MS.AAD.4.1v1 | N/A | - | - | no equivalent",
		"MS.AAD.5.1v1 | Fail | - | - | no equivalent",
		"MS.AAD.5.2v1 | Fail | settings.bool | pass | differ",
		"MS.AAD.5.3v1 | Pass | - | - | no equivalent",
		"MS.AAD.6.1v1 | Fail | - | - | no equivalent",
		"MS.AAD.7.1v1 | Pass | accounts.global_admins | pass | agree",
		"MS.AAD.7.2v1 | Fail | - | - | no equivalent",
		"MS.AAD.7.3v1 | Pass | - | - | no equivalent",
		"MS.AAD.7.4v1 | Fail | - | - | no equivalent",
		"MS.AAD.7.5v1 | Fail | - | - | no equivalent",
		"MS.AAD.7.6v1 | Fail | - | - | no equivalent",
		"MS.AAD.7.7v1 | Fail | - | - | no equivalent",
		"MS.AAD.7.8v1 | Pass | - | - | no equivalent",
		"MS.AAD.7.9v1 | Warning | - | - | no equivalent",
		"MS.AAD.8.1v1 | Pass | - | - | no equivalent",
		"MS.AAD.8.2v1 | Pass | - | - | no equivalent",
		"MS.AAD.8.3v1 | N/A | - | - | no equivalent",
		"MS.EXO.4.1v1 | Pass | email.auth | fail | differ",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("agreement table (-want +got):\n%s", diff)
	}
	// Triage fails the domain for publishing two DMARC records, which
	// receivers ignore altogether; ScubaGear only asks that one exists.
	email, _ := check.Lookup("email.auth")
	out := email.Func(check.Input{Evidence: ev, AsOf: asOf})
	if len(out.Subjects) != 1 || !strings.Contains(out.Subjects[0].Detail, "2 DMARC records") {
		t.Errorf("email.auth subjects %+v, want the two DMARC records named", out.Subjects)
	}
}

// scubaReportResults reads the Result column of ScubaResults.csv.
func scubaReportResults(t *testing.T) map[string]string {
	r := csv.NewReader(bytes.NewReader(decodeText(msFixture(t, "scubagear/ScubaResults.csv"))))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, row := range rows[1:] {
		out[row[0]] = row[2]
	}
	return out
}
