package report

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"triage/internal/audit"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/report -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); if the change is intended, run go test ./internal/report -update and review the diff:\n%s", path, diff)
	}
}

func write(t *testing.T, format string, r *audit.Result, opts Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, format, r, opts); err != nil {
		t.Fatalf("Write(%q): %v", format, err)
	}
	return b.Bytes()
}

func date(s string) audit.Date {
	d, err := audit.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

const (
	shaEntra  = "3f2a9c1b7d4e8a60c5b2e1f09d7a4c3b8e6f5a1d2c9b0e7f4a3d6c5b8e1f2a90"
	shaAD     = "a41c0e9f7b3d2e1c6f5a8b9d0e3c7f2a1b4d6e8c9f0a2b3c5d7e9f1a4b6c8d0e"
	shaIntune = "0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d"
	shaVeeam  = "77e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"
)

// sample is a small Australian general practice after its second audit:
// findings of every status, subjects with their sources, six actions across
// the four bands, the Essential Eight and a comparison with the first audit.
func sample() *audit.Result {
	entra := func(line int) *audit.Source {
		return &audit.Source{File: "entra-users.csv", Line: line, SHA256: shaEntra}
	}
	checkedAt := time.Date(2026, 11, 30, 9, 12, 4, 0, time.UTC)
	findings := []audit.Finding{
		{
			ControlID: "ACC-LEAVER-REVOKE", Area: audit.AreaAccess, Status: audit.Fail,
			Title:  "Departed staff, locums and contractors lose access on their last day",
			Reason: "2 people who have left still have an enabled login.",
			Risk:   16, Severity: audit.High, Urgency: []string{"leaver still active"},
			Subjects: []audit.Subject{
				{ID: "k.obrien@harbourside.com.au", Kind: "account", Detail: "Enabled in Entra ID; left 2026-09-12 (receptionist)", Source: entra(14)},
				{ID: `HARBOURSIDE\locum2`, Kind: "account", Detail: "Enabled in Active Directory; locum contract ended 2026-10-31",
					Source: &audit.Source{File: "ad-users.csv", Line: 88, SHA256: shaAD}},
			},
			Why:         "A former staff member's login still opens email and the clinical system, and nobody notices when it is used.",
			Remediation: []string{"Disable the accounts listed above today.", "Add \"disable every login\" to the leaver checklist, with the IT provider told on the last day.", "Review every enabled account against the staff list each quarter."},
			Effort:      audit.EffortHours, QuickWin: true,
			Mappings: map[string][]string{"e8": {"ISM-1591"}, "racgp": {"C6.4A"}, "hph": {"HPH-E6"}, "cis": {"5.3"}},
		},
		{
			ControlID: "ACC-MFA-ALL", Area: audit.AreaAccess, Status: audit.Fail,
			Title:  "MFA enforced for every user of email and cloud apps",
			Reason: "3 of 14 enabled staff accounts have no second factor registered and the tenant does not require one.",
			Risk:   25, Severity: audit.Critical, Urgency: []string{"email open to password guessing"},
			Answer:        "yes",
			Contradiction: "The practice answered yes, but the Entra ID export shows 3 accounts without MFA.",
			Subjects: []audit.Subject{
				{ID: "reception@harbourside.com.au", Kind: "account", Detail: "No MFA method registered", Source: entra(3)},
				{ID: "s.patel@harbourside.com.au", Kind: "account", Detail: "No MFA method registered", Source: entra(9)},
				{ID: "t.nguyen@harbourside.com.au", Kind: "account", Detail: "No MFA method registered", Source: entra(17)},
			},
			Why:         "Most break-ins to practice email start with a guessed or phished password; a second factor stops nearly all of them.",
			Remediation: []string{"Turn on security defaults or a Conditional Access policy that requires MFA for all users.", "Help the three staff listed register the Microsoft Authenticator app."},
			Effort:      audit.EffortHours, QuickWin: true,
			Mappings: map[string][]string{"e8": {"ISM-1504", "ISM-1679"}, "racgp": {"C6.4B"}, "hph": {"HPH-E3"}},
		},
		{
			ControlID: "ACC-DORMANT-45D", Area: audit.AreaAccess, Status: audit.Warn,
			Title:  "No enabled account unused for 45+ days",
			Reason: "1 enabled account has not signed in for 61 days.",
			Risk:   12, Severity: audit.Medium,
			Subjects:    []audit.Subject{{ID: "training@harbourside.com.au", Kind: "account", Detail: "Last sign-in 2026-09-30", Source: entra(21)}},
			Why:         "Unused accounts are easy to take over without anyone noticing.",
			Remediation: []string{"Disable accounts nobody uses.", "Note the owner of any account that must stay."},
			Effort:      audit.EffortHours, QuickWin: true,
			Mappings: map[string][]string{"cis": {"5.3"}},
		},
		{
			ControlID: "ACC-SESSION-LOCK", Area: audit.AreaAccess, Status: audit.Pass,
			Title:  "Screens lock within 15 minutes; shared consult-room PCs handled",
			Reason: "Every managed device locks after 10 minutes or less.",
			Risk:   12, Subjects: []audit.Subject{},
			Why:         "An unlocked consult-room PC shows patient records to whoever walks in.",
			Remediation: []string{"Set the screen lock to 15 minutes or less by policy."},
			Effort:      audit.EffortHours, QuickWin: true,
			Mappings: map[string][]string{"racgp": {"C6.4C"}},
		},
		{
			ControlID: "ACC-ADMIN-MINIMAL", Area: audit.AreaAccess, Status: audit.Accepted,
			Title:  "Few privileged accounts, validated and revalidated; break-glass kept",
			Reason: "5 accounts hold Global Administrator; the practice accepts this until the IT provider changes over.",
			Risk:   15, Subjects: []audit.Subject{},
			Why:         "Every administrator account is a key to everything.",
			Remediation: []string{"Keep two Global Administrators plus one break-glass account.", "Give the IT provider's staff their own named admin accounts."},
			Effort:      audit.EffortHours, QuickWin: true,
			Accepted: &audit.Acceptance{Owner: "Dr Anna Whitfield (principal)", Reason: "IT provider changes over in February; the new provider will reduce the admin accounts.", Until: date("2027-03-31")},
			Mappings: map[string][]string{"e8": {"ISM-1507"}},
		},
		{
			ControlID: "BAK-RESTORE-TESTED", Area: audit.AreaContinuity, Status: audit.Fail,
			Title:  "Full PMS restore tested in the last 90 days, duration recorded",
			Reason: "The last full restore test of the Best Practice database was 2025-08-14, 473 days ago.",
			Risk:   20, Severity: audit.High, Urgency: []string{},
			Subjects: []audit.Subject{{ID: "BPSPatients nightly", Kind: "job", Detail: "Backups succeed; no restore test in the last 90 days",
				Source: &audit.Source{File: "veeam-jobs.csv", Line: 3, SHA256: shaVeeam}}},
			Why:         "A backup that has never been restored is a hope, not a plan; ransomware recovery depends on it.",
			Remediation: []string{"Restore the PMS database to a spare machine and open it.", "Record how long it took and keep the record with the continuity plan."},
			Effort:      audit.EffortDays,
			Mappings:    map[string][]string{"e8": {"ISM-1515"}, "racgp": {"C6.4E"}, "hipaa": {"164.308(a)(7)(ii)(D)"}},
		},
		{
			ControlID: "BAK-PMS-DAILY", Area: audit.AreaContinuity, Status: audit.Pass,
			Title:  "PMS database and documents backed up at least daily, failures alerted",
			Reason: "The nightly PMS backup succeeded on each of the last 14 days and failures are emailed to the IT provider.",
			Risk:   15, Subjects: []audit.Subject{},
			Why:         "Without a recent backup, a failed server or ransomware means losing patient records.",
			Remediation: []string{"Back up the PMS database every night."},
			Effort:      audit.EffortHours, QuickWin: true,
			Mappings: map[string][]string{"e8": {"ISM-1511"}},
		},
		{
			ControlID: "BAK-IMMUTABLE", Area: audit.AreaContinuity, Status: audit.NotChecked,
			Title:  "At least one backup copy ransomware-proof (immutable or offline)",
			Reason: "The backup export does not say whether any copy is immutable, and the practice answered \"unknown\".",
			Risk:   20, Subjects: []audit.Subject{},
			Why:         "Ransomware deletes or encrypts backups it can reach.",
			Remediation: []string{"Ask the IT provider whether one copy is immutable or kept offline, and for how long."},
			Effort:      audit.EffortDays,
			Mappings:    map[string][]string{"e8": {"ISM-1705"}},
		},
		{
			ControlID: "PPL-TRAINING-ANNUAL", Area: audit.AreaPeople, Status: audit.Pass,
			Title:  "All workforce trained at induction and at least every 12 months",
			Reason: "14 of 14 staff completed security awareness training in the last 12 months.",
			Risk:   16, Subjects: []audit.Subject{},
			Why:         "Staff who know the tricks spot most scams.",
			Remediation: []string{"Book yearly training."},
			Effort:      audit.EffortDays,
			Mappings:    map[string][]string{"racgp": {"C6.4F"}},
		},
		{
			ControlID: "TEC-OS-SUPPORTED", Area: audit.AreaTechnology, Status: audit.Fail,
			Title:  "No vendor-unsupported operating systems in use",
			Reason: "1 computer runs Windows 10, which no longer gets security updates.",
			Risk:   16, Severity: audit.High,
			Subjects: []audit.Subject{{ID: "RECEPTION-02", Kind: "device", Detail: "Windows 10 Pro 22H2; support ended 2025-10-14",
				Source: &audit.Source{File: "intune-devices.csv", Line: 7, SHA256: shaIntune}}},
			Why:         "An operating system without security updates stays open to every new attack.",
			Remediation: []string{"Upgrade RECEPTION-02 to Windows 11, or replace it if the hardware cannot run it."},
			Effort:      audit.EffortProject,
			Mappings:    map[string][]string{"e8": {"ISM-1501"}, "cis": {"2.2"}},
		},
		{
			ControlID: "TEC-EMAIL-AUTH", Area: audit.AreaTechnology, Status: audit.Warn,
			Title:  "SPF hard fail, DKIM signing, DMARC p=reject on all domains",
			Reason: "DMARC is published but only monitors (p=none), so forged email is still delivered.",
			Risk:   15, Severity: audit.Medium,
			Subjects: []audit.Subject{{ID: "harbourside.com.au", Kind: "domain", Detail: "v=DMARC1; p=none; rua=mailto:dmarc@harbourside.com.au",
				Source: &audit.Source{Path: "dns:_dmarc.harbourside.com.au TXT", CollectedAt: &checkedAt}}},
			Why:         "Anyone can send email that looks like it came from the practice to patients and suppliers.",
			Remediation: []string{"Check the DMARC reports for legitimate senders.", "Move the DMARC policy to quarantine, then reject."},
			Effort:      audit.EffortHours, QuickWin: true,
			Mappings: map[string][]string{"hicp": {"1.S.A"}},
		},
		{
			ControlID: "TEC-APP-CONTROL", Area: audit.AreaTechnology, Status: audit.Accepted,
			Title:  "Application control on workstations (E8 ML1)",
			Reason: "No application control is in place; the practice accepts this until the PC refresh.",
			Risk:   12, Subjects: []audit.Subject{},
			Why:         "Application control stops most malware from running at all.",
			Remediation: []string{"Turn on Windows Defender Application Control with the IT provider."},
			Effort:      audit.EffortProject,
			Accepted:    &audit.Acceptance{Owner: "Jo Marsh (practice manager)", Reason: "Planned with the PC refresh in the next financial year.", Until: date("2027-06-30")},
			Mappings:    map[string][]string{"e8": {"ISM-0843"}},
		},
		{
			ControlID: "TEC-MEDDEV-SEGMENTED", Area: audit.AreaTechnology, Status: audit.NotApplicable,
			Title:  "Medical and IoT devices inventoried, isolated, patched where possible",
			Reason: "The practice has no networked medical devices.",
			Risk:   12, Subjects: []audit.Subject{},
			Why:         "Medical devices often run old software.",
			Remediation: []string{"Put medical devices on their own network."},
			Effort:      audit.EffortDays,
			Mappings:    map[string][]string{},
		},
		{
			ControlID: "EXP-REMOTE-SERVICES", Area: audit.AreaExposure, Status: audit.Pass,
			Title:  "No RDP, SMB, SQL, VNC or Telnet open to the internet",
			Reason: "No remote-access or file-sharing port answered on 203.0.113.24.",
			Risk:   15, Subjects: []audit.Subject{},
			Why:         "Open remote desktop is the most common way ransomware gets in.",
			Remediation: []string{"Close the ports at the firewall."},
			Effort:      audit.EffortHours, QuickWin: true,
			Mappings: map[string][]string{"cis": {"4.4"}},
		},
		{
			ControlID: "EXP-EDGE-KEV", Area: audit.AreaExposure, Status: audit.NotChecked,
			Title:  "VPN/firewall/RD gateway not running a known-exploited vulnerability",
			Reason: "The firewall's make and firmware version are not recorded, so known-exploited flaws could not be looked up.",
			Risk:   15, Subjects: []audit.Subject{},
			Why:         "Attackers scan for firewalls with known flaws within days of their publication.",
			Remediation: []string{"Record the firewall model and firmware version in practice.yaml."},
			Effort:      audit.EffortHours, QuickWin: true,
			Mappings: map[string][]string{"e8": {"ISM-1876"}},
		},
		{
			ControlID: "IR-PLAN", Area: audit.AreaIncident, Status: audit.Fail,
			Title:  "Written incident response plan for the common healthcare scenarios",
			Reason: "The practice answered no.",
			Risk:   12, Severity: audit.Medium, Answer: "no", Subjects: []audit.Subject{},
			Why:         "In the first hours of an attack, a plan decides whether the practice keeps seeing patients.",
			Remediation: []string{"Write a one-page plan: who to call, what to switch off, how to keep seeing patients.", "Keep a printed copy at reception."},
			Effort:      audit.EffortDays,
			Mappings:    map[string][]string{"racgp": {"C6.4G"}, "hipaa": {"164.308(a)(6)(i)"}},
		},
		{
			ControlID: "IR-CONTACTS-OFFLINE", Area: audit.AreaIncident, Status: audit.NotChecked,
			Title:  "Emergency contact sheet kept offline and current",
			Reason: "The practice answered \"unknown\".",
			Risk:   9, Answer: "unknown", Subjects: []audit.Subject{},
			Why:         "When email is down, phone numbers on a server are no use.",
			Remediation: []string{"Print the contact sheet and keep it at reception."},
			Effort:      audit.EffortHours, QuickWin: true,
			Mappings: map[string][]string{},
		},
		{
			ControlID: "DAT-MHR-POLICY", Area: audit.AreaData, Status: audit.Pass,
			Title:  "(AU) My Health Record security and access policy (Rule 42)",
			Reason: "The practice answered yes.",
			Risk:   9, Answer: "yes", Subjects: []audit.Subject{},
			Why:         "The My Health Records Rule requires a written policy.",
			Remediation: []string{"Write the policy."},
			Effort:      audit.EffortHours, QuickWin: true,
			Mappings: map[string][]string{"racgp": {"C6.4A"}},
		},
	}
	c := map[audit.Status]int{}
	for _, f := range findings {
		c[f.Status]++
	}
	for i := range findings {
		findings[i].Likelihood, findings[i].Impact = placeRisk(findings[i])
	}
	return &audit.Result{
		SchemaVersion:  audit.SchemaVersion,
		ToolVersion:    "0.4.0",
		Practice:       audit.PracticeRef{Name: "Harbourside Family Practice", Country: "AU"},
		AsOf:           "2026-11-30",
		GeneratedAt:    "2026-11-30T09:15:37Z",
		CatalogVersion: "2026.11",
		Scores: audit.Scores{
			Overall: 46, Rating: "Poor", Coverage: 82,
			Cap: "a critical failure (ACC-MFA-ALL) holds the score at 49 or below until it is fixed",
			Areas: map[audit.Area]int{
				audit.AreaAccess: 38, audit.AreaContinuity: 41, audit.AreaPeople: 100, audit.AreaTechnology: 44,
				audit.AreaExposure: 100, audit.AreaIncident: 0, audit.AreaData: 100,
			},
		},
		EssentialEight: map[string]audit.E8Strategy{
			"application_control": {Level: 0, Gaps: []string{"AC ML1 ISM-0843 (TEC-APP-CONTROL)"}},
			"patch_applications":  {Level: 1, Gaps: []string{}},
			"office_macros":       {Level: 1, Gaps: []string{}},
			"user_app_hardening":  {Level: 1, Gaps: []string{}},
			"restrict_admin":      {Level: 0, Gaps: []string{"RAP ML1 ISM-1507 (ACC-ADMIN-MINIMAL)"}},
			"patch_os":            {Level: 0, Gaps: []string{"PO ML1 ISM-1501 (TEC-OS-SUPPORTED)"}},
			"mfa":                 {Level: 0, Gaps: []string{"MFA ML1 ISM-1504 (ACC-MFA-ALL)"}},
			"regular_backups": {Level: 0, Gaps: []string{"RB ML1 ISM-1515 (BAK-RESTORE-TESTED)"},
				Unknown: []string{"RB ML2 ISM-1705 (BAK-IMMUTABLE not checked)"}},
		},
		E8Level:  0,
		Counts:   c,
		Findings: findings,
		Actions: []audit.Action{
			{Rank: 1, ID: "mfa-everyone", Title: "Turn on multi-factor sign-in for everyone", Band: audit.BandNow,
				Why:    findings[1].Why,
				Effort: audit.EffortHours, QuickWin: true, Owner: audit.OwnerProvider, Risk: 25, Urgent: true,
				ControlIDs: []string{"ACC-MFA-ALL"}},
			{Rank: 2, ID: "remove-leavers", Title: "Switch off every login of people who have left", Band: audit.BandNow,
				Why:    findings[0].Why,
				Effort: audit.EffortHours, QuickWin: true, Owner: audit.OwnerProvider, Risk: 16, Urgent: true,
				ControlIDs: []string{"ACC-LEAVER-REVOKE", "ACC-DORMANT-45D"}},
			{Rank: 3, ID: "test-restore", Title: "Test a full restore of the practice software", Band: audit.Band30d,
				Why:    findings[5].Why,
				Effort: audit.EffortDays, Owner: audit.OwnerProvider, Risk: 20,
				ControlIDs: []string{"BAK-RESTORE-TESTED"}},
			{Rank: 4, ID: "email-auth", Title: "Stop others sending email in the practice's name", Band: audit.Band30d,
				Why:    findings[10].Why,
				Effort: audit.EffortHours, QuickWin: true, Owner: audit.OwnerProvider, Risk: 15,
				ControlIDs: []string{"TEC-EMAIL-AUTH"}},
			{Rank: 5, ID: "incident-plan", Title: "Write down who does what in a cyber incident", Band: audit.Band90d,
				Why:    findings[15].Why,
				Effort: audit.EffortDays, Owner: audit.OwnerPractice, Risk: 12,
				ControlIDs: []string{"IR-PLAN"}},
			{Rank: 6, ID: "replace-unsupported", Title: "Replace or upgrade computers that no longer get updates", Band: audit.BandLater,
				Why:    findings[9].Why,
				Effort: audit.EffortProject, Owner: audit.OwnerProvider, Risk: 16,
				ControlIDs: []string{"TEC-OS-SUPPORTED"}},
		},
		Evidence: []audit.EvidenceFile{
			{File: "ad-users.csv", Kind: "ad_users_csv", SHA256: shaAD, Facts: 31},
			{File: "answers.yaml", Kind: "answers", SHA256: "5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f"},
			{File: "entra-users.csv", Kind: "entra_users_csv", SHA256: shaEntra, Facts: 22},
			{File: "intune-devices.csv", Kind: "intune_csv", SHA256: shaIntune, Facts: 11},
			{File: "veeam-jobs.csv", Kind: "veeam", SHA256: shaVeeam, Facts: 42},
		},
		Identity: &audit.IdentityJoin{People: 9, Accounts: 12, Matched: 11, Unmatched: []audit.Subject{
			{ID: "frontdesk@harboursidefp.com.au", Kind: "account", Detail: "enabled member account in entra that matches no one in practice.yaml (Front Desk)",
				Source: &audit.Source{File: "users.json", Line: 118, Path: "$.value[7]", SHA256: shaEntra, CollectedAt: &checkedAt}}}},
		ReferenceData: &audit.ReferenceData{KEVCatalogVersion: "2025.08.25", KEVReleased: "2025-08-25", KEVCount: 1404,
			LifecycleDate: "2026-08-22", DataDate: "2026-08-22"},
		Diff: &audit.Diff{
			PreviousAsOf: "2026-05-31", ScoreChange: 7,
			Fixed:        []string{"EXP-REMOTE-SERVICES", "PPL-TRAINING-ANNUAL"},
			New:          []string{"ACC-LEAVER-REVOKE"},
			StillFailing: []string{"ACC-MFA-ALL", "BAK-RESTORE-TESTED", "IR-PLAN", "TEC-OS-SUPPORTED"},
			Changed:      []audit.Change{{ControlID: "TEC-EMAIL-AUTH", From: audit.Fail, To: audit.Warn}},
		},
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct{ format, file string }{
		{FormatText, "harbourside.txt.golden"},
		{FormatJSON, "harbourside.json.golden"},
		{FormatMarkdown, "harbourside.md.golden"},
		{FormatCSV, "harbourside.csv.golden"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			golden(t, tc.file, write(t, tc.format, sample(), Options{}))
		})
	}
}

func TestFormatsAreAllWritable(t *testing.T) {
	for _, f := range Formats() {
		t.Run(f, func(t *testing.T) {
			opts := optionsFor(t, f)
			var b bytes.Buffer
			if err := Write(&b, f, sample(), opts); err != nil {
				t.Errorf("Formats() lists %q but Write fails: %v", f, err)
			}
			if b.Len() == 0 {
				t.Errorf("format %q wrote nothing", f)
			}
		})
	}
}

func TestUnknownFormat(t *testing.T) {
	var b bytes.Buffer
	err := Write(&b, "docx", sample(), Options{})
	var e *audit.Error
	if !errors.As(err, &e) || e.Code != audit.EInvalid {
		t.Fatalf("Write(docx) = %v, want an *audit.Error with code %s", err, audit.EInvalid)
	}
	for _, f := range append(Formats(), "docx") {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not mention %q", err, f)
		}
	}
	if b.Len() != 0 {
		t.Errorf("wrote %d bytes for an unknown format", b.Len())
	}
}

func TestNilResult(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, FormatJSON, nil, Options{}); err == nil {
		t.Fatal("Write(nil) succeeded")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrorIsReported(t *testing.T) {
	for _, f := range Formats() {
		t.Run(f, func(t *testing.T) {
			err := Write(failingWriter{}, f, sample(), optionsFor(t, f))
			if err == nil || !strings.Contains(err.Error(), "disk full") {
				t.Errorf("format %s: error = %v, want it to carry the write error", f, err)
			}
		})
	}
}

func TestWritersDoNotChangeTheResult(t *testing.T) {
	edit := func(r *audit.Result) *audit.Result {
		r.Findings[2].Urgency = nil
		r.Findings[3].Mappings = nil
		r.Diff.Changed = nil
		r.Counts = nil
		return r
	}
	r, want := edit(sample()), edit(sample())
	for _, f := range Formats() {
		if f == FormatPDF && !haveChromium(t) {
			continue
		}
		write(t, f, r, Options{Color: true})
	}
	if diff := cmp.Diff(want, r, cmp.AllowUnexported(audit.Date{})); diff != "" {
		t.Errorf("writing changed the result (-before +after):\n%s", diff)
	}
}

// An area with no score is named as not scored in every readable format,
// and left out of the area table rather than shown as 0.
func TestUnjudgedAreasAreNamed(t *testing.T) {
	r := sample()
	delete(r.Scores.Areas, audit.AreaIncident)
	delete(r.Scores.Areas, audit.AreaData)
	for _, c := range []struct{ format, want, absent string }{
		{"text", "Not scored, as nothing in them could be judged yet: incident, data", "incident 0"},
		{"md", "Not scored, as nothing in them could be judged yet: Incident, Data.", "| Incident | 0 |"},
		{"html", "Not scored, as nothing in them could be judged yet: Incident, Data.", ""},
	} {
		out := string(write(t, c.format, r, Options{}))
		if !strings.Contains(out, c.want) {
			t.Errorf("%s: lacks %q", c.format, c.want)
		}
		if c.absent != "" && strings.Contains(out, c.absent) {
			t.Errorf("%s: still shows %q", c.format, c.absent)
		}
	}
	if out := string(write(t, "text", sample(), Options{})); strings.Contains(out, "Not scored") {
		t.Error("a result with every area scored says some are not")
	}
}
