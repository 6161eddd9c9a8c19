package acceptance_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	auditpkg "triage/internal/audit"
	"triage/internal/catalog"
	"triage/internal/cli"
	"triage/internal/engine"
	"triage/internal/importer"
	"triage/internal/profile"
	"triage/internal/refdata"
	reportpkg "triage/internal/report"
)

// devicesBackupsFixture is the practice of issue 4: Windows 10 PCs, Best
// Practice on SQL Server 2014, an unencrypted laptop, a Veeam job failing
// for three nights and a restore last tested in 2023. Unlike the other
// fixtures its backup evidence is in the products' own export formats.
const devicesBackupsFixture = "windows10-sql2014"

// auditDevicesBackups audits the fixture as
//
//	triage audit --evidence DIR --as-of 2026-11-20 --format json
//
// does, step by step, with the built-in importers and the embedded
// reference data, and returns the JSON report.
func auditDevicesBackups(t *testing.T) []byte {
	t.Helper()
	dir := practiceDir(devicesBackupsFixture)
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	practice, err := profile.LoadPracticeFile(filepath.Join(dir, "practice.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	answers, err := profile.LoadAnswersFile(filepath.Join(dir, "answers.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := profile.CheckAnswerIDs(answers, func(id string) bool { _, ok := cat.Control(id); return ok }); err != nil {
		t.Fatal(err)
	}
	ev, err := importer.Default().ImportDir(dir)
	if err != nil {
		t.Fatalf("importing %s: %v", dir, err)
	}
	for _, name := range ev.Unrecognised {
		if name != "README.md" && name != "report.golden.json" {
			t.Errorf("%s was not recognised as evidence", name)
		}
	}
	day, err := auditpkg.ParseDate(asOf)
	if err != nil {
		t.Fatal(err)
	}
	data, err := refdata.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	res := engine.Evaluate(cat, data.Enrich(ev.Facts, day.Time()), answers.Answers, practice, day.Time())
	res.ToolVersion = cli.Version
	res.Evidence = ev.Files
	res.ReferenceData = data.Info().Reference()
	var buf bytes.Buffer
	if err := reportpkg.Write(&buf, reportpkg.FormatJSON, &res, reportpkg.Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDevicesBackupsGolden compares the fixture's report with its
// report.golden.json (-update rewrites it). Once the CLI's importers read
// the fixture's exports, `triage audit` must give the same bytes.
func TestDevicesBackupsGolden(t *testing.T) {
	got := auditDevicesBackups(t)
	var r report
	if err := json.Unmarshal(got, &r); err != nil {
		t.Fatalf("the report is not valid JSON: %v", err)
	}
	kinds := map[string]string{}
	for _, e := range r.Evidence {
		kinds[e.File] = e.Kind
		if e.Facts == 0 || e.SHA256 == "" {
			t.Errorf("evidence %+v: no facts or no hash", e)
		}
	}
	want := map[string]string{"backup-jobs.csv": "backup_jobs_csv", "facts.json": "facts_json", "veeam-sessions.csv": "veeam_sessions_csv"}
	if len(kinds) != len(want) {
		t.Errorf("evidence files %v, want %v", kinds, want)
	}
	for f, k := range want {
		if kinds[f] != k {
			t.Errorf("%s read as %q, want %q", f, kinds[f], k)
		}
	}
	if r.SchemaVersion != 1 || r.AsOf != asOf || len(r.Findings) != 69 {
		t.Errorf("schema_version %d, as_of %q, %d findings; want 1, %s and 69", r.SchemaVersion, r.AsOf, len(r.Findings), asOf)
	}
	path := goldenPath(devicesBackupsFixture)
	golden, ok := checkGolden(t, path, got)
	if !ok {
		return
	}
	if viaCLI := audit(t, devicesBackupsFixture, fixedNow); !bytes.Equal(viaCLI, golden) {
		t.Errorf("triage audit of %s differs from %s\n%s", devicesBackupsFixture, path, reportDiff(golden, viaCLI))
	}
}

// TestDevicesBackupsFindings checks the findings the fixture was built
// for, with the subjects an IT provider would act on and where each piece
// of evidence came from.
func TestDevicesBackupsFindings(t *testing.T) {
	var r report
	if err := json.Unmarshal(auditDevicesBackups(t), &r); err != nil {
		t.Fatal(err)
	}

	osf := r.find(t, "TEC-OS-SUPPORTED")
	wantStatus(t, osf, "fail")
	win10 := []string{"CONSULT-01", "CONSULT-02", "CONSULT-03", "RECEPTION-01", "RECEPTION-02"}
	for _, id := range win10 {
		if s := wantSubject(t, osf, id, "device", source{File: "facts.json"}); s != nil && !strings.Contains(s.Detail, "Windows 10 Pro 22H2") {
			t.Errorf("%s: %s detail %q does not name Windows 10 Pro 22H2", osf.ControlID, id, s.Detail)
		}
	}
	if len(osf.Subjects) != len(win10) {
		t.Errorf("%s lists %v, want only the Windows 10 PCs %v", osf.ControlID, osf.subjectIDs(), win10)
	}
	if osf.Contradiction == "" {
		t.Errorf("%s: the practice answered 0 unsupported systems; the failure should be flagged as a contradiction", osf.ControlID)
	}

	apps := r.find(t, "TEC-UNSUPPORTED-APPS")
	wantStatus(t, apps, "fail")
	if s := wantSubject(t, apps, "Microsoft SQL Server 2014 (64-bit) 12.0.6024.0", "software", source{File: "facts.json"}); s != nil && !strings.Contains(s.Detail, "HFP-SRV01") {
		t.Errorf("%s: SQL Server 2014 detail %q does not name the server HFP-SRV01", apps.ControlID, s.Detail)
	}
	if len(apps.Subjects) != 1 {
		t.Errorf("%s lists %v, want only SQL Server 2014", apps.ControlID, apps.subjectIDs())
	}

	enc := r.find(t, "TEC-DISK-ENCRYPTION")
	wantStatus(t, enc, "fail")
	if s := wantSubject(t, enc, "DR-LAPTOP01", "device", source{File: "facts.json"}); s != nil && !strings.Contains(s.Detail, "laptop") {
		t.Errorf("%s: the laptop's detail %q does not say it is a laptop", enc.ControlID, s.Detail)
	}
	if len(enc.Subjects) != 1 {
		t.Errorf("%s lists %v, want only the laptop (the unencrypted reception PCs hold no patient data)", enc.ControlID, enc.subjectIDs())
	}

	// The PMS job's newest run is the failed retry on the 19th, line 33 of
	// the Veeam export; the practice-files job is fine and not a subject.
	bak := r.find(t, "BAK-PMS-DAILY")
	wantStatus(t, bak, "fail", "no working backup")
	if s := wantSubject(t, bak, "Bp Premier nightly", "asset", source{File: "veeam-sessions.csv", Line: 33}); s != nil {
		for _, w := range []string{`job "Bp Premier nightly"`, "last successful backup 2026-11-16", "6 runs failed since", "2026-11-19"} {
			if !strings.Contains(s.Detail, w) {
				t.Errorf("%s: detail %q does not say %q", bak.ControlID, s.Detail, w)
			}
		}
		if s.Source != nil && len(s.Source.SHA256) != 64 {
			t.Errorf("%s: the Veeam export's hash %q is missing", bak.ControlID, s.Source.SHA256)
		}
	}
	if bak.subject("Practice files nightly") != nil {
		t.Errorf("%s lists the practice-files job, which succeeded every night", bak.ControlID)
	}
	if !strings.HasPrefix(bak.Answer, "yes") || bak.Contradiction == "" {
		t.Errorf("%s: answer %q, contradiction %q; the practice said yes, so the failure should be flagged", bak.ControlID, bak.Answer, bak.Contradiction)
	}

	restore := r.find(t, "BAK-RESTORE-TESTED")
	wantStatus(t, restore, "fail")
	wantSubject(t, restore, "HFP-SRV01", "asset", source{File: "backup-jobs.csv", Line: 2})
	if !strings.Contains(restore.Reason, "2023-05-09") {
		t.Errorf("%s reason %q does not give the 2023 test's date", restore.ControlID, restore.Reason)
	}

	// The 2023 restore took 9.5 hours against a stated RTO of 8; the Veeam
	// job's nightly interval meets the stated RPO of 24 hours.
	rto := r.find(t, "BCP-RTO-RPO")
	wantStatus(t, rto, "fail")
	if !strings.Contains(rto.Reason, "9.5 hours") {
		t.Errorf("%s reason %q does not name the 9.5-hour restore", rto.ControlID, rto.Reason)
	}
}
