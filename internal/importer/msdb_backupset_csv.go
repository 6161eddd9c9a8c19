package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
)

// MsdbBackupsetCSV reads SQL Server's own backup history, the table the
// clinical software's database backups are recorded in (Best Practice's
// BPSPatients and BPSSamples, MedicalDirector's HCN databases), as the
// result of this query saved to CSV:
//
//	SELECT bs.database_name, bs.type, bs.backup_start_date, bs.backup_finish_date,
//	       bs.server_name, bs.is_copy_only, mf.physical_device_name
//	FROM msdb.dbo.backupset AS bs
//	JOIN msdb.dbo.backupmediafamily AS mf ON mf.media_set_id = bs.media_set_id
//	WHERE bs.backup_finish_date > DATEADD(day, -30, GETDATE())
//	ORDER BY bs.backup_finish_date;
//
// It reads three ways of saving it:
//
//   - With a header row: SSMS "Save Results As" with column headers turned
//     on, Invoke-Sqlcmd | Export-Csv (a #TYPE line, culture dates), or
//     sqlcmd -s"," -W (a line of dashes under the header and "(n rows
//     affected)" at the end, both skipped). Columns are found by name;
//     database_name, type and backup_finish_date are required, and
//     time_zone and key_algorithm are read when the query adds them.
//   - Without a header, as SSMS saves results by default: the columns must
//     be in the query's order, the first four required. Such a file is
//     recognised only when its first line is a database name, a backup
//     type letter and two dates. SSMS does not quote cells, so commas
//     after the sixth cell are taken to be part of physical_device_name.
//
// Each full, differential, file or partial backup becomes a successful
// run (msdb records only backups that completed) of the job "SQL full
// backup of BPSPatients" (and so on) on the asset server_name\database,
// e.g. HFP-SRV01\BPSINSTANCE\BPSPatients. Copy-only backups are their own
// job. Transaction-log backups (type L) are read but give no fact: the
// checks judge an asset by its newest good run, and the control counts
// full and differential backups, so a log backup every 15 minutes must not
// hide that the nightly full backup stopped a week ago. The cost is that a
// recovery point under a day cannot be proven from log backups.
//
// A backup to a URL (physical_device_name https://...) is to cloud
// storage, so off-site; any other device says nothing about where it is
// kept. key_algorithm, when present, says whether the backup is
// encrypted. Times are the server's local time: with a time_zone column
// (msdb's offset in 15-minute steps) they are made exact, otherwise kept
// as written, as UTC.
type MsdbBackupsetCSV struct{}

// Name implements Importer.
func (MsdbBackupsetCSV) Name() string { return "msdb_backupset_csv" }

// msdbOrder is the column order of a file without a header.
var msdbOrder = []string{"database_name", "type", "backup_start_date", "backup_finish_date", "server_name", "is_copy_only", "physical_device_name"}

// Detect implements Importer.
func (MsdbBackupsetCSV) Detect(_ string, head []byte) bool {
	if _, cols, ok := exportHeaderOf(head); ok {
		_, db := cols["database_name"]
		_, typ := cols["type"]
		_, end := cols["backup_finish_date"]
		if db && typ && end {
			return true
		}
	}
	_, text := exportSplitType(exportText(head))
	line, _, _ := strings.Cut(text, "\n")
	return msdbLooksLikeRow(strings.TrimSuffix(line, "\r"))
}

// msdbLooksLikeRow reports a header-less first line: a name, a backup type
// letter and two dates.
// SSMS quotes cells only when told to, so quotes around a cell are
// allowed but not needed.
func msdbLooksLikeRow(line string) bool {
	cells := strings.Split(line, ",")
	if len(cells) < 4 {
		return false
	}
	for i := range cells[:4] {
		cells[i] = strings.Trim(strings.TrimSpace(cells[i]), `"`)
	}
	if cells[0] == "" || len(cells[1]) != 1 {
		return false
	}
	if _, ok := msdbTypes[strings.ToUpper(cells[1])]; !ok {
		return false
	}
	for _, c := range cells[2:4] {
		if _, ok := stampSplit(c); !ok {
			return false
		}
	}
	return true
}

// msdbType is what a backupset type letter means for the job's name.
type msdbType struct {
	job string // "full" in "SQL full backup of X"; "" for log backups
}

// msdbTypes maps the type letters msdb records, and the words a query
// with a CASE expression might write instead.
var msdbTypes = map[string]msdbType{
	"D": {"full"}, "FULL": {"full"}, "DATABASE": {"full"},
	"I": {"differential"}, "DIFFERENTIAL": {"differential"}, "DIFF": {"differential"},
	"L": {""}, "LOG": {""}, "TRANSACTION LOG": {""},
	"F": {"file"}, "G": {"differential file"}, "P": {"partial"}, "Q": {"differential partial"},
}

// Import implements Importer.
func (MsdbBackupsetCSV) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := readEvidence(name, r)
	if err != nil {
		return nil, err
	}
	facts, _, err := msdbFacts(name, data)
	return facts, err
}

// msdbRow is one backup as read, before dates are known.
type msdbRow struct {
	file  string
	line  int
	cells map[string]string // column key -> trimmed value; NULL is ""
	shown map[string]string // column key -> as the header wrote it
}

func (r msdbRow) bad(key, format string, args ...any) error {
	col := r.shown[key]
	if col == "" {
		col = key
	}
	return audit.Invalid(r.file, r.line, "column %s: %s", col, fmt.Sprintf(format, args...))
}

// msdbFacts reads the file; logs counts the log backups left out.
func msdbFacts(name string, data []byte) (facts []audit.Fact, logs int, err error) {
	text := exportText(data)
	var rows []msdbRow
	if _, cols, ok := exportHeaderOf([]byte(text)); ok && cols["database_name"] != "" {
		rows, err = msdbWithHeader(name, text)
	} else {
		rows, err = msdbWithoutHeader(name, text)
	}
	if err != nil {
		return nil, 0, err
	}
	return msdbBackups(name, rows)
}

// msdbDecoration matches the lines sqlcmd adds around the rows.
var msdbDecoration = regexp.MustCompile(`^\s*(\(\d+ rows? affected\)|[-\s,;\t]*-[-\s,;\t]*)\s*$`)

// msdbWithHeader reads a file with a header row. sqlcmd's dashes and row
// count are blanked first, keeping the line numbers.
func msdbWithHeader(name, text string) ([]msdbRow, error) {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if i > 0 && msdbDecoration.MatchString(strings.TrimSuffix(l, "\r")) {
			lines[i] = ""
		}
	}
	t, err := readExportTable(name, []byte(strings.Join(lines, "\n")))
	if err != nil {
		return nil, err
	}
	for _, k := range []string{"database_name", "type", "backup_finish_date"} {
		if !t.has(k) {
			return nil, audit.Invalid(name, t.hdrLine, "column %s is missing; save the result of the msdb.dbo.backupset query in docs/backup-jobs-csv.md", k)
		}
	}
	keys := append(append([]string{}, msdbOrder...), "time_zone", "key_algorithm")
	rows := make([]msdbRow, 0, len(t.rows))
	for _, r := range t.rows {
		row := msdbRow{file: name, line: r.line, cells: map[string]string{}, shown: map[string]string{}}
		for _, k := range keys {
			if v, col, ok := t.get(r, k); ok {
				row.cells[k], row.shown[k] = msdbValue(v), col
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// msdbWithoutHeader reads a header-less file in msdbOrder.
func msdbWithoutHeader(name, text string) ([]msdbRow, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true // SSMS writes quotes in paths as they are
	var rows []msdbRow
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, audit.Invalid(name, line, "the CSV is malformed: %v", err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) < 4 {
			return nil, audit.Invalid(name, line, "this row has %d cells; a file without a header needs at least database_name, type, backup_start_date and backup_finish_date, in that order (or save it with column headers)", len(rec))
		}
		if len(rec) > len(msdbOrder) {
			rec = append(rec[:len(msdbOrder)-1], strings.Join(rec[len(msdbOrder)-1:], ","))
		}
		row := msdbRow{file: name, line: line, cells: map[string]string{}, shown: map[string]string{}}
		for i, v := range rec {
			row.cells[msdbOrder[i]] = msdbValue(v)
			row.shown[msdbOrder[i]] = msdbOrder[i] + " (cell " + strconv.Itoa(i+1) + ")"
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, audit.Invalid(name, 0, "the file is empty; save the result of the msdb.dbo.backupset query")
	}
	return rows, nil
}

// msdbValue trims a cell; SQL's NULL is an empty cell.
func msdbValue(v string) string {
	v = strings.TrimSpace(v)
	if strings.EqualFold(v, "NULL") {
		return ""
	}
	return v
}

// msdbBackups turns rows into facts. A backup striped over several files
// appears once per file; it is one backup.
func msdbBackups(name string, rows []msdbRow) ([]audit.Fact, int, error) {
	var cells []stampCell
	for _, r := range rows {
		for _, k := range []string{"backup_start_date", "backup_finish_date"} {
			if v := r.cells[k]; v != "" {
				cells = append(cells, stampCell{line: r.line, column: r.shown[k], value: v})
			}
		}
	}
	monthFirst, err := stampOrderOf(name, cells)
	if err != nil {
		return nil, 0, err
	}
	facts := []audit.Fact{}
	seen := map[string]bool{}
	logs := 0
	for _, r := range rows {
		b, err := msdbBackup(r, monthFirst)
		if err != nil {
			return nil, 0, err
		}
		if b == nil {
			logs++
			continue
		}
		key := b.Asset + "\x00" + b.Job + "\x00" + b.End.String()
		if seen[key] {
			continue
		}
		seen[key] = true
		facts = append(facts, audit.Fact{Kind: audit.FactBackup, Source: audit.Source{Line: r.line}, Backup: b})
	}
	return facts, logs, nil
}

// msdbBackup reads one row; nil without an error is a log backup.
func msdbBackup(r msdbRow, monthFirst bool) (*audit.Backup, error) {
	db := r.cells["database_name"]
	if db == "" {
		return nil, r.bad("database_name", "is empty")
	}
	typ, ok := msdbTypes[strings.ToUpper(r.cells["type"])]
	if !ok {
		return nil, r.bad("type", "%s is not a backup type (D full, I differential, L log, F, G, P or Q)", exportQuote(r.cells["type"]))
	}
	if typ.job == "" {
		return nil, nil
	}
	end, err := msdbFinish(r, monthFirst)
	if err != nil {
		return nil, err
	}
	copyOnly, ok := exportBool(r.cells["is_copy_only"])
	if !ok && r.cells["is_copy_only"] != "" {
		return nil, r.bad("is_copy_only", "%s is not 0, 1, True or False", exportQuote(r.cells["is_copy_only"]))
	}
	job := "SQL " + typ.job + " backup of " + db
	if copyOnly {
		job = "SQL copy-only " + typ.job + " backup of " + db
	}
	asset := db
	if server := r.cells["server_name"]; server != "" {
		asset = server + `\` + db
	}
	b := &audit.Backup{Job: job, Asset: asset, System: "sqlserver", End: end, Result: "success"}
	if dev := strings.ToLower(r.cells["physical_device_name"]); strings.HasPrefix(dev, "https://") || strings.HasPrefix(dev, "http://") || strings.HasPrefix(dev, "s3://") {
		b.Offsite = msdbTrue()
	}
	if _, present := r.shown["key_algorithm"]; present {
		enc := r.cells["key_algorithm"] != ""
		b.Encrypted = &enc
	}
	return b, nil
}

func msdbTrue() *bool { t := true; return &t }

// msdbFinish reads backup_finish_date, made exact with time_zone when the
// file has it.
func msdbFinish(r msdbRow, monthFirst bool) (time.Time, error) {
	v := r.cells["backup_finish_date"]
	if v == "" {
		return time.Time{}, r.bad("backup_finish_date", "is empty")
	}
	end, ok := stampParse(v, monthFirst)
	if !ok || stampUnset(end) {
		return time.Time{}, r.bad("backup_finish_date", "%s is not a date and time Triage can read (%s)", exportQuote(v), stampForms)
	}
	tz := r.cells["time_zone"]
	if tz == "" || stampZoned(v) {
		return end, nil
	}
	n, err := strconv.Atoi(tz)
	switch {
	case err != nil || (n != 127 && (n < -48 || n > 48)):
		return time.Time{}, r.bad("time_zone", "%s is not msdb's offset from UTC in 15-minute steps (-48 to 48, or 127 for unknown)", exportQuote(tz))
	case n == 127:
		return end, nil
	}
	return end.Add(-time.Duration(n) * 15 * time.Minute), nil
}

// stampZoned reports a time written with its zone (or as /Date(ms)/).
func stampZoned(s string) bool {
	s = strings.TrimSpace(s)
	if _, ok := stampMSDate(s); ok {
		return true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05Z07:00"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}
