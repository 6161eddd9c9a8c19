// Package report turns an audit.Result into what people read and what other
// programs consume:
//
//   - text.go: one screen for the practice owner (score, areas, what to do
//     first, counts), with ANSI colour only when asked for;
//   - markdown.go: the full report for tickets and wikis, from the executive
//     summary down to every finding and the evidence files read;
//   - json.go: the stable, versioned JSON report (schema_version), documented
//     field by field in docs/report-schema.md;
//   - html.go: the full report as one self-contained web page, from the
//     templates in templates/ (page, parts, SVG charts, style sheet), with
//     the chart geometry in charts.go and the framework tables in
//     frameworks.go;
//   - pdf.go: that page printed to PDF by headless Chromium (chromedp);
//   - csv.go: one spreadsheet row per finding subject, safe to open in Excel.
//
// docs/report-formats.md describes what each format holds.
//
// Write holds the one switch over formats. A new format is one Writer in its
// own file and one case in that switch.
//
// Writers are pure functions of the result: the same result always gives the
// same bytes. This package imports audit, the standard library and, for the
// PDF only, github.com/chromedp/chromedp. It never opens a network
// connection and never reads the clock, with one exception: the PDF writer
// starts a local Chromium process (talking to it over a pipe, loading the
// page from a temporary file), bounds it with a timeout, and gets back a PDF
// that Chromium stamps with the time it was made.
package report
