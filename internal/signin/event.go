package signin

import (
	"bytes"
)

// event is the part of one sign-in the aggregates need. Byte slices point
// into the input buffer (or a scratch buffer for unescaped strings) and are
// valid only until the next event is read.
type event struct {
	upn, userID, displayName, userType []byte

	// when is the sign-in time in nanoseconds since 1970 (UTC).
	when int64

	// The error code: Log Analytics' ResultType when given, else
	// status.errorCode (which Log Analytics repeats inside Status).
	resultCode, statusCode int64
	hasResult, hasStatus   bool

	client  []byte
	authReq []byte
	// mfaGiven is set when the format carried an MFA detail; mfaMethod is
	// its method, empty for a sign-in without MFA.
	mfaGiven  bool
	mfaMethod []byte

	deviceID, deviceName, os, browser, ip []byte
}

// LegacyClients are the clientAppUsed values that mean legacy (basic)
// authentication, as the Entra sign-in log names them: Exchange ActiveSync
// and the protocols Conditional Access groups under "Other clients".
// Matching ignores case.
var LegacyClients = []string{
	"Authenticated SMTP",
	"AutoDiscover",
	"Exchange ActiveSync",
	"Exchange Online PowerShell",
	"Exchange Web Services",
	"IMAP4",
	"MAPI Over HTTP",
	"Offline Address Book",
	"Other clients",
	"Outlook Anywhere (RPC over HTTP)",
	"Outlook Service",
	"POP3",
	"Reporting Web Services",
}

// legacyByLen indexes LegacyClients by length, so the common modern values
// ("Browser", "Mobile Apps and Desktop clients") are ruled out without a
// comparison.
var legacyByLen = func() (t [40][][]byte) {
	for _, c := range LegacyClients {
		t[len(c)] = append(t[len(c)], []byte(c))
	}
	return t
}()

// isLegacy reports whether a clientAppUsed value is a legacy client.
func isLegacy(client []byte) bool {
	if len(client) >= len(legacyByLen) {
		return false
	}
	for _, c := range legacyByLen[len(client)] {
		if bytes.EqualFold(client, c) {
			return true
		}
	}
	return false
}

// factor says whether a successful sign-in needed only one factor.
type factor uint8

const (
	factorUnknown factor = iota
	factorSingle
	factorMulti
)

func (ev *event) factor() factor {
	if len(ev.authReq) > 0 {
		if isSingleFactor(ev.authReq) {
			return factorSingle
		}
		return factorMulti
	}
	if ev.mfaGiven {
		if len(ev.mfaMethod) == 0 {
			return factorSingle
		}
		return factorMulti
	}
	return factorUnknown
}

const singleFactorWord = "singlefactorauthentication"

// isSingleFactor matches "singleFactorAuthentication" (Graph, Log
// Analytics) and "Single-factor authentication" (the portal download),
// ignoring case, spaces and hyphens.
func isSingleFactor(v []byte) bool {
	if len(v) == len(singleFactorWord) && bytes.EqualFold(v, []byte(singleFactorWord)) {
		return true
	}
	j := 0
	for _, c := range v {
		if c == ' ' || c == '-' {
			continue
		}
		if j >= len(singleFactorWord) || c|0x20 != singleFactorWord[j] {
			return false
		}
		j++
	}
	return j == len(singleFactorWord)
}

// code returns the event's error code and whether it has one.
func (ev *event) code() (int64, bool) {
	if ev.hasResult {
		return ev.resultCode, true
	}
	return ev.statusCode, ev.hasStatus
}

// reset clears ev for the next event, keeping nothing.
func (ev *event) reset() { *ev = event{} }
