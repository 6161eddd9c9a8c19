package importer

import (
	"io"
	"strings"

	"triage/internal/audit"
)

// M365UsersCSV reads the Microsoft 365 admin centre's "Export users" CSV
// (Users › Active users › Export users), in the current column order and
// the older alphabetical one (which adds License assignment details, Oath
// token meta data, Release track and Strong password required). Columns
// are found by name; phone numbers, addresses and the rest are dropped.
//
// The export has licences and password dates but no sign-in or MFA
// columns, so every account says its sign-in is unknown.
type M365UsersCSV struct{}

// Name implements Importer.
func (M365UsersCSV) Name() string { return "m365_users_csv" }

var m365Required = []string{"User principal name", "Block credential"}

// Detect implements Importer: a CSV header with the admin centre's
// spelled-out column names.
func (M365UsersCSV) Detect(_ string, head []byte) bool {
	return hasColumns(csvHeader(head), append([]string{"Display name"}, m365Required...)...)
}

// Import implements Importer.
func (M365UsersCSV) Import(name string, r io.Reader) ([]audit.Fact, error) {
	return readAccountCSV(name, r, m365Required,
		"export the users again from the Microsoft 365 admin centre (Users › Active users › Export users)", m365Account)
}

// m365Account reads one user row.
func m365Account(row csvRow) (*audit.Account, error) {
	upn := row.get("User principal name")
	if upn == "" {
		return nil, row.errorf("User principal name", "is empty; every Microsoft 365 user has one")
	}
	blocked, err := csvBool(row, "Block credential", true)
	if err != nil {
		return nil, err
	}
	neverExpires, err := csvBool(row, "Password never expires", false)
	if err != nil {
		return nil, err
	}
	created, err := csvTime(row, "When created")
	if err != nil {
		return nil, err
	}
	pwdSet, err := csvTime(row, "Last password change time stamp")
	if err != nil {
		return nil, err
	}
	deleted, err := csvTime(row, "Soft deletion time stamp")
	if err != nil {
		return nil, err
	}
	a := &audit.Account{
		System:               "entra",
		ID:                   upn,
		UPN:                  upn,
		Email:                primarySMTP(row.get("Proxy addresses")),
		DisplayName:          row.get("Display name"),
		Kind:                 entraKind(upn, ""),
		Enabled:              !blocked,
		Created:              created,
		PasswordSet:          pwdSet,
		PasswordNeverExpires: neverExpires,
	}
	if row.t.has("Licenses") {
		a.Licensed = new(m365Licensed(row.get("Licenses")))
	}
	// A deleted user waiting in the recycle bin cannot sign in; the
	// deletion is the nearest thing to a disable date the export has.
	if deleted != nil {
		a.Enabled = false
		a.DisabledOn = deleted
	}
	return a, nil
}

// m365Licensed reads the Licenses cell: "+"-joined SKUs such as
// "contoso:O365_BUSINESS_PREMIUM", or "Unlicensed".
func m365Licensed(v string) bool {
	v = strings.TrimSpace(v)
	return v != "" && !strings.EqualFold(v, "Unlicensed")
}

// primarySMTP finds the primary address among "+"-joined proxy addresses:
// the one whose prefix is upper-case "SMTP:" (secondary ones are "smtp:").
// An address may itself contain "+", so the list is split only where a
// new "prefix:" starts.
func primarySMTP(v string) string {
	for _, p := range splitProxies(v) {
		if strings.HasPrefix(p, "SMTP:") {
			return strings.TrimSpace(p[len("SMTP:"):])
		}
	}
	return ""
}

func splitProxies(v string) []string {
	var out []string
	start := 0
	for i := 0; i < len(v); i++ {
		if v[i] == '+' && startsProxy(v[i+1:]) {
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// startsProxy reports whether s begins with an address type and a colon
// (SMTP:, smtp:, SIP:, X500:, SPO:, EUM:).
func startsProxy(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':':
			return i > 0
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return false
}
