package signin

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"triage/internal/audit"
)

// csvColumns are the positions of the columns a CSV export gives, -1 for
// those it lacks.
type csvColumns struct {
	when, upn, userID, name, userType  int
	code, status, client, authReq, mfa int
	device, deviceID, os, browser, ip  int
	// Log Analytics exports dynamic columns twice, as X_dynamic and
	// X_string; these are the X_string twins, read when the first is
	// empty.
	deviceString, statusString, mfaString int
	// jsonStatus and jsonMFA are set when those cells hold JSON (Log
	// Analytics) rather than plain text (the admin centre download).
	jsonStatus, jsonMFA    bool
	timeHeader, codeHeader string
	header                 []string
}

// csvHeader is a header cell made comparable: trimmed, lower-cased, with
// Log Analytics' " [UTC]" suffix removed.
func csvHeader(h string) string {
	h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
	h = strings.TrimSuffix(h, " [UTC]")
	return strings.ToLower(h)
}

// detectCSV recognises the header line of the two CSV exports, whatever
// separates the columns (so that Read can explain a wrong separator).
func detectCSV(body []byte) Format {
	line := body
	if k := bytes.IndexByte(line, '\n'); k >= 0 {
		line = line[:k]
	}
	has := func(s string) bool { return bytes.Contains(line, []byte(s)) }
	switch {
	case has("UserPrincipalName") && has("ResultType") && (has("CreatedDateTime [UTC]") || has("TimeGenerated [UTC]")):
		return LogAnalyticsCSV
	case has("Date (UTC)") && has("Username"):
		return EntraCSV
	}
	return ""
}

// readCSV reads a portal CSV export row by row.
func readCSV(name string, r io.Reader, agg *aggregator) (Format, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return "", csvErr(name, cr, err)
	}
	header = slices.Clone(header) // ReuseRecord would overwrite it

	cols, format, err := csvLayout(name, header)
	if err != nil {
		return "", err
	}
	cr.FieldsPerRecord = len(header)
	er := &eventReader{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return format, nil
		}
		if err != nil {
			return "", csvErr(name, cr, err)
		}
		line, _ := cr.FieldPos(0)
		if err := cols.event(er, rec, name, line); err != nil {
			return "", err
		}
		agg.add(&er.ev, loc{line: line, off: cr.InputOffset(), outer: -1, inner: -1})
	}
}

// csvErr locates a CSV reading error.
func csvErr(name string, cr *csv.Reader, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = "this row has a different number of columns from the header; the file may have been cut short or edited"
		}
		return audit.Invalid(name, pe.Line, "not a valid CSV row: %s", msg)
	}
	if err == io.EOF {
		return audit.Invalid(name, 0, "the file is empty")
	}
	line, _ := cr.FieldPos(0)
	return &audit.Error{Code: audit.EInvalid, File: name, Line: line, Msg: "could not read the file", Err: err}
}

// csvLayout finds the columns of a header.
func csvLayout(name string, header []string) (*csvColumns, Format, error) {
	if len(header) == 1 {
		for _, sep := range []string{";", "\t", "|"} {
			if strings.Contains(header[0], sep) {
				return nil, "", audit.Invalid(name, 1, "the columns are separated by %q, not commas; export the sign-in log again as CSV (comma separated) without opening it in a spreadsheet", sep)
			}
		}
	}
	idx := map[string]int{}
	for i, h := range header {
		if _, dup := idx[csvHeader(h)]; !dup {
			idx[csvHeader(h)] = i
		}
	}
	col := func(names ...string) int {
		for _, n := range names {
			if i, ok := idx[n]; ok {
				return i
			}
		}
		return -1
	}
	c := &csvColumns{header: header}
	var format Format
	if col("date (utc)") >= 0 {
		format = EntraCSV
		c.when = col("date (utc)")
		c.upn, c.userID, c.name, c.userType = col("username"), col("user id"), col("user"), col("user type")
		c.code, c.status = col("sign-in error code"), col("status")
		c.client, c.authReq = col("client app"), col("authentication requirement")
		c.mfa = col("multifactor authentication auth method")
		c.device, c.deviceID, c.os, c.browser = -1, col("device id"), col("operating system"), col("browser")
		c.ip = col("ip address")
		c.deviceString, c.statusString, c.mfaString = -1, -1, -1
	} else {
		format = LogAnalyticsCSV
		c.when = col("createddatetime", "timegenerated")
		c.upn, c.userID, c.name, c.userType = col("userprincipalname"), col("userid"), col("userdisplayname"), col("usertype")
		c.code, c.status = col("resulttype"), col("status_dynamic", "status")
		c.client, c.authReq = col("clientappused"), col("authenticationrequirement")
		c.mfa = col("mfadetail_dynamic", "mfadetail")
		c.device, c.deviceID, c.os, c.browser = col("devicedetail_dynamic", "devicedetail"), -1, -1, -1
		c.ip = col("ipaddress")
		c.deviceString, c.statusString, c.mfaString = col("devicedetail_string"), col("status_string"), col("mfadetail_string")
		c.jsonStatus, c.jsonMFA = true, true
	}
	switch {
	case c.when < 0:
		return nil, "", audit.Invalid(name, 1, "no time column in UTC (CreatedDateTime [UTC], TimeGenerated [UTC] or Date (UTC)); export the sign-in log with times in UTC")
	case c.upn < 0:
		return nil, "", audit.Invalid(name, 1, "no user column (UserPrincipalName or Username); is this a sign-in log?")
	case c.code < 0 && c.status < 0:
		return nil, "", audit.Invalid(name, 1, "no result column (ResultType, Status or Sign-in error code); is this a sign-in log?")
	}
	c.timeHeader = header[c.when]
	if c.code >= 0 {
		c.codeHeader = header[c.code]
	}
	return c, format, nil
}

// event fills er.ev from one row.
func (c *csvColumns) event(er *eventReader, rec []string, name string, line int) error {
	er.ev.reset()
	er.badField = ""
	ev := &er.ev
	get := func(i int) []byte {
		if i < 0 || rec[i] == "" {
			return nil
		}
		return []byte(rec[i])
	}
	ev.upn = get(c.upn)
	if len(ev.upn) == 0 {
		return nil // counted as skipped by the aggregator
	}
	ev.userID, ev.displayName, ev.userType = get(c.userID), get(c.name), get(c.userType)
	ev.client, ev.authReq, ev.ip = get(c.client), get(c.authReq), get(c.ip)
	raw := strings.TrimSpace(rec[c.when])
	when, ok := parseTime([]byte(raw))
	if !ok {
		return audit.Invalid(name, line, "%s %s is not a date and time like \"4/28/2021, 2:08:45 PM\" or \"2024-05-01T09:30:00Z\"%s",
			c.timeHeader, strconv.Quote(raw), timeHint([]byte(raw)))
	}
	ev.when = when
	if err := c.setCode(er, rec, name, line); err != nil {
		return err
	}
	if c.jsonMFA {
		c.embedded(er, rec, c.mfa, c.mfaString, fMFA)
	} else if c.mfa >= 0 {
		ev.mfaGiven, ev.mfaMethod = true, get(c.mfa)
	}
	if c.device >= 0 {
		c.embedded(er, rec, c.device, c.deviceString, fDevice)
	} else {
		ev.deviceID, ev.os, ev.browser = get(c.deviceID), get(c.os), get(c.browser)
	}
	if er.badField != "" {
		return audit.Invalid(name, line, "%s %s", er.badField, er.badMsg)
	}
	return nil
}

// setCode sets the row's error code from the code column, else the status.
func (c *csvColumns) setCode(er *eventReader, rec []string, name string, line int) error {
	ev := &er.ev
	if c.code >= 0 {
		if v := strings.TrimSpace(rec[c.code]); v != "" {
			n, ok := atoi([]byte(v))
			if !ok {
				return audit.Invalid(name, line, "%s %s is not an error code (a whole number, 0 for success)", c.codeHeader, strconv.Quote(v))
			}
			ev.resultCode, ev.hasResult = n, true
			return nil
		}
	}
	if c.status >= 0 {
		if c.jsonStatus {
			c.embedded(er, rec, c.status, c.statusString, fStatus)
		} else {
			switch strings.ToLower(strings.TrimSpace(rec[c.status])) {
			case "success":
				ev.statusCode, ev.hasStatus = 0, true
			case "failure", "interrupted":
				ev.statusCode, ev.hasStatus = -1, true
			}
		}
	}
	if _, ok := ev.code(); !ok {
		return audit.Invalid(name, line, "the row has no error code or status, so whether the sign-in succeeded is unknown")
	}
	return nil
}

// embedded reads a cell holding JSON (a Log Analytics dynamic column),
// taking the X_string twin when the X_dynamic cell is empty.
func (c *csvColumns) embedded(er *eventReader, rec []string, i, twin int, f field) {
	v := ""
	if i >= 0 {
		v = rec[i]
	}
	if strings.TrimSpace(v) == "" && twin >= 0 {
		v, i = rec[twin], twin
	}
	if strings.TrimSpace(v) == "" {
		return
	}
	er.given(f)
	er.parseEmbedded([]byte(v), []byte(c.header[i]), 0, f)
}
