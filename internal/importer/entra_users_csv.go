package importer

import (
	"io"
	"strings"
	"time"

	"triage/internal/audit"
)

// EntraUsersCSV reads the Entra ID admin centre's "Download users" CSV
// (Users › Bulk operations › Download users), in its current form (id,
// officeLocation, mobilePhone) and its older one (objectId,
// physicalDeliveryOfficeName, mobile and the authentication* columns).
// Columns are found by name; everything but identity, account state and
// creation date is dropped, phone numbers and addresses included.
//
// The download has no sign-in, MFA or licence columns, so every account
// says its sign-in is unknown, and the file adds one gap each for sign-ins
// and MFA telling the practice which export would fill them.
type EntraUsersCSV struct{}

// Name implements Importer.
func (EntraUsersCSV) Name() string { return "entra_users_csv" }

// entraRequired are the columns every variant has and the import needs.
var entraRequired = []string{"userPrincipalName", "accountEnabled", "userType"}

// Detect implements Importer: a CSV header with Entra's camelCase user
// columns and an object id column under either of its names.
func (EntraUsersCSV) Detect(_ string, head []byte) bool {
	h := csvHeader(head)
	return hasColumns(h, entraRequired...) && hasColumns(h, "displayName") &&
		(hasColumns(h, "id") || hasColumns(h, "objectId"))
}

// Gap reasons, written for the practice: what is missing and which export
// supplies it.
const (
	entraNoSignIn = "the Entra ID user download has no sign-in dates; export users with signInActivity from Graph (needs Entra ID P1)"
	entraNoMFA    = "the Entra ID user download has no MFA columns; export reports/authenticationMethods/userRegistrationDetails from Graph"
)

// Import implements Importer.
func (EntraUsersCSV) Import(name string, r io.Reader) ([]audit.Fact, error) {
	facts, err := readAccountCSV(name, r, entraRequired,
		"download the users list again from Entra ID (Users › Bulk operations › Download users)", entraAccount)
	if err != nil {
		return nil, err
	}
	// One gap each per file, however many rows: the whole export lacks them.
	facts = append(facts,
		gapAt(audit.Source{Line: 1}, "accounts.sign_in", entraNoSignIn),
		gapAt(audit.Source{Line: 1}, "accounts.mfa", entraNoMFA))
	return facts, nil
}

// entraAccount reads one user row.
func entraAccount(row csvRow) (*audit.Account, error) {
	upn := row.get("userPrincipalName")
	if upn == "" {
		return nil, row.errorf("userPrincipalName", "is empty; every Entra ID user has a user principal name")
	}
	enabled, err := csvBool(row, "accountEnabled", true)
	if err != nil {
		return nil, err
	}
	created, err := csvTime(row, "createdDateTime")
	if err != nil {
		return nil, err
	}
	return &audit.Account{
		System:      "entra",
		ID:          upn,
		UPN:         upn,
		Email:       row.get("mail"),
		DisplayName: row.get("displayName"),
		Kind:        entraKind(upn, row.get("userType")),
		Enabled:     enabled,
		Created:     created,
	}, nil
}

// entraKind tells guests from staff. Invited guests have #EXT# in their
// UPN even where userType was changed to Member, and they are still
// outsiders.
func entraKind(upn, userType string) string {
	if strings.Contains(strings.ToUpper(upn), "#EXT#") || strings.EqualFold(strings.TrimSpace(userType), "guest") {
		return audit.AccountGuest
	}
	return audit.AccountMember
}

// csvBool reads a True/False cell. An empty cell is an error when the
// column is required, false otherwise.
func csvBool(row csvRow, col string, required bool) (bool, error) {
	v := row.get(col)
	switch strings.ToLower(v) {
	case "true", "yes":
		return true, nil
	case "false", "no":
		return false, nil
	case "":
		if !required {
			return false, nil
		}
		return false, row.errorf(col, "is empty; it should be True or False")
	}
	return false, row.errorf(col, "%q is not True or False", v)
}

// usLayouts are the date forms Microsoft's admin centres write in CSV
// downloads: the US locale (8/19/2021 1:25:31 PM) and sortable forms.
var usLayouts = []string{
	"1/2/2006 3:04:05 PM",
	"1/2/2006 3:04 PM",
	"1/2/2006 15:04:05",
	"1/2/2006 15:04",
	"1/2/2006",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// parseCSVTime reads a date from an admin centre download, in UTC (the
// portals write UTC without saying so).
func parseCSVTime(s string) (time.Time, bool) {
	if t, ok := msTime(s); ok {
		return t, true
	}
	for _, layout := range usLayouts {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// csvTime reads an optional date cell; an empty cell or a missing column
// gives nil, an unreadable one an error naming the column and value.
func csvTime(row csvRow, col string) (*time.Time, error) {
	v := row.get(col)
	if v == "" {
		return nil, nil
	}
	t, ok := parseCSVTime(v)
	if !ok {
		return nil, row.errorf(col, "%q is not a date Triage can read (expected the US form 8/19/2021 1:25:31 PM or 2022-03-18 19:49:35Z)", v)
	}
	return &t, nil
}
