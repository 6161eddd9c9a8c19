package importer

import (
	"io"
	"math"
	"strings"
	"time"

	"triage/internal/audit"
)

// ADUsersCSV reads the Active Directory user list exported with
//
//	Get-ADUser -Filter * -Properties ... | Export-Csv users.csv
//
// from Windows PowerShell 5.1 (a "#TYPE ...ADUser" first line unless
// -NoTypeInformation, often a UTF-8 byte-order mark) or PowerShell 7 (no
// #TYPE line, UTF-8), with comma, semicolon (-UseCulture, -Delimiter ';')
// or tab delimiters, and in UTF-16 when piped through Out-File. See
// ad_csv_util.go for the encodings.
//
// Each row becomes an account fact of system "ad" with the id DOMAIN\sam.
// Columns read (case does not matter; all others, including any password
// or LAPS column, are dropped unread):
//
//   - SamAccountName (required), UserPrincipalName, DisplayName or Name,
//     mail or EmailAddress, DistinguishedName, Description (only to spot
//     service accounts; not kept).
//   - Enabled (True/False); without it, the 0x2 bit of userAccountControl;
//     without either, the account is taken as enabled so that a leaver's
//     account is never hidden by a thin export.
//   - lastLogonTimestamp and lastLogon (FILETIME) and LastLogonDate (a
//     date in the exporting machine's format, see adParseLocal). The latest
//     of them is the last sign-in: each records a real logon. An empty cell,
//     0 or 9223372036854775807 means never. lastLogonTimestamp replicates up
//     to 14 days late, so SignInLagDays is 14.
//   - whenCreated or Created; pwdLastSet (FILETIME, 0 meaning "must change
//     at next logon", so no date) or PasswordLastSet.
//   - userAccountControl flags 0x20 (PASSWD_NOTREQD) and 0x10000
//     (DONT_EXPIRE_PASSWORD), and the PasswordNotRequired and
//     PasswordNeverExpires columns; either source sets the flag.
//   - MemberOf, when joined into text (a plain export prints the type name
//     "Microsoft.ActiveDirectory.Management.ADPropertyValueCollection"
//     instead): membership of AD's protected groups (adAdminGroups) gives
//     AdminRoles. When MemberOf is missing or unreadable, adminCount=1 gives
//     the role adAdminCountRole instead, since the account is or was in one.
type ADUsersCSV struct{}

// Name implements Importer.
func (ADUsersCSV) Name() string { return "ad_users_csv" }

// Detect implements Importer: a CSV header with SamAccountName and at least
// one other Get-ADUser column. Exports of computers or groups, which also
// carry SamAccountName, are left alone.
func (ADUsersCSV) Detect(_ string, head []byte) bool {
	typeName, cols, ok := exportHeaderOf(head)
	if !ok || !adUserType(typeName) {
		return false
	}
	if _, ok := cols["samaccountname"]; !ok {
		return false
	}
	for _, k := range []string{"dnshostname", "operatingsystem", "groupscope", "groupcategory"} {
		if _, ok := cols[k]; ok {
			return false
		}
	}
	for _, k := range adUserColumns {
		if _, ok := cols[k]; ok {
			return true
		}
	}
	return false
}

// adUserColumns are Get-ADUser columns one of which, next to
// SamAccountName, marks a user export.
var adUserColumns = []string{
	"userprincipalname", "distinguishedname", "enabled", "useraccountcontrol", "objectclass",
	"lastlogontimestamp", "lastlogon", "lastlogondate", "whencreated", "pwdlastset", "passwordlastset",
	"passwordneverexpires", "passwordnotrequired", "admincount", "memberof",
}

// adUserType reports whether a #TYPE name is compatible with a user list:
// none, ADUser (also "Selected.…ADUser"), or a custom object; any other AD
// object type is not users.
func adUserType(typeName string) bool {
	const adPrefix = "Microsoft.ActiveDirectory.Management.AD"
	return !strings.Contains(typeName, adPrefix) || strings.Contains(typeName, adPrefix+"User")
}

// Import implements Importer. The whole file is checked first; any bad
// row stops the import with its line, and no facts are returned.
func (ADUsersCSV) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	t, err := readExportTable(name, data)
	if err != nil {
		return nil, err
	}
	if !t.has("samaccountname") {
		return nil, audit.Invalid(name, t.hdrLine, "there is no SamAccountName column; export with Get-ADUser -Filter * -Properties ... | Export-Csv")
	}
	order, err := adDateOrderOf(t)
	if err != nil {
		return nil, err
	}
	facts := make([]audit.Fact, 0, len(t.rows))
	for _, row := range t.rows {
		a, err := adAccountOf(adCells{t: t, row: row, order: order})
		if err != nil {
			return nil, err
		}
		facts = append(facts, audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: row.line}, Account: a})
	}
	return facts, nil
}

// adCells reads typed values from one row, failing with the row's line,
// the column and the value.
type adCells struct {
	t     *exportTable
	row   exportRow
	order adDateOrder
}

// cell returns the first non-empty cell among the columns keys that the
// table has, with the column's header: an export may have both
// DisplayName and Name, or whenCreated and Created, with one of them empty.
// ok is false when the table has none of the columns.
func (c adCells) cell(keys ...string) (value, column string, ok bool) {
	for _, k := range keys {
		v, col, found := c.t.get(c.row, k)
		if found && (v != "" || !ok) {
			value, column, ok = v, col, true
		}
		if v != "" {
			return value, column, ok
		}
	}
	return value, column, ok
}

func (c adCells) text(keys ...string) string {
	v, _, _ := c.cell(keys...)
	return v
}

func (c adCells) bad(column, value, want string) error {
	return audit.Invalid(c.t.file, c.row.line, "%s %s %s", column, exportQuote(value), want)
}

// flag reads a True/False column; present is false when the column is
// missing or the cell empty.
func (c adCells) flag(keys ...string) (value, present bool, err error) {
	v, col, ok := c.cell(keys...)
	if !ok || v == "" {
		return false, false, nil
	}
	b, ok := exportBool(v)
	if !ok {
		return false, false, c.bad(col, v, "is not True or False")
	}
	return b, true, nil
}

// number reads a whole-number column.
func (c adCells) number(keys ...string) (n int64, present bool, err error) {
	v, col, ok := c.cell(keys...)
	if !ok || v == "" {
		return 0, false, nil
	}
	n, ok = exportInt(v)
	if !ok {
		return 0, false, c.bad(col, v, "is not a whole number")
	}
	return n, true, nil
}

// filetime reads a FILETIME column. column is whether the table has it;
// a nil time with column true means never.
func (c adCells) filetime(key string) (tm *time.Time, column bool, err error) {
	v, col, ok := c.t.get(c.row, key)
	if !ok {
		return nil, false, nil
	}
	tm, ok = adFiletime(v)
	if !ok {
		return nil, true, c.bad(col, v, "is not a Windows FILETIME (a whole number of 100-nanosecond steps since 1601; 0 means never)")
	}
	return tm, true, nil
}

// local reads a date column in the exporting machine's format. column is
// whether the table has it; an empty cell gives nil.
func (c adCells) local(keys ...string) (tm *time.Time, column bool, err error) {
	v, col, ok := c.cell(keys...)
	if !ok {
		return nil, false, nil
	}
	if v == "" {
		return nil, true, nil
	}
	when, ok := adParseLocal(v, c.order)
	if !ok {
		return nil, true, c.bad(col, v, "is not a date this reader knows ("+adDateForms+")")
	}
	return &when, true, nil
}

// adAccountOf builds the account of one row.
func adAccountOf(c adCells) (*audit.Account, error) {
	sam := c.text("samaccountname")
	if sam == "" {
		return nil, audit.Invalid(c.t.file, c.row.line, "SamAccountName is empty; every AD account has one")
	}
	upn := c.text("userprincipalname")
	a := &audit.Account{
		System:      "ad",
		ID:          adAccountID(adDomainOf(c.text("distinguishedname"), upn), sam),
		UPN:         upn,
		Email:       c.text("mail", "emailaddress"),
		SAM:         sam,
		DisplayName: c.text("displayname", "name", "cn"),
		Kind:        audit.AccountMember,
	}
	if adLooksService(sam, c.text("description")) {
		a.Kind = audit.AccountService
	}
	for _, step := range []func(adCells, *audit.Account) error{adFlags, adSignIn, adDates, adRoles} {
		if err := step(c, a); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// userAccountControl bits this reader uses.
const (
	adUACDisabled         = 0x2
	adUACPasswdNotReqd    = 0x20
	adUACDontExpirePasswd = 0x10000
)

// adFlags sets Enabled and the password flags.
func adFlags(c adCells, a *audit.Account) error {
	uac, hasUAC, err := c.number("useraccountcontrol")
	if err != nil {
		return err
	}
	if hasUAC && (uac < 0 || uac > math.MaxUint32) {
		v, col, _ := c.t.get(c.row, "useraccountcontrol")
		return c.bad(col, v, "is not a userAccountControl value (0 to 4294967295)")
	}
	enabled, hasEnabled, err := c.flag("enabled")
	if err != nil {
		return err
	}
	switch {
	case hasEnabled:
		a.Enabled = enabled
	case hasUAC:
		a.Enabled = uac&adUACDisabled == 0
	default:
		a.Enabled = true
	}
	never, _, err := c.flag("passwordneverexpires")
	if err != nil {
		return err
	}
	notReq, _, err := c.flag("passwordnotrequired")
	if err != nil {
		return err
	}
	a.PasswordNeverExpires = never || uac&adUACDontExpirePasswd != 0
	a.PasswordNotRequired = notReq || uac&adUACPasswdNotReqd != 0
	return nil
}

// adSignIn sets the last sign-in from whichever logon columns exist.
func adSignIn(c adCells, a *audit.Account) error {
	var times []*time.Time
	for _, key := range []string{"lastlogontimestamp", "lastlogon"} {
		tm, column, err := c.filetime(key)
		if err != nil {
			return err
		}
		if column {
			a.SignInKnown = true
			times = append(times, tm)
		}
	}
	tm, column, err := c.local("lastlogondate")
	if err != nil {
		return err
	}
	if column {
		a.SignInKnown = true
		times = append(times, tm)
	}
	if a.SignInKnown {
		a.LastSignIn = adLatest(times)
		a.SignInLagDays = 14
	}
	return nil
}

func adLatest(times []*time.Time) *time.Time {
	var latest *time.Time
	for _, tm := range times {
		if tm != nil && (latest == nil || tm.After(*latest)) {
			latest = tm
		}
	}
	return latest
}

// adDates sets Created and PasswordSet.
func adDates(c adCells, a *audit.Account) error {
	created, _, err := c.local("whencreated", "created", "createtimestamp")
	if err != nil {
		return err
	}
	a.Created = created
	set, column, err := c.filetime("pwdlastset")
	if err != nil {
		return err
	}
	if !column {
		if set, _, err = c.local("passwordlastset"); err != nil {
			return err
		}
	}
	a.PasswordSet = set
	return nil
}

// adRoles sets AdminRoles from MemberOf, or from adminCount when MemberOf
// cannot be read.
func adRoles(c adCells, a *audit.Account) error {
	roles, known := adRolesOf(c.text("memberof"))
	if known && c.t.has("memberof") {
		a.AdminRoles = roles
		return nil
	}
	v, col, ok := c.t.get(c.row, "admincount")
	if !ok || v == "" {
		return nil
	}
	n, isNum := exportInt(v)
	b, isBool := exportBool(v)
	switch {
	case isNum && n != 0, isBool && b:
		a.AdminRoles = []string{adAdminCountRole}
	case !isNum && !isBool:
		return c.bad(col, v, "is not a number")
	}
	return nil
}

// adAdminGroups are AD's protected groups (those AdminSDHolder guards):
// each gives control of the domain or its domain controllers.
var adAdminGroups = []string{
	"Domain Admins", "Enterprise Admins", "Administrators", "Schema Admins",
	"Account Operators", "Backup Operators", "Server Operators", "Print Operators",
}

// adAdminCountRole is the role given when only adminCount=1 shows that an
// account is, or once was, in a protected group.
const adAdminCountRole = "Protected group member (adminCount=1)"

// adRolesOf finds protected groups in a MemberOf cell, however a script
// joined the distinguished names (";", "|", new lines, or commas). known
// is false when the cell holds a PowerShell type name instead of values.
func adRolesOf(memberOf string) (roles []string, known bool) {
	if strings.Contains(memberOf, "ADPropertyValueCollection") || strings.HasPrefix(memberOf, "System.") {
		return nil, false
	}
	found := map[string]bool{}
	for _, part := range adSplitRDNs(memberOf) {
		part = strings.Trim(strings.TrimSpace(part), "{}\"")
		key, value, hasKey := strings.Cut(part, "=")
		if hasKey {
			if !strings.EqualFold(strings.TrimSpace(key), "CN") {
				continue
			}
			part = strings.TrimSpace(value)
		}
		for _, g := range adAdminGroups {
			if strings.EqualFold(part, g) {
				found[g] = true
			}
		}
	}
	for _, g := range adAdminGroups {
		if found[g] {
			roles = append(roles, g)
		}
	}
	return roles, true
}

// adSplitRDNs splits on the separators between distinguished-name parts
// and between joined names, keeping backslash-escaped characters (a comma
// in "CN=Smith\, Jo").
func adSplitRDNs(s string) []string {
	var parts []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			cur.WriteByte(s[i+1])
			i++
		case c == ',' || c == ';' || c == '|' || c == '\n' || c == '\r':
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(parts, cur.String())
}

// adDomainOf returns the short domain name for DOMAIN\sam ids: the first
// DC= label of the distinguished name (the directory's own domain), else
// the first label of the UPN suffix. Both are upper-cased; they usually
// equal the NetBIOS name, and the identity join ignores the prefix anyway.
func adDomainOf(dn, upn string) string {
	for _, part := range adSplitRDNs(dn) {
		key, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(key, "DC") && strings.TrimSpace(value) != "" {
			return strings.ToUpper(strings.TrimSpace(value))
		}
	}
	if i := strings.LastIndex(upn, "@"); i >= 0 {
		label, _, _ := strings.Cut(upn[i+1:], ".")
		return strings.ToUpper(strings.TrimSpace(label))
	}
	return ""
}

func adAccountID(domain, sam string) string {
	if domain == "" {
		return sam
	}
	return domain + `\` + sam
}

// adServiceWords are whole words of an account name that mark software
// accounts. Being classed as a service account exempts an account from the
// dormant-account check, so the list is short and specific: words that
// are not people's names.
var adServiceWords = []string{"svc", "service", "sql", "mssql", "sqlsvc", "backup", "veeam", "scanner", "scan", "krbtgt"}

// adServicePrefixes catch the same words run together ("svcbackup",
// "sqlagent", "backupexec").
var adServicePrefixes = []string{"svc", "sql", "backup"}

// adLooksService reports whether an account is used by software rather
// than a person: a managed or machine account (name ending in "$"), a
// name made of adServiceWords or starting with adServicePrefixes, or a
// description that says "service account". Display names are not used:
// "Backup Admin (Jo)" is a person.
func adLooksService(sam, description string) bool {
	s := strings.ToLower(strings.TrimSpace(sam))
	if strings.HasSuffix(s, "$") {
		return true
	}
	for _, p := range adServicePrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	for _, w := range words {
		if oneOf(adServiceWords, strings.TrimRight(w, "0123456789")) {
			return true
		}
	}
	d := strings.ToLower(description)
	return strings.Contains(d, "service account") || strings.Contains(d, "svc account")
}

// FILETIME: 100-nanosecond steps since 1601-01-01 UTC.
const (
	adFiletimeNever      = math.MaxInt64
	adFiletimeUnixOffset = 116444736000000000 // 1970-01-01 as a FILETIME
)

// adFiletime converts a FILETIME cell. Empty, 0 and the largest value mean
// never (nil, true). Negative numbers, text, and times before 1970 or after
// 9999 (which no logon can have) are refused.
func adFiletime(s string) (*time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	n, ok := exportInt(s)
	switch {
	case !ok || n < 0:
		return nil, false
	case n == 0 || n == adFiletimeNever:
		return nil, true
	case n < adFiletimeUnixOffset:
		return nil, false
	}
	n -= adFiletimeUnixOffset
	tm := time.Unix(n/1e7, (n%1e7)*100).UTC()
	if tm.Year() > 9999 {
		return nil, false
	}
	return &tm, true
}

// adDateOrder says whether numeric dates are day-first (en-AU, en-GB and
// most of the world: 14/03/2024) or month-first (en-US: 3/14/2024).
type adDateOrder int

const (
	adDayFirst adDateOrder = iota
	adMonthFirst
)

// adDateForms lists, for messages, the date forms adParseLocal reads.
const adDateForms = "d/MM/yyyy h:mm:ss am (en-AU), M/d/yyyy h:mm:ss AM (en-US), dd/MM/yyyy HH:mm:ss, dd.MM.yyyy HH:mm:ss, yyyy-MM-dd HH:mm:ss, or 20240314090512.0Z"

// adLocalDateColumns are the columns read with adParseLocal.
var adLocalDateColumns = []string{"lastlogondate", "whencreated", "created", "createtimestamp", "passwordlastset"}

// adDateOrderOf decides how the file writes numeric dates. PowerShell
// writes dates in the exporting machine's culture and says nothing about
// which it was, so the file is read as a whole: a first number over 12
// (14/03/2024) proves day-first, a second over 12 (3/14/2024) proves
// month-first, and both in one file is an error. With no proof, upper-case
// AM/PM points to en-US (month-first); anything else (lower-case am/pm as
// Windows writes for en-AU, or a 24-hour clock) is taken as day-first.
func adDateOrderOf(t *exportTable) (adDateOrder, error) {
	var dayLine, monthLine int
	var dayCell, monthCell string
	upperAMPM := false
	for _, row := range t.rows {
		for _, key := range adLocalDateColumns {
			v, col, ok := t.get(row, key)
			if !ok || v == "" {
				continue
			}
			d, ok := adSplitLocal(v)
			if !ok || d.yearFirst {
				continue
			}
			if strings.Contains(v, "AM") || strings.Contains(v, "PM") {
				upperAMPM = true
			}
			switch {
			case d.a > 12 && d.b <= 12 && dayLine == 0:
				dayLine, dayCell = row.line, col+" "+exportQuote(v)
			case d.b > 12 && d.a <= 12 && monthLine == 0:
				monthLine, monthCell = row.line, col+" "+exportQuote(v)
			}
		}
	}
	switch {
	case dayLine > 0 && monthLine > 0:
		return 0, audit.Invalid(t.file, max(dayLine, monthLine), "dates are written both day-first (line %d, %s) and month-first (line %d, %s); export the file again from one machine", dayLine, dayCell, monthLine, monthCell)
	case dayLine > 0:
		return adDayFirst, nil
	case monthLine > 0 || upperAMPM:
		return adMonthFirst, nil
	}
	return adDayFirst, nil
}

// adLocal is a date cell as written, before the day/month order is
// known. For year-first forms a is the month and b the day; otherwise a and
// b are the first two numbers in the order written.
type adLocal struct {
	a, b, year     int
	yearFirst      bool
	hour, min, sec int
	am, pm         bool
	exact          *time.Time // an ISO or generalized time, fully known
}

// adSplitLocal splits a date cell into numbers. It reads the numeric
// forms "14/03/2024 9:05:12 am", "3/14/2024 9:05:12 AM", "14.03.2024
// 09:05:12", "2024/03/14", ISO "2024-03-14 09:05:12" (also with T and a
// zone) and AD's generalized time "20240314090512.0Z".
func adSplitLocal(s string) (adLocal, bool) {
	var d adLocal
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05Z07:00"} {
		if tm, err := time.Parse(layout, s); err == nil {
			tm = tm.UTC()
			d.exact, d.yearFirst = &tm, true
			return d, true
		}
	}
	if tm, ok := adGeneralized(s); ok {
		d.exact, d.yearFirst = &tm, true
		return d, true
	}
	datePart, timePart, _ := strings.Cut(s, " ")
	nums, ok := adNumbers(datePart)
	if !ok {
		return d, false
	}
	switch {
	case len(nums[0]) == 4:
		d.yearFirst = true
		d.year, d.a, d.b = adAtoi(nums[0]), adAtoi(nums[1]), adAtoi(nums[2])
	case len(nums[2]) == 4:
		d.a, d.b, d.year = adAtoi(nums[0]), adAtoi(nums[1]), adAtoi(nums[2])
	default:
		return d, false // two-digit years are not guessed at
	}
	return d, adTimeOfDay(strings.TrimSpace(timePart), &d)
}

// adNumbers splits "14/03/2024", "14.03.2024" or "2024-03-14" into three
// runs of one to four digits.
func adNumbers(s string) ([3]string, bool) {
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

// adTimeOfDay reads "9:05:12 am", "9:05:12 AM", "09:05:12", "9:05 p.m."
// or nothing (midnight).
func adTimeOfDay(s string, d *adLocal) bool {
	if s == "" {
		return true
	}
	lower := strings.ToLower(s)
	for _, suffix := range []struct {
		text string
		pm   bool
	}{{"a.m.", false}, {"p.m.", true}, {"am", false}, {"pm", true}} {
		if strings.HasSuffix(lower, suffix.text) {
			lower = strings.TrimSpace(strings.TrimSuffix(lower, suffix.text))
			d.pm, d.am = suffix.pm, !suffix.pm
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
		vals[i] = adAtoi(p)
	}
	d.hour, d.min, d.sec = vals[0], vals[1], vals[2]
	return true
}

// adGeneralized reads LDAP generalized time, "20240314090512.0Z".
func adGeneralized(s string) (time.Time, bool) {
	s = strings.TrimSuffix(s, "Z")
	s, _, _ = strings.Cut(s, ".")
	tm, err := time.Parse("20060102150405", s)
	return tm, err == nil
}

func adAtoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// adParseLocal parses a date cell (see adSplitLocal) in the given order.
// Times without a zone are the exporting machine's local time, which the
// file does not state; they are kept as UTC, which moves them by at most
// a day, well inside the dormancy thresholds they feed.
func adParseLocal(s string, order adDateOrder) (time.Time, bool) {
	d, ok := adSplitLocal(s)
	if !ok {
		return time.Time{}, false
	}
	if d.exact != nil {
		return *d.exact, d.exact.Year() >= 1601 && d.exact.Year() <= 9999
	}
	day, month := d.a, d.b
	if d.yearFirst || order == adMonthFirst {
		day, month = d.b, d.a
	}
	hour := d.hour
	if d.am || d.pm {
		if hour < 1 || hour > 12 {
			return time.Time{}, false
		}
		hour %= 12
		if d.pm {
			hour += 12
		}
	}
	tm := time.Date(d.year, time.Month(month), day, hour, d.min, d.sec, 0, time.UTC)
	if tm.Day() != day || int(tm.Month()) != month || tm.Hour() != hour || tm.Minute() != d.min || tm.Second() != d.sec || d.year < 1601 {
		return time.Time{}, false
	}
	return tm, true
}
