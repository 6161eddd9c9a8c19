package acceptance_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestNearPerfectHasNoNowActions: a well-run practice may have a few
// 90-day or later warnings, but nothing to do now, and no failures.
func TestNearPerfectHasNoNowActions(t *testing.T) {
	r := load(t, "near-perfect")
	for _, a := range r.Actions {
		if a.Band == "now" {
			t.Errorf("action %d %s (%v) is in the now band", a.Rank, a.ID, a.ControlIDs)
		}
	}
	if len(r.Actions) == 0 {
		t.Error("the plan is empty; the fixture's deliberate small gaps should give a few later actions")
	}
	for _, f := range r.Findings {
		if f.Status == "fail" {
			t.Errorf("near-perfect practice fails %v", f)
		}
		if f.Contradiction != "" {
			t.Errorf("near-perfect answers should agree with the evidence: %s: %s", f.ControlID, f.Contradiction)
		}
	}
	if r.Scores.Rating != "Good" || r.Scores.Cap != "" {
		t.Errorf("scores %+v, want a Good rating with no cap", r.Scores)
	}
	if f := r.find(t, "DAT-MHR-POLICY"); f.Status != "not_applicable" || !strings.Contains(f.Reason, "AU") {
		t.Errorf("My Health Record policy in a US practice: %v; want not_applicable (AU only)", f)
	}
}

// TestNeglectedRanksMFABackupExposureFirst: the first three actions of the
// neglected practice's plan must close its MFA, backup and internet
// exposure gaps, in some order.
func TestNeglectedRanksMFABackupExposureFirst(t *testing.T) {
	r := load(t, "neglected")
	if len(r.Actions) < 3 {
		t.Fatalf("the plan has %d actions, want at least 3", len(r.Actions))
	}
	var top []string
	for _, a := range r.Actions[:3] {
		if a.Band != "now" {
			t.Errorf("action %d %s is in band %s, want now", a.Rank, a.ID, a.Band)
		}
		top = append(top, a.ControlIDs...)
	}
	for _, prefix := range []string{"ACC-MFA-", "BAK-", "EXP-"} {
		found := false
		for _, id := range top {
			found = found || strings.HasPrefix(id, prefix)
		}
		if !found {
			t.Errorf("no %s* control among the controls of actions 1-3 %v; the plan starts %s", prefix, top, planHead(r, 6))
		}
	}
}

func planHead(r report, n int) string {
	var parts []string
	for _, a := range r.Actions {
		if len(parts) == n {
			break
		}
		parts = append(parts, a.ID+" "+strings.Join(a.ControlIDs, "+"))
	}
	return strings.Join(parts, ", ")
}

// TestEveryStatusAppears: across the three fixtures every status is
// reported at least once, and so are a current and an expired acceptance.
func TestEveryStatusAppears(t *testing.T) {
	want := []string{"pass", "warn", "fail", "not_checked", "not_applicable", "accepted"}
	seen := map[string][]string{}
	expired, current := 0, 0
	for _, name := range fixtures {
		r := load(t, name)
		total := 0
		for _, f := range r.Findings {
			seen[f.Status] = append(seen[f.Status], name+":"+f.ControlID)
			switch {
			case f.Status == "fail" && f.Accepted != nil && strings.Contains(f.Reason, "expired"):
				if f.Accepted.Until >= asOf {
					t.Errorf("%s: %s says the acceptance expired, but it runs until %s", name, f.ControlID, f.Accepted.Until)
				}
				expired++
			case f.Status == "accepted":
				if f.Accepted == nil || f.Accepted.Until < asOf || f.Accepted.Owner == "" || f.Accepted.Reason == "" {
					t.Errorf("%s: %s is accepted without a current, complete acceptance: %+v", name, f.ControlID, f.Accepted)
				}
				current++
			}
		}
		for _, s := range want {
			total += r.Counts[s]
		}
		if total != len(r.Findings) {
			t.Errorf("%s: counts %v add up to %d, but there are %d findings", name, r.Counts, total, len(r.Findings))
		}
	}
	for _, s := range want {
		if len(seen[s]) == 0 {
			t.Errorf("no fixture has a %s finding", s)
		}
	}
	var other []string
	for s := range seen {
		if !has(want, s) {
			other = append(other, s)
		}
	}
	sort.Strings(other)
	if len(other) > 0 {
		t.Errorf("statuses outside the schema: %v", other)
	}
	if expired == 0 {
		t.Error("no fixture has an expired acceptance (a fail finding with accepted set and a reason saying it expired)")
	}
	if current == 0 {
		t.Error("no fixture has a current acceptance")
	}
}

// TestEvidenceAndAnswers spot-checks the findings an IT provider would act
// on first: their subjects, urgency and where each piece of evidence came
// from, and how answers show up next to the evidence.
func TestEvidenceAndAnswers(t *testing.T) {
	t.Run("neglected", func(t *testing.T) {
		r := load(t, "neglected")

		leavers := r.find(t, "ACC-LEAVER-REVOKE")
		wantStatus(t, leavers, "fail", "leaver still active")
		for id, src := range map[string]source{
			"tracey.holmes@oldmillroadmedical.example": {File: "m365-users.csv", Line: 10},
			`OLDMILL\tholmes`:                          {File: "ad-users.csv", Line: 10},
			"marco.bellini@oldmillroadmedical.example": {File: "m365-users.csv", Line: 9},
			`OLDMILL\mbellini`:                         {File: "ad-users.csv", Line: 9},
		} {
			s := wantSubject(t, leavers, id, "account", src)
			if s != nil && !strings.Contains(s.Detail, "left on") {
				t.Errorf("%s: subject %s detail %q does not say when the person left", leavers.ControlID, id, s.Detail)
			}
		}
		if s := leavers.subject(`OLDMILL\mbellini`); s != nil && !strings.Contains(s.Detail, "after leaving") {
			t.Errorf("the locum's AD account signed in three months after he left, but the detail says %q", s.Detail)
		}
		if len(leavers.Subjects) != 4 {
			t.Errorf("%s lists %v, want the two leavers' Entra and AD accounts", leavers.ControlID, leavers.subjectIDs())
		}

		exposed := r.find(t, "EXP-REMOTE-SERVICES")
		wantStatus(t, exposed, "fail", "internet-exposed")
		wantSubject(t, exposed, "203.0.113.91:3389/tcp", "service", source{File: "triage-scan.json", Path: "$.hosts[0].open[1]"})
		wantSubject(t, exposed, "203.0.113.91:1433/tcp", "service", source{File: "triage-scan.json", Path: "$.hosts[0].open[0]"})
		if exposed.Risk != 25 || exposed.Severity != "critical" {
			t.Errorf("%s: risk %d severity %q; internet exposure should raise likelihood to 5 (risk 25, critical)", exposed.ControlID, exposed.Risk, exposed.Severity)
		}

		backup := r.find(t, "BAK-PMS-DAILY")
		wantStatus(t, backup, "fail", "no working backup")
		wantSubject(t, backup, "OMR-SRV01", "asset", source{File: "veeam-agent-sessions.csv"})
		if !strings.Contains(backup.Reason, "48 hours") {
			t.Errorf("%s reason %q does not give the 48-hour limit", backup.ControlID, backup.Reason)
		}
		var silent bool
		for _, s := range backup.Subjects {
			silent = silent || strings.Contains(s.Detail, "nobody is alerted")
		}
		if !silent {
			t.Errorf("%s does not say that nobody is alerted when the job fails: %v", backup.ControlID, backup.Subjects)
		}
		if !strings.HasPrefix(backup.Answer, "yes") || backup.Contradiction == "" {
			t.Errorf("%s: answer %q, contradiction %q; the practice said yes, so the failure should be flagged as a contradiction", backup.ControlID, backup.Answer, backup.Contradiction)
		}

		mfa := r.find(t, "ACC-MFA-ALL")
		wantStatus(t, mfa, "fail")
		wantSubject(t, mfa, "mfa.tenant_enforced", "setting", source{File: "m365-settings.json", Path: "$.mfa.tenant_enforced"})
		wantSubject(t, mfa, "janet.brophy@oldmillroadmedical.example", "account", source{File: "m365-users.csv", Line: 5})

		admins := r.find(t, "ACC-MFA-ADMIN")
		wantStatus(t, admins, "fail")
		for _, id := range []string{"admin@oldmillroadmedical.example", "kerryanne.mills@oldmillroadmedical.example", "tech@bluegumit.example"} {
			wantSubject(t, admins, id, "account", source{File: "m365-users.csv"})
		}

		unsupported := r.find(t, "TEC-OS-SUPPORTED")
		wantStatus(t, unsupported, "fail")
		if unsupported.Accepted == nil || unsupported.Accepted.Until != "2026-06-30" || !strings.Contains(unsupported.Reason, "expired on 2026-06-30") {
			t.Errorf("%v: accepted %+v; want the acceptance that expired on 2026-06-30 named in the reason", unsupported, unsupported.Accepted)
		}
		wantSubject(t, unsupported, "OMR-SRV01", "device", source{File: "osquery-devices.json", Path: "$[0]"})
		if s := unsupported.subject("OMR-SRV01"); s != nil && !strings.Contains(s.Detail, "Windows Server 2012 R2") {
			t.Errorf("the server's detail %q does not name Windows Server 2012 R2", s.Detail)
		}

		apps := r.find(t, "TEC-UNSUPPORTED-APPS")
		wantStatus(t, apps, "fail")
		if s := apps.subject("Microsoft SQL Server 2014 (64-bit) 12.0.6024.0"); s == nil || !strings.Contains(s.Detail, "OMR-SRV01") {
			t.Errorf("%s does not list SQL Server 2014 on the server: %v", apps.ControlID, apps.subjectIDs())
		}

		dmarc := r.find(t, "TEC-EMAIL-AUTH")
		wantStatus(t, dmarc, "fail")
		if s := wantSubject(t, dmarc, "oldmillroadmedical.example", "domain", source{File: "triage-scan.json"}); s != nil && !strings.Contains(s.Detail, "no DMARC record") {
			t.Errorf("the domain's detail %q does not say DMARC is missing", s.Detail)
		}

		if f := r.find(t, "TEC-MEDDEV-SEGMENTED"); f.Status != "not_applicable" || !strings.HasPrefix(f.Answer, "not applicable") {
			t.Errorf("answered na: %v (answer %q), want not_applicable", f, f.Answer)
		}
		for _, id := range []string{"EXP-BREACHED-CREDS", "IR-CONTAINMENT", "TEC-PRINTERS-MFD"} {
			if f := r.find(t, id); f.Status != "not_checked" || !strings.Contains(f.Reason, "did not know") || f.Answer != "unknown" {
				t.Errorf("answered unknown: %v (answer %q), want not_checked saying the practice did not know", f, f.Answer)
			}
		}
		if f := r.find(t, "BAK-RESTORE-TESTED"); f.Status != "fail" || f.Risk != 20 {
			t.Errorf("restore never tested: %v, want a fail of risk 20", f)
		}
	})

	t.Run("typical", func(t *testing.T) {
		r := load(t, "typical")

		var contradictions []string
		for _, f := range r.Findings {
			if f.Contradiction != "" {
				contradictions = append(contradictions, f.ControlID)
			}
		}
		// The practice says its email is protected (DMARC is p=none) and that
		// its PCs are patched (the Windows 10 PCs stopped getting updates
		// in October 2025).
		if strings.Join(contradictions, " ") != "TEC-OS-PATCH TEC-EMAIL-AUTH" {
			t.Errorf("contradictions on %v, want TEC-OS-PATCH and TEC-EMAIL-AUTH", contradictions)
		}
		email := r.find(t, "TEC-EMAIL-AUTH")
		wantStatus(t, email, "fail")
		if !strings.HasPrefix(email.Answer, "yes") {
			t.Errorf("%s answer %q, want the practice's yes", email.ControlID, email.Answer)
		}

		accepted := r.find(t, "TEC-OS-SUPPORTED")
		if accepted.Status != "accepted" || accepted.Accepted == nil || accepted.Accepted.Until != "2027-02-26" {
			t.Errorf("%v: accepted %+v; want accepted until 2027-02-26", accepted, accepted.Accepted)
		}
		if accepted.Severity != "" {
			t.Errorf("%s: an accepted finding has no severity, got %q", accepted.ControlID, accepted.Severity)
		}
		for _, a := range r.Actions {
			if has(a.ControlIDs, "TEC-OS-SUPPORTED") {
				t.Errorf("action %s plans the accepted TEC-OS-SUPPORTED", a.ID)
			}
		}

		leaver := r.find(t, "ACC-LEAVER-REVOKE")
		wantStatus(t, leaver, "warn")
		wantSubject(t, leaver, "callum.reid@wattlecreekmedical.example", "account", source{File: "entra-users.csv", Line: 12})

		// The restore log was typed into facts.json without a source, so
		// Triage points at facts.json itself: the fact's line and index and
		// the file's SHA-256.
		data, err := os.ReadFile(filepath.Join(practiceDir("typical"), "facts.json"))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		restore := r.find(t, "BAK-RESTORE-TESTED")
		wantStatus(t, restore, "warn")
		if s := wantSubject(t, restore, "WCMC-SRV01", "asset", source{File: "facts.json", SHA256: hex.EncodeToString(sum[:])}); s != nil {
			if s.Source.Line == 0 || !strings.HasPrefix(s.Source.Path, "facts[") {
				t.Errorf("the restore test's source %+v lacks the line and index in facts.json", *s.Source)
			}
		}

		for _, id := range []string{"ACC-PMS-LEAST-PRIV", "IR-CONTACTS-OFFLINE", "DAT-RETENTION-DISPOSAL"} {
			if f := r.find(t, id); f.Status != "not_checked" || f.Answer != "" || !strings.Contains(f.Reason, "Not answered") {
				t.Errorf("unanswered: %v, want not_checked saying it is not answered yet", f)
			}
		}
	})
}

// wantStatus checks a finding's status and that it carries each urgency.
func wantStatus(t *testing.T, f finding, status string, urgency ...string) {
	t.Helper()
	if f.Status != status {
		t.Errorf("%v; want %s", f, status)
	}
	for _, u := range urgency {
		if !has(f.Urgency, u) {
			t.Errorf("%s urgency %v, want %q", f.ControlID, f.Urgency, u)
		}
	}
}

// wantSubject checks that the finding lists the subject, of the kind, with
// a source matching every non-empty field of want.
func wantSubject(t *testing.T, f finding, id, kind string, want source) *subject {
	t.Helper()
	s := f.subject(id)
	if s == nil {
		t.Errorf("%s does not list %s; subjects: %v", f.ControlID, id, f.subjectIDs())
		return nil
	}
	if s.Kind != kind {
		t.Errorf("%s: subject %s is a %q, want %q", f.ControlID, id, s.Kind, kind)
	}
	if s.Source == nil {
		t.Errorf("%s: subject %s has no source", f.ControlID, id)
		return s
	}
	got := *s.Source
	if got.File != want.File || (want.Line != 0 && got.Line != want.Line) ||
		(want.Path != "" && got.Path != want.Path) || (want.SHA256 != "" && got.SHA256 != want.SHA256) {
		t.Errorf("%s: subject %s comes from %+v, want %+v", f.ControlID, id, got, want)
	}
	return s
}
