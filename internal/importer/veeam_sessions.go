package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
)

// Veeam Backup & Replication job sessions, in the two forms an IT provider
// can get them without installing anything: the PowerShell session list
// saved with Export-Csv, and the REST API's session list saved as JSON.
// Each finished session becomes one backup fact. The fields read are
// Veeam's documented VBRBackupSession properties and REST SessionModel;
// docs/backup-jobs-csv.md says how to save both.
//
// A session list says nothing about where the copy went, whether it can
// be deleted or whether anyone is told of a failure, so Offsite, Immutable,
// Encrypted and Alerting stay unknown. That includes backup copy jobs: a
// copy job may write to a second NAS in the same room, so calling its
// copies off-site would be a guess.

// VeeamSessionsCSV reads the output of
//
//	Get-VBRBackupSession | Export-Csv veeam-sessions.csv
//
// in Windows PowerShell 5.1 (a #TYPE line, a byte-order mark with
// -Encoding UTF8, UTF-16 through Out-File) or PowerShell 7. Columns are
// found by name; JobName, Result and EndTime are required, JobType and
// State are read when present, and CreationTime helps tell day-first from
// month-first dates. Dates are in the exporting machine's culture and
// carry no zone; they are kept as written, as UTC.
type VeeamSessionsCSV struct{}

// Name implements Importer.
func (VeeamSessionsCSV) Name() string { return "veeam_sessions_csv" }

// Detect implements Importer: a CSV header with JobName, Result and
// EndTime, the columns every Veeam session object has and the generic
// backup CSV (job, end, result) does not.
func (VeeamSessionsCSV) Detect(_ string, head []byte) bool {
	_, cols, ok := exportHeaderOf(head)
	if !ok {
		return false
	}
	for _, c := range []string{"jobname", "result", "endtime"} {
		if _, found := cols[c]; !found {
			return false
		}
	}
	return true
}

// Import implements Importer.
func (VeeamSessionsCSV) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := readEvidence(name, r)
	if err != nil {
		return nil, err
	}
	facts, _, err := veeamCSVFacts(name, data)
	return facts, err
}

// veeamSkipped counts the sessions that give no fact, for tests: still
// running (Result None or no end time yet) and transaction-log backups.
type veeamSkipped struct{ running, logs int }

func veeamCSVFacts(name string, data []byte) ([]audit.Fact, veeamSkipped, error) {
	var skipped veeamSkipped
	t, err := readExportTable(name, data)
	if err != nil {
		return nil, skipped, err
	}
	for _, c := range []struct{ key, shown string }{{"jobname", "JobName"}, {"result", "Result"}, {"endtime", "EndTime"}} {
		if !t.has(c.key) {
			return nil, skipped, audit.Invalid(name, t.hdrLine, "column %s is missing; save the sessions with Get-VBRBackupSession | Export-Csv", c.shown)
		}
	}
	var cells []stampCell
	for _, row := range t.rows {
		for _, key := range []string{"creationtime", "endtime"} {
			if v, col, ok := t.get(row, key); ok && v != "" {
				cells = append(cells, stampCell{line: row.line, column: col, value: v})
			}
		}
	}
	monthFirst, err := stampOrderOf(name, cells)
	if err != nil {
		return nil, skipped, err
	}
	facts := []audit.Fact{}
	for _, row := range t.rows {
		b, skip, err := veeamCSVRow(t, row, monthFirst)
		switch {
		case err != nil:
			return nil, skipped, err
		case skip == veeamSkipRunning:
			skipped.running++
		case skip == veeamSkipLog:
			skipped.logs++
		default:
			facts = append(facts, audit.Fact{Kind: audit.FactBackup, Source: audit.Source{Line: row.line}, Backup: b})
		}
	}
	return facts, skipped, nil
}

type veeamSkip int

const (
	veeamKeep veeamSkip = iota
	veeamSkipRunning
	veeamSkipLog
)

// veeamCSVRow reads one session.
func veeamCSVRow(t *exportTable, row exportRow, monthFirst bool) (*audit.Backup, veeamSkip, error) {
	bad := func(col, format string, args ...any) error {
		return audit.Invalid(t.file, row.line, "column %s: %s", col, fmt.Sprintf(format, args...))
	}
	job, jobCol, _ := t.get(row, "jobname")
	if job == "" {
		return nil, 0, bad(jobCol, "is empty; every session names its job")
	}
	if jt, _, _ := t.get(row, "jobtype"); veeamLogJob(jt) {
		return nil, veeamSkipLog, nil
	}
	res, resCol, _ := t.get(row, "result")
	result, finished, ok := veeamResult(res)
	if !ok {
		return nil, 0, bad(resCol, "%s is not a Veeam session result (Success, Warning, Failed or None)", exportQuote(res))
	}
	if !finished {
		return nil, veeamSkipRunning, nil
	}
	endText, endCol, _ := t.get(row, "endtime")
	state, _, _ := t.get(row, "state")
	end, ok := stampParse(endText, monthFirst)
	switch {
	case endText != "" && !ok:
		return nil, 0, bad(endCol, "%s is not a date and time Triage can read (%s)", exportQuote(endText), stampForms)
	case (endText == "" || stampUnset(end)) && !strings.EqualFold(state, "Stopped") && state != "":
		// Veeam shows 01/01/1900 as the end of a session still working.
		return nil, veeamSkipRunning, nil
	case endText == "" || stampUnset(end):
		return nil, 0, bad(endCol, "%s is not a real end time although the session finished %s; export the sessions again", exportQuote(endText), strings.ToLower(result))
	}
	return &audit.Backup{Job: job, Asset: job, System: "veeam", End: end, Result: result}, veeamKeep, nil
}

// veeamResult maps a session result: None is a session that has not
// finished, so it has no outcome yet.
func veeamResult(s string) (result string, finished, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "success":
		return "success", true, true
	case "warning":
		return "warning", true, true
	case "failed":
		return "failed", true, true
	case "none", "":
		return "", false, true
	}
	return "", false, false
}

// veeamLogJob reports transaction-log backup sessions. They are skipped,
// as msdb_backupset_csv.go skips SQL log backups: the control asks for a
// full or incremental backup every day, and a log job (its own asset here,
// named after its parent job) would otherwise be judged by that rule too,
// failing whenever log backups are switched off.
func veeamLogJob(jobType string) bool {
	t := strings.ToLower(jobType)
	return strings.Contains(t, "logbackup") || strings.Contains(t, "log backup")
}

// VeeamSessionsJSON reads the Veeam REST API's session list, as saved
// from GET /api/v1/sessions: {"data": [SessionModel...], "pagination":
// {...}}, or the data list alone. A session's name is its job's name.
// Sessions of other kinds than backups (restores, infrastructure,
// repository maintenance, configuration backups) are left out, and so are
// sessions not yet finished. Times carry their zone, so they are exact.
type VeeamSessionsJSON struct{}

// Name implements Importer.
func (VeeamSessionsJSON) Name() string { return "veeam_sessions_json" }

// Detect implements Importer: the first session has sessionType and
// creationTime, and a result or state.
func (VeeamSessionsJSON) Detect(_ string, head []byte) bool {
	keys, _, ok := jrecSniff(head, "data")
	return ok && keys["sessiontype"] && keys["creationtime"] && (keys["result"] || keys["state"])
}

// veeamSession is the part of a REST SessionModel that is read.
type veeamSession struct {
	Name         string  `json:"name"`
	SessionType  string  `json:"sessionType"`
	State        string  `json:"state"`
	CreationTime string  `json:"creationTime"`
	EndTime      *string `json:"endTime"`
	Result       *struct {
		Result     string `json:"result"`
		IsCanceled bool   `json:"isCanceled"`
	} `json:"result"`
}

// Import implements Importer.
func (VeeamSessionsJSON) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := readEvidence(name, r)
	if err != nil {
		return nil, err
	}
	facts, _, err := veeamJSONFacts(name, data)
	return facts, err
}

func veeamJSONFacts(name string, data []byte) ([]audit.Fact, veeamSkipped, error) {
	var skipped veeamSkipped
	recs, err := jrecRead(name, data, "data")
	if err != nil {
		return nil, skipped, err
	}
	facts := []audit.Fact{}
	for _, rec := range recs {
		var s veeamSession
		if err := rec.decode(name, &s); err != nil {
			return nil, skipped, err
		}
		b, skip, err := veeamJSONSession(name, rec, s)
		switch {
		case err != nil:
			return nil, skipped, err
		case skip == veeamSkipRunning:
			skipped.running++
		case skip == veeamSkipLog:
			skipped.logs++
		case b != nil:
			facts = append(facts, audit.Fact{Kind: audit.FactBackup, Source: audit.Source{Path: rec.path}, Backup: b})
		}
	}
	return facts, skipped, nil
}

// veeamJSONSession reads one session; a nil backup without an error is a
// session of another kind.
func veeamJSONSession(name string, rec jrec, s veeamSession) (*audit.Backup, veeamSkip, error) {
	if !veeamBackupSession(s.SessionType, s.Name) {
		return nil, veeamKeep, nil
	}
	if veeamLogJob(s.SessionType) {
		return nil, veeamSkipLog, nil
	}
	job := strings.TrimSpace(s.Name)
	if job == "" {
		return nil, 0, rec.errorf(name, "name is empty; every session names its job")
	}
	res := ""
	if s.Result != nil {
		res = s.Result.Result
	}
	result, finished, ok := veeamResult(res)
	if !ok {
		return nil, 0, rec.errorf(name, "result.result %s is not a Veeam session result (Success, Warning, Failed or None)", exportQuote(res))
	}
	if !finished || s.EndTime == nil || strings.TrimSpace(*s.EndTime) == "" {
		if finished && strings.EqualFold(s.State, "Stopped") {
			return nil, 0, rec.errorf(name, "endTime is missing although the session finished %s", result)
		}
		return nil, veeamSkipRunning, nil
	}
	end, ok := stampExact(*s.EndTime)
	if !ok || stampUnset(end) {
		return nil, 0, rec.errorf(name, "endTime %s is not a date and time like 2026-11-19T22:41:12+11:00", exportQuote(*s.EndTime))
	}
	return &audit.Backup{Job: job, Asset: job, System: "veeam", End: end, Result: result}, veeamKeep, nil
}

// veeamBackupSession tells backup sessions from the others the API lists.
// The list of other kinds is open-ended across Veeam versions, so kinds are
// left out by the words in their names rather than kept by an exact list.
// Scale-out repository offloads move existing restore points to capacity
// storage; some versions list them as BackupJob sessions named "...
// Offload", so the session's name is looked at too.
func veeamBackupSession(sessionType, name string) bool {
	t := strings.ToLower(sessionType)
	for _, w := range []string{"restore", "infrastructure", "automation", "maintenance", "evacuat", "deletion",
		"rescan", "configurationbackup", "configuration backup", "migration", "healthcheck", "offload", "tiering", "sobr"} {
		if strings.Contains(t, w) {
			return false
		}
	}
	n := strings.ToLower(strings.TrimSpace(name))
	return !strings.HasSuffix(n, " offload") && !strings.Contains(n, "scale-out backup repository")
}

// ---- Shared with the other backup and training readers
//
// The helpers below are used by wsb_summary.go, msdb_backupset_csv.go,
// backup_jobs_csv.go and knowbe4_json.go as well: reading a whole evidence
// file, dates and times as Windows exports write them, and JSON lists read
// record by record with their lines.

// readEvidence reads a whole file.
func readEvidence(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	return data, nil
}

// stampForms lists, for messages, the date and time forms stampSplit reads.
const stampForms = "2026-11-19 22:41:12, 2026-11-19T22:41:12+11:00, 19/11/2026 10:41:12 pm (en-AU), 11/19/2026 10:41:12 PM (en-US), 19.11.2026 22:41:12 or /Date(1763552472000)/"

// stamp is a date and time as an export wrote it, before the order of day
// and month is known.
type stamp struct {
	exact     *time.Time // fully known: ISO 8601 or /Date(ms)/
	a, b      int        // a numeric date's first two numbers, as written
	year      int
	yearFirst bool // 2026/11/19: a is the month and b the day
	hour, min int
	sec       int
	am, pm    bool
	upperAMPM bool // AM/PM in capitals, as en-US writes it
}

// stampSplit reads one cell. Numeric dates come as day/month/year,
// month/day/year or year/month/day with / . or - between, an optional
// time of day with an optional am/pm, and nothing else.
func stampSplit(s string) (stamp, bool) {
	var st stamp
	// .NET 8 writes a narrow no-break space before AM/PM in some cultures.
	s = strings.TrimSpace(strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(s))
	if tm, ok := stampMSDate(s); ok {
		st.exact = &tm
		return st, true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if tm, err := time.Parse(layout, s); err == nil {
			tm = tm.UTC()
			st.exact = &tm
			return st, true
		}
	}
	datePart, timePart, _ := strings.Cut(s, " ")
	nums, ok := stampNumbers(datePart)
	if !ok {
		return st, false
	}
	switch {
	case len(nums[0]) == 4:
		st.yearFirst = true
		st.year, st.a, st.b = stampAtoi(nums[0]), stampAtoi(nums[1]), stampAtoi(nums[2])
	case len(nums[2]) == 4:
		st.a, st.b, st.year = stampAtoi(nums[0]), stampAtoi(nums[1]), stampAtoi(nums[2])
	default:
		return st, false // a two-digit year is not guessed at
	}
	return st, stampClock(strings.TrimSpace(timePart), &st)
}

// stampMSDate reads "/Date(1763552472000)/", with an optional "+1100"
// that only says the writer's zone: the number is milliseconds since 1970
// UTC. Windows PowerShell 5.1's ConvertTo-Json writes dates this way.
func stampMSDate(s string) (time.Time, bool) {
	s = strings.ReplaceAll(s, `\/`, "/")
	if !strings.HasPrefix(s, "/Date(") || !strings.HasSuffix(s, ")/") {
		return time.Time{}, false
	}
	inner := s[len("/Date(") : len(s)-2]
	if i := strings.LastIndexAny(inner, "+-"); i > 0 {
		inner = inner[:i]
	}
	ms, err := strconv.ParseInt(inner, 10, 64)
	if err != nil || ms < -62135596800000 || ms > 253402300799000 {
		return time.Time{}, false
	}
	return time.UnixMilli(ms).UTC(), true
}

// stampNumbers splits "19/11/2026", "19.11.2026" or "2026-11-19" into three
// runs of one to four digits.
func stampNumbers(s string) ([3]string, bool) {
	var out [3]string
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	if len(parts) != 3 || strings.Count(s, "/")+strings.Count(s, ".")+strings.Count(s, "-") != 2 {
		return out, false
	}
	for i, p := range parts {
		if len(p) == 0 || len(p) > 4 || strings.Trim(p, "0123456789") != "" {
			return out, false
		}
		out[i] = p
	}
	return out, true
}

// stampClock reads "10:41:12 pm", "10:41:12 PM", "22:41:12", "22:41",
// "10:41 p.m." or nothing (midnight).
func stampClock(s string, st *stamp) bool {
	if s == "" {
		return true
	}
	lower := strings.ToLower(s)
	for _, suffix := range []struct {
		text string
		pm   bool
	}{{"a.m.", false}, {"p.m.", true}, {"am", false}, {"pm", true}} {
		if strings.HasSuffix(lower, suffix.text) {
			st.upperAMPM = strings.HasSuffix(s, strings.ToUpper(suffix.text))
			lower = strings.TrimSpace(strings.TrimSuffix(lower, suffix.text))
			st.pm, st.am = suffix.pm, !suffix.pm
			break
		}
	}
	parts := strings.Split(lower, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	var vals [3]int
	for i, p := range parts {
		if len(p) == 0 || len(p) > 2 || strings.Trim(p, "0123456789") != "" {
			return false
		}
		vals[i] = stampAtoi(p)
	}
	st.hour, st.min, st.sec = vals[0], vals[1], vals[2]
	return true
}

func stampAtoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// stampCell is one date cell of a file, for deciding the file's order.
type stampCell struct {
	line          int
	column, value string
}

// stampOrderOf decides whether a file writes numeric dates month-first.
// Windows writes dates in the exporting machine's culture and says nothing
// about which that was, so the file is read as a whole: a first number
// over 12 (19/11/2026) proves day-first, a second over 12 (11/19/2026)
// proves month-first, and both in one file is an error. Without proof,
// AM/PM in capitals points to en-US (month-first); anything else (am/pm
// as Windows writes it for en-AU, or a 24-hour clock) to day-first.
func stampOrderOf(name string, cells []stampCell) (monthFirst bool, err error) {
	var day, month *stampCell
	upper := false
	for i, c := range cells {
		st, ok := stampSplit(c.value)
		if !ok || st.exact != nil || st.yearFirst {
			continue
		}
		upper = upper || st.upperAMPM
		switch {
		case st.a > 12 && st.b <= 12 && day == nil:
			day = &cells[i]
		case st.b > 12 && st.a <= 12 && month == nil:
			month = &cells[i]
		}
	}
	switch {
	case day != nil && month != nil:
		return false, audit.Invalid(name, max(day.line, month.line),
			"dates are written both day-first (line %d, %s %s) and month-first (line %d, %s %s); export the file again from one machine",
			day.line, day.column, exportQuote(day.value), month.line, month.column, exportQuote(month.value))
	case day != nil:
		return false, nil
	case month != nil:
		return true, nil
	}
	return upper, nil
}

// stampTime turns a split cell into a time. A time without a zone is the
// exporting machine's local time, which the file does not state; it is
// kept as written, as UTC (docs/backup-jobs-csv.md says what that means).
func stampTime(st stamp, monthFirst bool) (time.Time, bool) {
	if st.exact != nil {
		return *st.exact, true
	}
	day, month := st.a, st.b
	if st.yearFirst || monthFirst {
		day, month = st.b, st.a
	}
	hour := st.hour
	if st.am || st.pm {
		if hour < 1 || hour > 12 {
			return time.Time{}, false
		}
		hour %= 12
		if st.pm {
			hour += 12
		}
	}
	tm := time.Date(st.year, time.Month(month), day, hour, st.min, st.sec, 0, time.UTC)
	if tm.Day() != day || int(tm.Month()) != month || tm.Hour() != hour || tm.Minute() != st.min || tm.Second() != st.sec || st.year < 1 {
		return time.Time{}, false
	}
	return tm, true
}

// stampParse reads one cell in a file whose order is known.
func stampParse(s string, monthFirst bool) (time.Time, bool) {
	st, ok := stampSplit(s)
	if !ok {
		return time.Time{}, false
	}
	return stampTime(st, monthFirst)
}

// stampExact reads a time from a JSON document, which writes ISO 8601 or
// /Date(ms)/; a culture date there would be a guess, so it is refused.
func stampExact(s string) (time.Time, bool) {
	st, ok := stampSplit(s)
	if !ok || st.exact == nil && !st.yearFirst {
		return time.Time{}, false
	}
	return stampTime(st, false)
}

// stampUnset reports the placeholder times Windows products show for
// "never" or "not yet": 01/01/0001 (.NET's zero) and 01/01/1900 (Veeam).
func stampUnset(t time.Time) bool { return t.Year() < 1971 }

// jrec is one record of a JSON evidence file: an element of its list, or
// the file's one object, with the line it starts on and its JSON path.
type jrec struct {
	raw  []byte
	line int
	path string
}

// jrecRead reads a JSON document that is a list of records, or an object
// holding the list under key (when key is not empty), or (when key is
// empty) a single object. Errors name the line: invalid or truncated JSON,
// data after the end, a missing or wrong list.
func jrecRead(name string, data []byte, key string) ([]jrec, error) {
	text := []byte(exportText(data))
	if len(bytes.TrimSpace(text)) == 0 {
		return nil, audit.Invalid(name, 0, "the file is empty")
	}
	r := &jrecReader{name: name, data: text, dec: json.NewDecoder(bytes.NewReader(text)), lastLine: 1}
	tok, err := r.token()
	if err != nil {
		return nil, err
	}
	var recs []jrec
	switch {
	case tok == json.Delim('['):
		recs, err = r.list("$")
	case tok == json.Delim('{') && key != "":
		recs, err = r.envelope(key)
	case tok == json.Delim('{'):
		start := r.skipSpace(0)
		var raw json.RawMessage
		r.dec = json.NewDecoder(bytes.NewReader(text[start:]))
		if err := r.dec.Decode(&raw); err != nil {
			return nil, r.decodeError(err, start)
		}
		r.base = start
		recs = []jrec{{raw: raw, line: r.lineAt(start), path: "$"}}
	default:
		return nil, audit.Invalid(name, 1, "the file holds %s, not a JSON list or object", describeToken(tok))
	}
	if err != nil {
		return nil, err
	}
	end := r.base + r.dec.InputOffset()
	if rest := bytes.TrimSpace(text[end:]); len(rest) > 0 {
		return nil, audit.Invalid(name, r.lineAt(int64(len(text)-len(rest))), "unexpected data after the end of the JSON; the file must hold one JSON document")
	}
	return recs, nil
}

// jrecReader walks a document, counting lines as it goes.
type jrecReader struct {
	name     string
	data     []byte
	dec      *json.Decoder
	base     int64 // offset of the decoder's input in data
	lastOff  int64
	lastLine int
}

// lineAt returns the 1-based line of byte offset off. Offsets only grow
// while a list is read, so lines are counted once.
func (r *jrecReader) lineAt(off int64) int {
	off = min(max(off, 0), int64(len(r.data)))
	if off < r.lastOff {
		return 1 + bytes.Count(r.data[:off], []byte("\n"))
	}
	r.lastLine += bytes.Count(r.data[r.lastOff:off], []byte("\n"))
	r.lastOff = off
	return r.lastLine
}

func (r *jrecReader) token() (json.Token, error) {
	tok, err := r.dec.Token()
	if err != nil {
		return nil, r.decodeError(err, r.base)
	}
	return tok, nil
}

// decodeError locates a decoder error.
func (r *jrecReader) decodeError(err error, base int64) error {
	var syn *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return audit.Invalid(r.name, 1+bytes.Count(r.data, []byte("\n")), "the file ends before the JSON is complete; it may have been cut short while saving or copying")
	case errors.As(err, &syn):
		return audit.Invalid(r.name, 1+bytes.Count(r.data[:min(base+syn.Offset, int64(len(r.data)))], []byte("\n")), "not valid JSON: %v", syn)
	}
	return audit.Invalid(r.name, 0, "not valid JSON: %v", err)
}

// skipSpace returns the offset of the next value at or after off, past
// white space and the comma between list items.
func (r *jrecReader) skipSpace(off int64) int64 {
	for off < int64(len(r.data)) {
		switch r.data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
		default:
			return off
		}
	}
	return off
}

// list reads the elements of a list whose opening bracket has been read.
func (r *jrecReader) list(path string) ([]jrec, error) {
	recs := []jrec{}
	for i := 0; r.dec.More(); i++ {
		start := r.skipSpace(r.base + r.dec.InputOffset())
		var raw json.RawMessage
		if err := r.dec.Decode(&raw); err != nil {
			return nil, r.decodeError(err, r.base)
		}
		recs = append(recs, jrec{raw: raw, line: r.lineAt(start), path: path + "[" + strconv.Itoa(i) + "]"})
	}
	if _, err := r.token(); err != nil {
		return nil, err
	}
	return recs, nil
}

// envelope finds the list under key in an object whose opening brace has
// been read; other members are skipped.
func (r *jrecReader) envelope(key string) ([]jrec, error) {
	var recs []jrec
	found := false
	for r.dec.More() {
		tok, err := r.token()
		if err != nil {
			return nil, err
		}
		k, _ := tok.(string)
		if k != key {
			var skip json.RawMessage
			if err := r.dec.Decode(&skip); err != nil {
				return nil, r.decodeError(err, r.base)
			}
			continue
		}
		if found {
			return nil, audit.Invalid(r.name, r.lineAt(r.dec.InputOffset()), "%q is given twice; keep one", key)
		}
		found = true
		tok, err = r.token()
		if err != nil {
			return nil, err
		}
		if tok != json.Delim('[') {
			return nil, audit.Invalid(r.name, r.lineAt(r.dec.InputOffset()), "%q must be a list, not %s", key, describeToken(tok))
		}
		if recs, err = r.list("$." + key); err != nil {
			return nil, err
		}
	}
	if _, err := r.token(); err != nil {
		return nil, err
	}
	if !found {
		return nil, audit.Invalid(r.name, 1, "the object has no %q list", key)
	}
	return recs, nil
}

// decode decodes the record into v, locating a type mismatch at its line.
func (rec jrec) decode(name string, v any) error {
	err := json.Unmarshal(rec.raw, v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		line := rec.line + bytes.Count(rec.raw[:min(max(te.Offset, 0), int64(len(rec.raw)))], []byte("\n"))
		field := te.Field
		if field == "" {
			return audit.Invalid(name, line, "%s: must be %s, not a JSON %s", rec.path, jrecTypeName(te.Type.Kind().String()), te.Value)
		}
		return audit.Invalid(name, line, "%s: %s must be %s, not a JSON %s", rec.path, field, jrecTypeName(te.Type.Kind().String()), te.Value)
	}
	return audit.Invalid(name, rec.line, "%s: %v", rec.path, err)
}

// errorf reports a problem with the record at its first line.
func (rec jrec) errorf(name, format string, args ...any) error {
	return audit.Invalid(name, rec.line, "%s: %s", rec.path, fmt.Sprintf(format, args...))
}

// jrecTypeName names a Go kind in JSON words, for messages.
func jrecTypeName(kind string) string {
	switch kind {
	case "string":
		return "text"
	case "struct", "map":
		return "an object"
	case "slice", "array":
		return "a list"
	case "bool":
		return "true or false"
	case "ptr", "interface":
		return "a value of another type"
	}
	return "a number"
}

// jrecSniff reads the head of a file for Detect: the names (lower case) of
// the members of the first record, whether the records are in a list, and
// whether a first record was found. The records are the elements of a
// top-level list, or of the list under key in a top-level object, or (with
// key empty) the top-level object itself. The head may end inside the
// first record; the members seen until then count.
func jrecSniff(head []byte, key string) (keys map[string]bool, inList, ok bool) {
	dec := json.NewDecoder(strings.NewReader(exportText(head)))
	tok, err := dec.Token()
	if err != nil {
		return nil, false, false
	}
	switch {
	case tok == json.Delim('['):
		inList = true
	case tok == json.Delim('{') && key != "":
		if !listDocSeek(dec, key) {
			return nil, false, false
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return nil, false, false
		}
		inList = true
	case tok == json.Delim('{'):
		return jrecMembers(dec), false, true
	default:
		return nil, false, false
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, inList, false
	}
	return jrecMembers(dec), inList, true
}

// jrecMembers collects the member names of the object being read until it
// ends or the input does.
func jrecMembers(dec *json.Decoder) map[string]bool {
	keys := map[string]bool{}
	for {
		tok, err := dec.Token()
		if err != nil {
			return keys
		}
		k, ok := tok.(string)
		if !ok {
			return keys // the closing brace
		}
		keys[strings.ToLower(k)] = true
		if !listDocSkip(dec) {
			return keys
		}
	}
}
