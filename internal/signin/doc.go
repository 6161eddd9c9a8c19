// Package signin reads Microsoft Entra ID sign-in logs as a stream and
// sums them up per user: the last successful sign-in, how many successful
// sign-ins needed only a password, how many came from legacy mail clients,
// and the most distinct devices the user signed in from on one day.
//
// Sign-in logs are the largest evidence a practice hands over (a small
// tenant writes hundreds of thousands of events a month), so this is
// Triage's hot path. Files are read once, front to back, and never held
// whole: memory grows with the number of distinct users, days and devices,
// not with the number of events or the size of the file (a few tens of
// megabytes of buffers, and no event may exceed 16 MB). JSON is parsed by
// hand, keeping only the dozen fields the aggregates need, because
// decoding every event into Go values costs several times more than the
// whole analysis. Nested values that are not needed (locations,
// Conditional Access policies) are skipped by matching brackets without
// checking what is inside; everything that is read is checked. With more
// than one CPU the JSON reader cuts the stream into chunks at guessed event
// boundaries and parses them in parallel, then checks every guess in order
// and re-reads what was guessed wrong, so the result is always exactly what
// reading front to back gives (parallel.go explains).
//
// Files:
//   - signin.go: Read, Detect, Summary and User
//   - event.go: the fields kept per event; legacy clients; single factor
//   - aggregate.go: per-user totals, devices per day, merging
//   - scan.go: the JSON scanner; fields.go: reading an event's members
//   - json.go: the structure around events (lists, pages, JSON Lines)
//   - stream.go: the sequential reader; parallel.go: the parallel one
//   - csv.go: the portal CSV exports; timeparse.go: the time forms
//   - utf16.go: UTF-16 input, as Windows PowerShell writes it
//
// # Formats
//
//   - Microsoft Graph auditLogs/signIns (v1.0 or beta), camelCase: one
//     response {"value": [...]}, a bare array of events, an array of
//     response pages, JSON Lines of events or of pages, and the PascalCase
//     output of the Graph PowerShell SDK (dates like "/Date(1647536088205)/").
//   - Log Analytics SigninLogs and AADNonInteractiveUserSignInLogs rows as
//     JSON (PascalCase columns; ResultType is a string; DeviceDetail,
//     Status and MfaDetail may be objects or JSON held in strings).
//   - The Log Analytics portal's "Export to CSV" of those tables (time
//     columns end in " [UTC]", dynamic columns come as X_dynamic and
//     X_string, JSON sits in quoted cells across lines, times look like
//     "4/28/2021, 2:08:45.221 PM").
//   - The Entra admin centre's sign-in "Download" CSV ("Date (UTC)",
//     "Username", "Sign-in error code", "Client app", "Device ID", ...).
//
// Keys are matched without regard to case, so Graph's camelCase, the
// SDK's and Log Analytics' PascalCase are one reader. UTF-8 (with or
// without a byte-order mark) and UTF-16 with a mark are read.
//
// # What is counted
//
//   - A sign-in succeeded when its error code (status.errorCode, ResultType,
//     "Sign-in error code") is 0. Every other code is a failure. The time
//     is createdDateTime (TimeGenerated when there is none), in UTC.
//   - Users are keyed by the user principal name, lower-cased. Events with no
//     user principal name (service principals, managed identities) are
//     skipped and counted with that reason, so every event is accounted for.
//   - Single-factor: a successful sign-in whose authenticationRequirement is
//     singleFactorAuthentication. Where a format has no
//     authenticationRequirement but gives an MFA detail (Graph beta
//     mfaDetail, Log Analytics MfaDetail, the download's "Multifactor
//     authentication auth method"), a sign-in with no MFA method counts as
//     single-factor. With neither, the factor is unknown and not counted
//     (Summary.FactorUnknown says how many).
//   - Legacy authentication: a sign-in whose clientAppUsed is one of
//     LegacyClients, the clients Microsoft groups as "legacy authentication
//     clients" (Exchange ActiveSync and "Other clients": SMTP, IMAP, POP,
//     MAPI, EWS, Autodiscover, OAB, RPC, Outlook Service, Exchange Online
//     PowerShell and Reporting Web Services with basic authentication).
//     Browser and "Mobile Apps and Desktop clients" are modern. Successful
//     ones are counted in User.Legacy, failed ones in User.LegacyFailed (a
//     password spray against IMAP is not use).
//   - Devices: a successful sign-in's device is deviceDetail.deviceId when
//     set (registered and joined devices), else deviceDetail.displayName,
//     else operating system + browser + IP address. The fallback splits one
//     phone roaming between networks into several "devices" and joins two
//     identical unregistered computers behind one office address, so counts
//     for unregistered devices are an estimate. Days are calendar days in
//     Options.Location (UTC by default).
//
// Any problem (cut-off JSON, a bad date, a wrong CSV separator, a field of
// the wrong type) fails the whole read with an *audit.Error naming the file
// and line: a summary of part of a log would understate what it shows.
//
// It imports audit and the standard library only.
package signin
