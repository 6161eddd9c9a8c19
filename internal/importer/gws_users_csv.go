package importer

import (
	"io"
	"strings"
	"time"

	"triage/internal/audit"
)

// GWSUsersCSV reads the Google Workspace admin console's user download
// (Directory > Users > Download users), in its documented column set and
// the newer, reordered ones. Headers are matched with their bracketed
// suffixes removed ("Status [READ ONLY]" is "Status") and without regard to
// case; columns not listed below, including the password and password hash
// columns, are dropped unread.
//
// Each row becomes an account fact of system "google" whose id is the email
// address:
//
//   - Email Address (required); First Name and Last Name, or Name, for the
//     display name.
//   - Status: Active is enabled; Suspended and Archived are not. Without a
//     Status column, or with an empty cell, the account is taken as enabled
//     so that a leaver's account is never hidden by a thin export.
//   - Last Sign In: see gwsSignInForms; "Never logged in" means never. An
//     empty cell or a missing column leaves the sign-in unknown.
//   - 2sv Enrolled and 2sv Enforced: MFARegistered and MFAEnforced.
//   - An admin role column ("Admin Role", "Admin Roles"): the role names,
//     split on commas, semicolons or new lines ("Super Admin", "User
//     Management Admin"); "None", "-" and "No" mean none, and a bare
//     "True"/"Yes" becomes the role "Admin".
type GWSUsersCSV struct{}

// Name implements Importer.
func (GWSUsersCSV) Name() string { return "gws_users_csv" }

// Column names after exportColumnKey, with the other names newer exports
// and the users list's own download use.
var (
	gwsColEmail    = []string{"email address", "primary email", "email"}
	gwsColFirst    = []string{"first name"}
	gwsColLast     = []string{"last name"}
	gwsColName     = []string{"name", "full name", "display name"}
	gwsColStatus   = []string{"status", "user status", "account status"}
	gwsColSignIn   = []string{"last sign in", "last sign-in", "last signed in", "last login"}
	gwsColEnrolled = []string{"2sv enrolled", "2sv enrollment", "2-step verification enrollment", "2-step verification enrolled"}
	gwsColEnforced = []string{"2sv enforced", "2sv enforcement", "2-step verification enforcement", "2-step verification enforced"}
	gwsColAdmin    = []string{"admin roles", "admin role", "administrator roles", "administrator role", "admin"}
)

// Detect implements Importer: an email address column together with a 2sv
// column, or with a Status or Last Sign In column carrying the console's
// "[READ ONLY]" mark. No other export this tool reads has either.
func (GWSUsersCSV) Detect(_ string, head []byte) bool {
	typeName, cols, ok := exportHeaderOf(head)
	if !ok || typeName != "" || gwsFirst(cols, gwsColEmail) == "" {
		return false
	}
	if gwsFirst(cols, gwsColEnrolled) != "" || gwsFirst(cols, gwsColEnforced) != "" {
		return true
	}
	for _, names := range [][]string{gwsColStatus, gwsColSignIn} {
		if raw := gwsFirst(cols, names); strings.Contains(strings.ToLower(raw), "[read only]") {
			return true
		}
	}
	return false
}

// gwsFirst returns the header, as written, of the first of names present.
func gwsFirst(cols map[string]string, names []string) string {
	for _, n := range names {
		if raw, ok := cols[n]; ok {
			return raw
		}
	}
	return ""
}

// Import implements Importer. Any bad row stops the import with its line
// and no facts are returned.
func (GWSUsersCSV) Import(name string, r io.Reader) ([]audit.Fact, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &audit.Error{Code: audit.EInvalid, File: name, Msg: "could not read the file", Err: err}
	}
	t, err := readExportTable(name, data)
	if err != nil {
		return nil, err
	}
	if !t.has(gwsColEmail...) {
		return nil, audit.Invalid(name, t.hdrLine, "there is no Email Address column; download the users list again from the admin console")
	}
	facts := make([]audit.Fact, 0, len(t.rows))
	for _, row := range t.rows {
		a, err := gwsAccountOfRow(gwsCells{t: t, row: row})
		if err != nil {
			return nil, err
		}
		facts = append(facts, audit.Fact{Kind: audit.FactAccount, Source: audit.Source{Line: row.line}, Account: a})
	}
	return facts, nil
}

// gwsCells reads one row, failing with its line, the column and the value.
type gwsCells struct {
	t   *exportTable
	row exportRow
}

func (c gwsCells) bad(column, value, want string) error {
	return audit.Invalid(c.t.file, c.row.line, "%s %s %s", column, exportQuote(value), want)
}

func gwsAccountOfRow(c gwsCells) (*audit.Account, error) {
	email, _, _ := c.t.get(c.row, gwsColEmail...)
	if email == "" {
		return nil, audit.Invalid(c.t.file, c.row.line, "the email address is empty; every Google account has one")
	}
	a := &audit.Account{System: "google", ID: email, Email: email, Kind: audit.AccountMember, DisplayName: gwsDisplayName(c)}
	for _, step := range []func(gwsCells, *audit.Account) error{gwsStatus, gwsSignInCell, gwsTwoStep, gwsAdminCell} {
		if err := step(c, a); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func gwsDisplayName(c gwsCells) string {
	first, _, _ := c.t.get(c.row, gwsColFirst...)
	last, _, _ := c.t.get(c.row, gwsColLast...)
	if n := strings.TrimSpace(first + " " + last); n != "" {
		return n
	}
	n, _, _ := c.t.get(c.row, gwsColName...)
	return n
}

func gwsStatus(c gwsCells, a *audit.Account) error {
	v, col, _ := c.t.get(c.row, gwsColStatus...)
	switch strings.ToLower(v) {
	case "", "active":
		a.Enabled = true
	case "suspended", "archived":
		a.Enabled = false
	default:
		return c.bad(col, v, "is not a status this reader knows (Active, Suspended or Archived)")
	}
	return nil
}

func gwsSignInCell(c gwsCells, a *audit.Account) error {
	v, col, ok := c.t.get(c.row, gwsColSignIn...)
	if !ok || v == "" {
		return nil
	}
	tm, never, ok := gwsParseSignIn(v)
	if !ok {
		return c.bad(col, v, "is not a sign-in time this reader knows ("+gwsSignInForms+")")
	}
	a.SignInKnown = true
	if !never {
		a.LastSignIn = &tm
	}
	return nil
}

// gwsSignInForms lists, for messages, what gwsParseSignIn reads.
const gwsSignInForms = `"2024/05/01 09:30:00" as the console writes it, "2024-05-01 09:30:00", RFC 3339, a date alone, or "Never logged in"`

// gwsSignInLayouts are the console's forms and their near relatives.
var gwsSignInLayouts = []string{
	"2006/01/02 15:04:05", "2006/01/02 15:04", "2006-01-02 15:04:05", "2006-01-02 15:04",
	time.RFC3339Nano, "2006-01-02T15:04:05", "2006/01/02", "2006-01-02",
}

// gwsParseSignIn reads a Last Sign In cell. The console writes
// "2019/07/11 15:36:14" without a zone; these are taken as UTC, which is
// off by at most a day and far inside any dormancy threshold. A trailing
// "UTC" or "GMT" is allowed.
func gwsParseSignIn(s string) (tm time.Time, never, ok bool) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "never logged in", "never", "never signed in":
		return time.Time{}, true, true
	}
	for _, zone := range []string{" UTC", " GMT"} {
		s = strings.TrimSuffix(s, zone)
	}
	for _, layout := range gwsSignInLayouts {
		if tm, err := time.Parse(layout, s); err == nil {
			return tm.UTC(), false, true
		}
	}
	return time.Time{}, false, false
}

func gwsTwoStep(c gwsCells, a *audit.Account) error {
	for _, f := range []struct {
		names []string
		dst   **bool
		yes   string
	}{{gwsColEnrolled, &a.MFARegistered, "enrolled"}, {gwsColEnforced, &a.MFAEnforced, "enforced"}} {
		v, col, ok := c.t.get(c.row, f.names...)
		if !ok || v == "" {
			continue
		}
		b, ok := exportBool(v)
		switch strings.ToLower(v) {
		case f.yes:
			b, ok = true, true
		case "not " + f.yes:
			b, ok = false, true
		}
		if !ok {
			return c.bad(col, v, "is not True or False")
		}
		*f.dst = &b
	}
	return nil
}

func gwsAdminCell(c gwsCells, a *audit.Account) error {
	v, _, ok := c.t.get(c.row, gwsColAdmin...)
	if !ok {
		return nil
	}
	if b, isBool := exportBool(v); isBool {
		if b {
			a.AdminRoles = []string{"Admin"}
		}
		return nil
	}
	for _, role := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }) {
		role = strings.TrimSpace(role)
		switch strings.ToLower(role) {
		case "", "none", "-", "no", "n/a":
			continue
		}
		if !oneOf(a.AdminRoles, role) {
			a.AdminRoles = append(a.AdminRoles, role)
		}
	}
	return nil
}
