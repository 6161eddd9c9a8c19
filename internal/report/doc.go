// Package report turns an audit.Result into what people read and what other
// programs consume:
//
//   - text.go: one screen for the practice owner (score, areas, what to do
//     first, counts), with ANSI colour only when asked for;
//   - markdown.go: the full report for tickets and wikis, from the executive
//     summary down to every finding and the evidence files read;
//   - json.go: the stable, versioned JSON report (schema_version), documented
//     field by field in docs/report-schema.md.
//
// Write holds the one switch over formats. A new format is one Writer in its
// own file and one case in that switch.
//
// Writers are pure functions of the result: the same result always gives the
// same bytes. This package imports only audit and the standard library; it
// never opens a network connection and never reads the clock.
package report
