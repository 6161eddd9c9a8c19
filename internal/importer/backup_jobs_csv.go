package importer

import (
	"io"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
)

// BackupJobsCSV reads Triage's backup-jobs CSV: backup runs and restore
// tests from any product (Datto, Acronis, Synology, a NAS, rotated USB
// disks) or from the practice's own backup log, typed into a spreadsheet.
// The columns and every rule are in docs/backup-jobs-csv.md. A row is a
// backup run (end and result), a restore test (restore_tested_on), or
// both; a value outside a column's words is an error naming the line and
// column, never a guess.
type BackupJobsCSV struct{}

// Name implements Importer.
func (BackupJobsCSV) Name() string { return "backup_jobs_csv" }

// Detect implements Importer: a header with job and either end and result
// or restore_tested_on.
func (BackupJobsCSV) Detect(_ string, head []byte) bool {
	_, cols, ok := exportHeaderOf(head)
	if !ok {
		return false
	}
	has := func(k string) bool { _, found := cols[k]; return found }
	return has("job") && (has("end") && has("result") || has("restore_tested_on"))
}

// Import implements Importer.
func (BackupJobsCSV) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := readEvidence(name, r)
	if err != nil {
		return nil, err
	}
	t, err := readExportTable(name, data)
	if err != nil {
		return nil, err
	}
	if !t.has("job") {
		return nil, audit.Invalid(name, t.hdrLine, "column job is missing; see docs/backup-jobs-csv.md for the columns")
	}
	if !(t.has("end") && t.has("result")) && !t.has("restore_tested_on") {
		return nil, audit.Invalid(name, t.hdrLine, "the file needs the columns end and result (backup runs), restore_tested_on (restore tests), or all three; see docs/backup-jobs-csv.md")
	}
	facts := []audit.Fact{}
	seenTests := map[audit.RestoreTest]bool{}
	for _, row := range t.rows {
		c := exportCells{t: t, row: row}
		run, test, err := bjobRow(c)
		if err != nil {
			return nil, err
		}
		src := audit.Source{Line: row.line}
		if run != nil {
			facts = append(facts, audit.Fact{Kind: audit.FactBackup, Source: src, Backup: run})
		}
		// The same test written on every run of a job is one test.
		if test != nil && !seenTests[*test] {
			seenTests[*test] = true
			facts = append(facts, audit.Fact{Kind: audit.FactRestoreTest, Source: src, RestoreTest: test})
		}
	}
	return facts, nil
}

// bjobRow reads a row's run and restore test; either may be nil, not both.
func bjobRow(c exportCells) (*audit.Backup, *audit.RestoreTest, error) {
	job := c.get("job")
	if job == "" {
		return nil, nil, c.errorf("job", "is empty; every row names its backup job")
	}
	run, err := bjobRun(c, job)
	if err != nil {
		return nil, nil, err
	}
	test, err := bjobRestore(c, job)
	if err != nil {
		return nil, nil, err
	}
	if run == nil && test == nil {
		return nil, nil, audit.Invalid(c.t.file, c.row.line, "this row records neither a backup run (end and result) nor a restore test (restore_tested_on)")
	}
	return run, test, nil
}

// bjobRun reads end, result and the copy's properties; nil when the row
// has neither end nor result.
func bjobRun(c exportCells, job string) (*audit.Backup, error) {
	endText, resText := c.get("end"), c.get("result")
	switch {
	case endText == "" && resText == "":
		for _, k := range []string{"offsite", "immutable", "immutable_days", "encrypted", "alerting"} {
			if c.get(k) != "" {
				return nil, c.errorf(k, "is set but the row has no backup run; add end and result, or leave it empty")
			}
		}
		return nil, nil
	case endText == "":
		return nil, c.errorf("end", "is empty but result is %s; write when the run finished", exportQuote(resText))
	case resText == "":
		return nil, c.errorf("result", "is empty but the run ended %s; write success, warning or failed", exportQuote(endText))
	}
	end, ok := bjobTime(endText)
	if !ok {
		return nil, c.errorf("end", "%s is not a date and time in the form 2026-11-19 22:40 (a zone such as +11:00 may follow; day-first and month-first dates are refused because they read differently in Australia and the US)", exportQuote(endText))
	}
	result, ok := bjobResult(resText, true)
	if !ok {
		return nil, c.errorf("result", "%s is not success, warning or failed", exportQuote(resText))
	}
	b := &audit.Backup{Job: job, Asset: c.get("asset"), System: strings.ToLower(c.get("system")), End: end, Result: result}
	if err := bjobFlags(c, b); err != nil {
		return nil, err
	}
	return b, nil
}

// bjobFlags reads the yes/no columns and immutable_days.
func bjobFlags(c exportCells, b *audit.Backup) error {
	for _, f := range []struct {
		key string
		dst **bool
	}{{"offsite", &b.Offsite}, {"immutable", &b.Immutable}, {"encrypted", &b.Encrypted}, {"alerting", &b.Alerting}} {
		v := c.get(f.key)
		if v == "" {
			continue
		}
		on, ok := exportBool(v)
		if !ok {
			return c.errorf(f.key, "%s is not yes, no, true, false, 1 or 0 (leave it empty when unknown)", exportQuote(v))
		}
		*f.dst = &on
	}
	days := c.get("immutable_days")
	if days == "" {
		return nil
	}
	n, ok := exportInt(days)
	if !ok || n < 0 || n > 36500 {
		return c.errorf("immutable_days", "%s is not a whole number of days", exportQuote(days))
	}
	d := int(n)
	b.ImmutableDays = &d
	switch {
	case b.Immutable == nil && d > 0:
		on := true
		b.Immutable = &on // a lock period says the copy is locked
	case b.Immutable != nil && !*b.Immutable && d > 0:
		return c.errorf("immutable_days", "is %d but immutable is no; a copy locked for %d days is immutable, so fix one of them", d, d)
	}
	return nil
}

// bjobRestore reads the restore test columns; nil when the row has none.
func bjobRestore(c exportCells, job string) (*audit.RestoreTest, error) {
	on, hours, result := c.get("restore_tested_on"), c.get("restore_hours"), c.get("restore_result")
	if on == "" {
		for _, k := range []string{"restore_hours", "restore_result"} {
			if c.get(k) != "" {
				return nil, c.errorf(k, "is set but restore_tested_on is empty; write the day of the test")
			}
		}
		return nil, nil
	}
	d, err := audit.ParseDate(on)
	if err != nil {
		return nil, c.errorf("restore_tested_on", "%s is not a date in the form YYYY-MM-DD", exportQuote(on))
	}
	if result == "" {
		return nil, c.errorf("restore_result", "is empty; write success if the restored system opened and worked, else failed")
	}
	res, ok := bjobResult(result, false)
	if !ok {
		return nil, c.errorf("restore_result", "%s is not success or failed", exportQuote(result))
	}
	asset := c.get("asset")
	if asset == "" {
		asset = job
	}
	test := &audit.RestoreTest{Asset: asset, Date: d, Result: res, Full: true}
	if hours != "" {
		h, ok := bjobHours(hours)
		if !ok {
			return nil, c.errorf("restore_hours", "%s is not a number of hours such as 2 or 3.5", exportQuote(hours))
		}
		test.Hours = h
	}
	return test, nil
}

// bjobTime reads end: an ISO 8601 date and time, with or without seconds
// and zone, or a date alone (the start of that day, the oldest the run can
// be). A time without a zone is kept as written, as UTC.
func bjobTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05Z07:00",
		"2006-01-02T15:04Z07:00", "2006-01-02 15:04Z07:00", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if tm, err := time.Parse(layout, s); err == nil && tm.Year() >= 1971 {
			return tm.UTC(), true
		}
	}
	return time.Time{}, false
}

// bjobResult reads a result word; warning only for backup runs.
func bjobResult(s string, run bool) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "success", "succeeded", "successful", "ok", "completed", "complete", "pass", "passed":
		return "success", true
	case "failed", "fail", "failure", "error", "errored":
		return "failed", true
	case "warning", "warn", "warnings", "partial", "completed with warnings":
		return "warning", run
	}
	return "", false
}

// bjobHours reads a number of hours; a decimal comma (3,5) is accepted, as
// spreadsheets in many locales write it.
func bjobHours(s string) (float64, bool) {
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	h, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return h, err == nil && h >= 0 && h <= 24*365
}
