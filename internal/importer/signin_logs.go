package importer

import (
	"io"
	"strings"

	"triage/internal/audit"
	"triage/internal/signin"
)

// SignInLogs reads Entra ID sign-in logs: Graph auditLogs/signIns JSON (one
// response, a list, a list of pages, JSON Lines, or the Graph PowerShell
// SDK's output), Log Analytics SigninLogs rows as JSON, and the portal's
// CSV exports (Log Analytics "Export to CSV" and the admin centre's
// "Download"). The reading and summing is internal/signin's, which streams
// the file with bounded memory however large it is.
//
// It emits one partial account fact per user (Account.Partial), to be
// merged by System "entra" and ID (the user principal name, lower-cased)
// or ObjectID into the account from a user export. A log says nothing of
// whether an account is enabled, what kind it is for certain, or its
// roles; it fills only these fields:
//
//   - SignInKnown and LastSignIn: set when the log holds a successful
//     sign-in for the user. A user whose sign-ins all failed has
//     SignInKnown false: the log covers a few weeks, so it cannot say the
//     user never signed in.
//   - LegacyAuthSignIns: successful sign-ins from legacy authentication
//     clients (signin.LegacyClients); failed ones are password guessing
//     against the protocol, not use of it.
//   - SingleFactorSignIns: successful sign-ins that needed a password alone.
//   - MaxDevicesPerDay: the most distinct devices with a successful sign-in
//     on one UTC day.
//   - UPN, ObjectID, DisplayName, and Kind where the log has a user type
//     (guest for Guest or an #EXT# UPN, member for Member).
//
// Enabled stays false and means nothing here: Partial facts are never
// judged on their own. Source.Line and Source.Path point at the user's
// latest successful sign-in, or latest sign-in when none succeeded.
type SignInLogs struct{}

// Name implements Importer.
func (SignInLogs) Name() string { return "signin_logs" }

// Detect implements Importer: sign-in events in JSON (createdDateTime,
// userPrincipalName and status or appDisplayName; or Log Analytics'
// TimeGenerated, ResultType and UserPrincipalName) or a CSV header of one
// of the two portal exports.
func (SignInLogs) Detect(_ string, head []byte) bool { return signin.Detect(head) != "" }

// Import implements Importer. A problem anywhere in the file fails the
// whole import with the line: a summary of part of a log would understate
// what it shows.
func (SignInLogs) Import(name string, r io.Reader) ([]audit.Fact, error) {
	sum, err := signin.Read(name, r, signin.Options{})
	if err != nil {
		return nil, err
	}
	facts := make([]audit.Fact, 0, len(sum.Users))
	for _, u := range sum.Users {
		facts = append(facts, signInFact(name, u))
	}
	return facts, nil
}

// signInFact is a user's partial account.
func signInFact(name string, u signin.User) audit.Fact {
	a := &audit.Account{
		System:              "entra",
		ID:                  u.ID,
		ObjectID:            u.ObjectID,
		Partial:             true,
		UPN:                 u.UPN,
		DisplayName:         u.DisplayName,
		Kind:                signInKind(u),
		LegacyAuthSignIns:   u.Legacy,
		SingleFactorSignIns: u.SingleFactor,
		MaxDevicesPerDay:    u.MaxDevicesPerDay,
	}
	if !u.LastSuccess.IsZero() {
		last := u.LastSuccess
		a.LastSignIn, a.SignInKnown = &last, true
	}
	return audit.Fact{
		Kind:    audit.FactAccount,
		Source:  audit.Source{File: name, Line: u.Line, Path: u.Path},
		Account: a,
	}
}

// signInKind reads the account kind from the log's user type, where it
// gives one; guests invited from other tenants also show by #EXT#.
func signInKind(u signin.User) string {
	switch {
	case strings.EqualFold(u.UserType, "guest") || strings.Contains(strings.ToUpper(u.UPN), "#EXT#"):
		return audit.AccountGuest
	case strings.EqualFold(u.UserType, "member"):
		return audit.AccountMember
	}
	return ""
}
