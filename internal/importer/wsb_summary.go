package importer

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
)

// WSBSummary reads what Windows Server Backup says about its last runs,
// as saved on the server with either of
//
//	Get-WBSummary | Format-List > wsb-summary.txt
//	Get-WBSummary | ConvertTo-Json > wsb-summary.json
//
// (UTF-16LE from Windows PowerShell 5.1, or UTF-8). Run remotely
// (Invoke-Command -ComputerName ...) the output gains PSComputerName, and
// several servers' summaries may sit in one file: a list of objects, or
// one Format-List block after another.
//
// A summary is not a history: it yields a successful backup at
// LastSuccessfulBackupTime and, when the newest attempt failed
// (LastBackupResultHR is not 0) after it, a failed one at LastBackupTime.
// Both are of the job "Windows Server Backup", and the asset is the
// computer's name when the output has one (PSComputerName, ComputerName or
// MachineName), else "Windows Server Backup". A server that never
// completed a backup has neither time and yields no fact.
//
// Format-List dates are in the server's culture with no zone (see
// stampOrderOf); ConvertTo-Json dates are exact.
type WSBSummary struct{}

// Name implements Importer.
func (WSBSummary) Name() string { return "wsb_summary" }

// wsbKeys are the WBSummary properties; a file showing three of them, with
// the two read ones among them, is a summary.
var wsbKeys = []string{"nextbackuptime", "numberofversions", "lastsuccessfulbackuptime", "lastsuccessfulbackuptargetpath",
	"lastsuccessfulbackuptargetlabel", "lastbackuptime", "lastbackuptarget", "detailedmessage", "lastbackupresulthr",
	"lastbackupresultdetailedhr", "currentoperationstatus"}

// wsbComputerKeys name the computer, most specific first.
var wsbComputerKeys = []string{"pscomputername", "computername", "machinename"}

// Detect implements Importer.
func (WSBSummary) Detect(_ string, head []byte) bool {
	if keys, _, ok := jrecSniff(head, ""); ok {
		return wsbEnough(keys)
	}
	keys := map[string]bool{}
	for _, e := range wsbListEntries(exportText(head)) {
		keys[strings.ToLower(e.key)] = true
	}
	return wsbEnough(keys)
}

func wsbEnough(keys map[string]bool) bool {
	if !keys["lastsuccessfulbackuptime"] || !keys["lastbackupresulthr"] {
		return false
	}
	n := 0
	for _, k := range wsbKeys {
		if keys[k] {
			n++
		}
	}
	return n >= 3
}

// Import implements Importer.
func (WSBSummary) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := readEvidence(name, r)
	if err != nil {
		return nil, err
	}
	text := exportText(data)
	if t := strings.TrimSpace(text); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		return wsbFromJSON(name, data)
	}
	return wsbFromList(name, text)
}

// wsbSummary is one server's summary, wherever it was read from.
type wsbSummary struct {
	computer         string
	lastSuccess      *time.Time
	lastAttempt      *time.Time
	hr               int64
	successAt, tryAt audit.Source // where each time was read
}

// facts turns a summary into its backup facts.
func (s wsbSummary) facts() []audit.Fact {
	asset := s.computer
	if asset == "" {
		asset = "Windows Server Backup"
	}
	run := func(end time.Time, result string, src audit.Source) audit.Fact {
		return audit.Fact{Kind: audit.FactBackup, Source: src, Backup: &audit.Backup{
			Job: "Windows Server Backup", Asset: asset, System: "wsb", End: end, Result: result}}
	}
	var out []audit.Fact
	if s.lastSuccess != nil {
		out = append(out, run(*s.lastSuccess, "success", s.successAt))
	}
	if s.hr != 0 && s.lastAttempt != nil && (s.lastSuccess == nil || s.lastAttempt.After(*s.lastSuccess)) {
		out = append(out, run(*s.lastAttempt, "failed", s.tryAt))
	}
	return out
}

// ---- Format-List text

// wsbEntry is one "Name : value" of a Format-List block; a value wrapped
// onto indented lines is joined back.
type wsbEntry struct {
	key, value string
	line       int
}

// wsbListEntries reads every entry of the text. A line starting in the
// first column with a name and a colon starts an entry; an indented line
// continues the one before.
func wsbListEntries(text string) []wsbEntry {
	var out []wsbEntry
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(out) > 0 {
				out[len(out)-1].value = strings.TrimSpace(out[len(out)-1].value + " " + strings.TrimSpace(line))
			}
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		key = strings.TrimSpace(key)
		if !ok || !wsbName(key) {
			out = append(out, wsbEntry{line: i + 1}) // a stray line, reported if it matters
			continue
		}
		out = append(out, wsbEntry{key: key, value: strings.TrimSpace(value), line: i + 1})
	}
	return out
}

// wsbName reports a property name: letters and digits only.
func wsbName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// wsbFromList reads Format-List output. A property seen again starts the
// next server's block.
func wsbFromList(name, text string) ([]audit.Fact, error) {
	var blocks []map[string]wsbEntry
	var cells []stampCell
	for _, e := range wsbListEntries(text) {
		if e.key == "" {
			return nil, audit.Invalid(name, e.line, "this line is not \"Name : value\"; save the summary with Get-WBSummary | Format-List and do not edit it")
		}
		k := strings.ToLower(e.key)
		if len(blocks) == 0 {
			blocks = append(blocks, map[string]wsbEntry{})
		}
		if _, seen := blocks[len(blocks)-1][k]; seen {
			blocks = append(blocks, map[string]wsbEntry{})
		}
		blocks[len(blocks)-1][k] = e
		if k == "lastsuccessfulbackuptime" || k == "lastbackuptime" || k == "nextbackuptime" {
			cells = append(cells, stampCell{line: e.line, column: e.key, value: e.value})
		}
	}
	if len(blocks) == 0 {
		return nil, audit.Invalid(name, 0, "the file is empty; save the output of Get-WBSummary | Format-List")
	}
	monthFirst, err := stampOrderOf(name, cells)
	if err != nil {
		return nil, err
	}
	facts := []audit.Fact{}
	for _, b := range blocks {
		s, err := wsbListSummary(name, b, monthFirst)
		if err != nil {
			return nil, err
		}
		facts = append(facts, s.facts()...)
	}
	return facts, nil
}

// wsbListSummary reads one Format-List block.
func wsbListSummary(name string, b map[string]wsbEntry, monthFirst bool) (wsbSummary, error) {
	var s wsbSummary
	first := 0
	for _, e := range b {
		if first == 0 || e.line < first {
			first = e.line
		}
	}
	for _, k := range []string{"lastsuccessfulbackuptime", "lastbackuptime", "lastbackupresulthr"} {
		if _, ok := b[k]; !ok {
			return s, audit.Invalid(name, first, "this summary has no %s line; save the whole output of Get-WBSummary | Format-List", wsbShown(k))
		}
	}
	for _, k := range wsbComputerKeys {
		if e, ok := b[k]; ok && e.value != "" {
			s.computer = e.value
			break
		}
	}
	hr := b["lastbackupresulthr"]
	var ok bool
	if s.hr, ok = wsbHResult(hr.value); !ok {
		return s, audit.Invalid(name, hr.line, "%s %s is not a result code (0 means success; otherwise a number such as -2147024809 or 0x80070057)", hr.key, exportQuote(hr.value))
	}
	var err error
	if s.lastSuccess, s.successAt, err = wsbListTime(name, b["lastsuccessfulbackuptime"], monthFirst); err != nil {
		return s, err
	}
	if s.lastAttempt, s.tryAt, err = wsbListTime(name, b["lastbackuptime"], monthFirst); err != nil {
		return s, err
	}
	return s, nil
}

// wsbListTime reads a time entry; empty or a placeholder means never.
func wsbListTime(name string, e wsbEntry, monthFirst bool) (*time.Time, audit.Source, error) {
	src := audit.Source{Line: e.line}
	if e.value == "" {
		return nil, src, nil
	}
	tm, ok := stampParse(e.value, monthFirst)
	if !ok {
		return nil, src, audit.Invalid(name, e.line, "%s %s is not a date and time Triage can read (%s)", e.key, exportQuote(e.value), stampForms)
	}
	if stampUnset(tm) {
		return nil, src, nil
	}
	return &tm, src, nil
}

// wsbShown spells a property as PowerShell does, for messages.
func wsbShown(k string) string {
	switch k {
	case "lastsuccessfulbackuptime":
		return "LastSuccessfulBackupTime"
	case "lastbackuptime":
		return "LastBackupTime"
	}
	return "LastBackupResultHR"
}

// wsbHResult reads an HRESULT as PowerShell prints it (a signed decimal
// such as -2147024809) or as people write it (0x80070057).
func wsbHResult(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if h, ok := strings.CutPrefix(strings.ToLower(s), "0x"); ok {
		n, err := strconv.ParseUint(h, 16, 32)
		return int64(int32(uint32(n))), err == nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n >= -1<<31 && n < 1<<32
}

// ---- ConvertTo-Json

func wsbFromJSON(name string, data []byte) ([]audit.Fact, error) {
	recs, err := jrecRead(name, data, "")
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, audit.Invalid(name, 1, "the list is empty; save the output of Get-WBSummary | ConvertTo-Json")
	}
	facts := []audit.Fact{}
	for _, rec := range recs {
		s, err := wsbJSONSummary(name, rec)
		if err != nil {
			return nil, err
		}
		facts = append(facts, s.facts()...)
	}
	return facts, nil
}

// wsbJSONSummary reads one summary object. Member names are matched
// without regard to case, as PowerShell matches them.
func wsbJSONSummary(name string, rec jrec) (wsbSummary, error) {
	var s wsbSummary
	var obj map[string]json.RawMessage
	if err := rec.decode(name, &obj); err != nil {
		return s, err
	}
	members := map[string]string{} // lower case -> as written
	for k := range obj {
		members[strings.ToLower(k)] = k
	}
	get := func(k string) (json.RawMessage, string, bool) {
		orig, ok := members[k]
		return obj[orig], orig, ok
	}
	for _, k := range []string{"lastsuccessfulbackuptime", "lastbackuptime", "lastbackupresulthr"} {
		if _, _, ok := get(k); !ok {
			return s, rec.errorf(name, "%s is missing; save the whole output of Get-WBSummary | ConvertTo-Json", wsbShown(k))
		}
	}
	for _, k := range wsbComputerKeys {
		if raw, _, ok := get(k); ok {
			var v string
			if json.Unmarshal(raw, &v) == nil && strings.TrimSpace(v) != "" {
				s.computer = strings.TrimSpace(v)
				break
			}
		}
	}
	raw, key, _ := get("lastbackupresulthr")
	var ok bool
	if s.hr, ok = wsbJSONHResult(raw); !ok {
		return s, rec.errorf(name, "%s must be a result code such as 0 or -2147024809, not %s", key, exportQuote(string(raw)))
	}
	var err error
	if s.lastSuccess, s.successAt, err = wsbJSONTime(name, rec, get, "lastsuccessfulbackuptime"); err != nil {
		return s, err
	}
	if s.lastAttempt, s.tryAt, err = wsbJSONTime(name, rec, get, "lastbackuptime"); err != nil {
		return s, err
	}
	return s, nil
}

func wsbJSONHResult(raw json.RawMessage) (int64, bool) {
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return wsbHResult(n.String())
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return wsbHResult(s)
	}
	return 0, false
}

// wsbJSONTime reads a date member: "/Date(ms)/" (Windows PowerShell 5.1),
// an ISO 8601 string (PowerShell 7), or either inside {"value": ...} (a
// DateTime that carried extra PowerShell properties); null means never.
func wsbJSONTime(name string, rec jrec, get func(string) (json.RawMessage, string, bool), k string) (*time.Time, audit.Source, error) {
	raw, key, _ := get(k)
	src := audit.Source{Path: rec.path + "." + key}
	var wrapped struct {
		Value *string `json:"value"`
	}
	var text *string
	if err := json.Unmarshal(raw, &text); err != nil {
		if json.Unmarshal(raw, &wrapped) != nil {
			return nil, src, rec.errorf(name, "%s must be a date, not %s", key, exportQuote(string(raw)))
		}
		text = wrapped.Value
	}
	if text == nil || strings.TrimSpace(*text) == "" {
		return nil, src, nil
	}
	tm, ok := stampExact(*text)
	if !ok {
		return nil, src, rec.errorf(name, "%s %s is not a date and time like /Date(1763552472000)/ or 2026-11-19T22:41:12+11:00", key, exportQuote(*text))
	}
	if stampUnset(tm) {
		return nil, src, nil
	}
	return &tm, src, nil
}
