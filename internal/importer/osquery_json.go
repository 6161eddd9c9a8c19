package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
)

// OsqueryJSON reads osquery results in the forms a practice's IT provider
// can hand over:
//
//   - osqueryd results logs (the filesystem logger's osqueryd.results.log
//     and snapshots log): one JSON object per line, in snapshot form
//     {"name", "hostIdentifier", "calendarTime", "unixTime", "snapshot":
//     [rows], "action": "snapshot"}, event (differential) form {...,
//     "columns": {row}, "action": "added"|"removed"}, or batch form
//     {..., "diffResults": {"added": [rows], "removed": [rows]}};
//   - osqueryi --json "select ..." output: a JSON list of row objects
//     (several lists one after another are read too: the outputs of
//     several queries saved into one file).
//
// Logs are replayed in order, per host and query name: a snapshot replaces
// what the query last said, "added" rows are added and "removed" rows
// taken away, so what is imported is each query's state at the end of the
// log.
//
// Query names are chosen by whoever wrote the osquery pack, so which table
// a row comes from is decided by its columns (osqTableOf documents the
// rule). Rows of other tables are passed over.
//
// The host is the record's hostIdentifier (the docs' "hostname" is read
// too). osqueryi output names no host: a row's "hostname" column is used
// when present; rows without one belong to the single hostname the file's
// other rows name, or, when there is none (or several), to the file name
// without its extension (GP-ROOM1.json is GP-ROOM1).
//
// One device fact is made per host (see osquery_tables.go for what each
// table adds), named by system_info's computer_name when that was
// queried, else the host with any domain cut off (gp-room1.clinic.local
// is gp-room1), so that it meets the same machine in Intune and AD. Each
// program or Debian package becomes a software fact (osquery_software.go).
type OsqueryJSON struct{}

// Name implements Importer.
func (OsqueryJSON) Name() string { return "osquery_json" }

// Detect implements Importer: the first line is an osquery results record
// (a query name with snapshot, columns or diffResults), or the file is a
// JSON list whose first row's columns are one of the tables read.
func (OsqueryJSON) Detect(_ string, head []byte) bool {
	text := bytes.TrimLeft(decodeText(head), " \t\r\n")
	if len(text) == 0 {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(text))
	if tok, err := dec.Token(); err != nil || (tok != json.Delim('{') && tok != json.Delim('[')) {
		return false
	}
	if text[0] == '{' {
		return osqSniffRecord(dec)
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	return osqSniffRow(dec)
}

// osqSniffRecord reads the members of a results record whose brace has
// been read. osqueryd writes the snapshot first, so when the head ends
// inside a long snapshot, having reached it is enough.
func osqSniffRecord(dec *json.Decoder) bool {
	keys := map[string]bool{}
	for {
		tok, err := dec.Token()
		if err != nil || tok == json.Delim('}') {
			break
		}
		key := strings.ToLower(fmt.Sprint(tok))
		if tok, err = dec.Token(); err != nil {
			break
		}
		keys[key] = true
		if !skipNested(dec, tok) {
			return (key == "snapshot" && tok == json.Delim('[')) || (key == "diffresults" && tok == json.Delim('{'))
		}
	}
	return keys["name"] && (keys["snapshot"] || keys["columns"] || keys["diffresults"]) &&
		(keys["hostidentifier"] || keys["hostname"] || keys["unixtime"] || keys["calendartime"])
}

// osqSniffRow reads an osqueryi row whose brace has been read: every value
// a string or number, and the columns those of a known table.
func osqSniffRow(dec *json.Decoder) bool {
	cols := map[string]string{}
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if tok == json.Delim('}') {
			break
		}
		key, _ := tok.(string)
		if tok, err = dec.Token(); err != nil {
			return false
		}
		switch tok.(type) {
		case string, float64, nil:
		default:
			return false
		}
		cols[strings.ToLower(key)] = ""
	}
	return osqTableOf(cols) != ""
}

const osqWhat = "osquery results: an osqueryd results log (one JSON object per line) or osqueryi --json output (a JSON list of rows)"

// Import implements Importer.
func (OsqueryJSON) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	text := decodeText(data)
	st := newOsqState()
	trimmed := bytes.TrimLeft(text, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return nil, audit.Invalid(name, 0, "the file is empty; expected %s", osqWhat)
	case trimmed[0] == '[':
		err = st.readShell(name, text)
	default:
		err = st.readLog(name, text)
	}
	if err != nil {
		return nil, err
	}
	return st.facts(), nil
}

// osqRow is one result row: its columns (lower-case names), where it is,
// and a canonical form that identifies it when a later event removes it.
type osqRow struct {
	cols  map[string]string
	line  int
	path  string
	ident string
}

// osqHost is what the results say about one host.
type osqHost struct {
	key      string // hostIdentifier, hostname column or file name
	line     int    // first line about it
	seen     *time.Time
	decoName string              // a hostname decoration
	queries  map[string][]osqRow // current rows by query name
}

// osqState collects the rows of every host while a file is read.
type osqState struct {
	hosts map[string]*osqHost
}

func newOsqState() *osqState { return &osqState{hosts: map[string]*osqHost{}} }

func (s *osqState) host(key string, line int) *osqHost {
	h, ok := s.hosts[key]
	if !ok {
		h = &osqHost{key: key, line: line, queries: map[string][]osqRow{}}
		s.hosts[key] = h
	}
	return h
}

// osqRecord is one line of a results log.
type osqRecord struct {
	Name           string                       `json:"name"`
	HostIdentifier string                       `json:"hostIdentifier"`
	Hostname       string                       `json:"hostname"`
	CalendarTime   string                       `json:"calendarTime"`
	UnixTime       json.RawMessage              `json:"unixTime"`
	Action         string                       `json:"action"`
	Snapshot       []map[string]json.RawMessage `json:"snapshot"`
	Columns        map[string]json.RawMessage   `json:"columns"`
	DiffResults    *struct {
		Added   []map[string]json.RawMessage `json:"added"`
		Removed []map[string]json.RawMessage `json:"removed"`
	} `json:"diffResults"`
	Decorations map[string]json.RawMessage `json:"decorations"`
}

// readLog replays a results log, one record per line.
func (s *osqState) readLog(name string, text []byte) error {
	lines := bytes.Split(text, []byte("\n"))
	for i, ln := range lines {
		ln = bytes.TrimSpace(ln)
		if len(ln) == 0 {
			continue
		}
		if err := s.logLine(name, i+1, ln); err != nil {
			return err
		}
	}
	if len(s.hosts) == 0 {
		return audit.Invalid(name, 0, "the file holds no results; expected %s", osqWhat)
	}
	return nil
}

// logLine reads one record of a results log.
func (s *osqState) logLine(name string, line int, ln []byte) error {
	fail := func(format string, args ...any) error {
		return audit.Invalid(name, line, format, args...)
	}
	var rec osqRecord
	if err := json.Unmarshal(ln, &rec); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fail("%s is a JSON %s, which an osquery results record never has there", te.Field, te.Value)
		}
		return fail("this line is not a complete JSON object (%v); the log may have been cut short while copying, so copy it again", err)
	}
	key := strings.TrimSpace(rec.HostIdentifier)
	if key == "" {
		key = strings.TrimSpace(rec.Hostname)
	}
	switch {
	case key == "":
		return fail("the record has no hostIdentifier; every osquery result says which host it is from")
	case rec.Name == "":
		return fail("the record has no query name; this does not look like an osquery results line")
	}
	seen, err := osqRecordTime(rec)
	if err != nil {
		return fail("%v", err)
	}
	h := s.host(key, line)
	if seen != nil && (h.seen == nil || seen.After(*h.seen)) {
		h.seen = seen
	}
	if n := osqDecorationName(rec.Decorations); n != "" {
		h.decoName = n
	}
	return s.applyRecord(h, rec, line, fail)
}

// applyRecord updates a host's rows by the record's action.
func (s *osqState) applyRecord(h *osqHost, rec osqRecord, line int, fail func(string, ...any) error) error {
	rows := func(in []map[string]json.RawMessage, path string) ([]osqRow, error) {
		out := make([]osqRow, 0, len(in))
		for i, m := range in {
			r, err := osqMakeRow(m, line, fmt.Sprintf("%s:%s[%d]", rec.Name, path, i))
			if err != nil {
				return nil, fail("%s", err)
			}
			out = append(out, r)
		}
		return out, nil
	}
	switch {
	case rec.Snapshot != nil || strings.EqualFold(rec.Action, "snapshot"):
		rs, err := rows(rec.Snapshot, "snapshot")
		if err != nil {
			return err
		}
		h.queries[rec.Name] = rs
	case rec.Columns != nil:
		r, err := osqMakeRow(rec.Columns, line, rec.Name+":columns")
		if err != nil {
			return fail("%s", err)
		}
		switch strings.ToLower(rec.Action) {
		case "added":
			h.queries[rec.Name] = append(h.queries[rec.Name], r)
		case "removed":
			h.queries[rec.Name] = osqRemove(h.queries[rec.Name], r)
		default:
			return fail("action %q is not added or removed", rec.Action)
		}
	case rec.DiffResults != nil:
		removed, err := rows(rec.DiffResults.Removed, "diffResults.removed")
		if err != nil {
			return err
		}
		added, err := rows(rec.DiffResults.Added, "diffResults.added")
		if err != nil {
			return err
		}
		for _, r := range removed {
			h.queries[rec.Name] = osqRemove(h.queries[rec.Name], r)
		}
		h.queries[rec.Name] = append(h.queries[rec.Name], added...)
	default:
		return fail("the record has no snapshot, columns or diffResults; it is not an osquery query result")
	}
	return nil
}

// osqRemove drops the first row equal to r. A row removed that was never
// seen was added before the log began, and there is nothing to drop.
func osqRemove(rows []osqRow, r osqRow) []osqRow {
	for i := range rows {
		if rows[i].ident == r.ident {
			return append(rows[:i:i], rows[i+1:]...)
		}
	}
	return rows
}

// osqMakeRow turns a row object into text columns. osquery writes every
// value as a string (numbers too, unless logger_numerics is on); nested
// values mean the file is something else.
func osqMakeRow(m map[string]json.RawMessage, line int, path string) (osqRow, error) {
	r := osqRow{cols: make(map[string]string, len(m)), line: line, path: path}
	keys := make([]string, 0, len(m))
	for k, raw := range m {
		txt, ok := devVal{raw: raw}.scalarText()
		if !ok {
			return r, fmt.Errorf("%s: column %q holds a nested value; osquery rows hold only text and numbers", path, k)
		}
		lk := strings.ToLower(k)
		r.cols[lk] = txt
		keys = append(keys, lk)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte(0)
		b.WriteString(r.cols[k])
		b.WriteByte(0)
	}
	r.ident = b.String()
	return r, nil
}

// osqRecordTime is when the query ran: unixTime (a string in older builds,
// a number in newer ones), else calendarTime ("Mon May  2 22:27:32 2016
// UTC"). Neither gives nil.
func osqRecordTime(rec osqRecord) (*time.Time, error) {
	if len(rec.UnixTime) > 0 && string(rec.UnixTime) != "null" {
		s, ok := devVal{raw: rec.UnixTime}.scalarText()
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if !ok || err != nil || n < 0 || n > 253402300799 {
			return nil, fmt.Errorf("unixTime %s is not a time in seconds since 1970", rec.UnixTime)
		}
		if n > 0 {
			t := time.Unix(n, 0).UTC()
			return &t, nil
		}
	}
	if c := strings.TrimSpace(rec.CalendarTime); c != "" {
		t, err := time.Parse("Mon Jan _2 15:04:05 2006 MST", c)
		if err != nil {
			return nil, fmt.Errorf("calendarTime %q is not a time like \"Mon May  2 22:27:32 2016 UTC\"", c)
		}
		v, _ := devTimeValue(t)
		return v, nil
	}
	return nil, nil
}

// osqDecorationName reads a hostname decoration, which packs often add
// when hosts are identified by UUID.
func osqDecorationName(deco map[string]json.RawMessage) string {
	for _, k := range []string{"computer_name", "hostname"} {
		for dk, raw := range deco {
			if strings.EqualFold(dk, k) {
				if s, ok := (devVal{raw: raw}).scalarText(); ok && strings.TrimSpace(s) != "" {
					return strings.TrimSpace(s)
				}
			}
		}
	}
	return ""
}

// readShell reads osqueryi --json output: one or more lists of rows.
func (s *osqState) readShell(name string, text []byte) error {
	doc := newDevDoc(name, text)
	vals, err := doc.values(osqWhat)
	if err != nil {
		return err
	}
	var rows []osqRow
	var query []string // the query (list) each row came from
	for qi, v := range vals {
		if v.kind() != '[' {
			return doc.errorf(v.off, "expected a JSON list of rows here, as osqueryi --json prints")
		}
		for _, el := range v.elements() {
			r, err := osqShellRow(doc, el)
			if err != nil {
				return err
			}
			rows = append(rows, r)
			query = append(query, "osqueryi#"+strconv.Itoa(qi+1))
		}
	}
	fallback := osqShellHost(rows, devFileStem(name))
	for i, r := range rows {
		key := strings.TrimSpace(r.cols["hostname"])
		if key == "" {
			key = fallback
		}
		h := s.host(key, r.line)
		h.queries[query[i]] = append(h.queries[query[i]], r)
	}
	// An empty list (a query with no rows) says nothing, and gives no
	// facts.
	return nil
}

// osqShellRow reads one osqueryi row object.
func osqShellRow(doc *devDoc, el devVal) (osqRow, error) {
	members := el.members()
	if el.kind() != '{' {
		return osqRow{}, doc.errorf(el.off, "%s is not a row object; osqueryi --json prints a list of objects", el.path)
	}
	m := make(map[string]json.RawMessage, len(members))
	for _, mem := range members {
		m[mem.key] = mem.val.raw
	}
	r, err := osqMakeRow(m, doc.line(el.off), el.path)
	if err != nil {
		return r, doc.errorf(el.off, "%v", err)
	}
	return r, nil
}

// osqShellHost is the host for rows without a hostname column: the one
// hostname the other rows give, else the file name.
func osqShellHost(rows []osqRow, stem string) string {
	one := ""
	for _, r := range rows {
		h := strings.TrimSpace(r.cols["hostname"])
		switch {
		case h == "" || h == one:
		case one == "":
			one = h
		default:
			return stem
		}
	}
	if one != "" {
		return one
	}
	return stem
}

// devFileStem is a file's name without folders and extension.
func devFileStem(name string) string {
	if i := strings.LastIndexAny(name, `/\:`); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	return name
}

// facts builds the device and software facts, host by host in name order.
func (s *osqState) facts() []audit.Fact {
	keys := make([]string, 0, len(s.hosts))
	for k := range s.hosts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	facts := []audit.Fact{}
	for _, k := range keys {
		facts = append(facts, s.hosts[k].facts()...)
	}
	return facts
}
