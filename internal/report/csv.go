package report

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"triage/internal/audit"
)

// CSVWriter writes the findings as a spreadsheet: one row per subject of a
// finding (a finding without subjects gets one row), so an IT provider can
// sort, filter and tick off accounts and devices one by one.
//
// Records end in "\n", not "\r\n": spreadsheet programs read both, and
// scripts (awk, grep, diff) handle "\n" better. The text is UTF-8 without a
// byte-order mark. Every cell that a spreadsheet would read as a formula is
// defused with a leading apostrophe; see excelSafe. The columns are csvHeader,
// documented in docs/report-formats.md.
type CSVWriter struct {
	Output io.Writer
}

// csvHeader names the columns, in order. Enumerations (status, severity,
// band, owner, subject_kind) are written as the JSON report writes them so
// that a filter on them is stable across versions.
var csvHeader = []string{
	"control_id", "area", "title", "status", "severity", "risk",
	"band", "action", "owner",
	"subject_kind", "subject_id", "subject_detail",
	"source_file", "source_line", "source_path", "source_sha256",
	"reason", "remediation",
}

// Write writes the findings of r, in the result's order (catalogue order),
// each finding's subjects in their order.
func (cw CSVWriter) Write(r *audit.Result) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	rows := [][]string{csvHeader}
	actions := actionsByControl(r)
	for _, f := range r.Findings {
		rows = append(rows, csvRows(f, actions[f.ControlID])...)
	}
	for _, row := range rows {
		for i := range row {
			row[i] = excelSafe(row[i])
		}
	}
	if err := w.WriteAll(rows); err != nil {
		return &audit.Error{Code: audit.EInternal, Msg: "report: encoding the CSV report", Err: err}
	}
	return output(cw.Output, FormatCSV, b.String())
}

// csvRows returns the rows of one finding: the columns shared by all of its
// subjects, then each subject's own.
func csvRows(f audit.Finding, a *audit.Action) [][]string {
	shared := []string{f.ControlID, string(f.Area), f.Title, string(f.Status), string(f.Severity), strconv.Itoa(f.Risk)}
	if a != nil {
		shared = append(shared, string(a.Band), a.Title, string(a.Owner))
	} else {
		shared = append(shared, "", "", "")
	}
	tail := []string{f.Reason, strings.Join(f.Remediation, " / ")}
	subjects := f.Subjects
	if len(subjects) == 0 {
		subjects = []audit.Subject{{}}
	}
	var rows [][]string
	for _, s := range subjects {
		row := append(append([]string(nil), shared...), subjectCells(s)...)
		rows = append(rows, append(row, tail...))
	}
	return rows
}

// subjectCells are subject_kind to source_sha256; all empty for a finding
// without subjects.
func subjectCells(s audit.Subject) []string {
	cells := []string{s.Kind, s.ID, s.Detail, "", "", "", ""}
	if src := s.Source; src != nil {
		cells[3] = src.File
		if src.Line > 0 {
			cells[4] = strconv.Itoa(src.Line)
		}
		cells[5] = src.Path
		cells[6] = src.SHA256
	}
	return cells
}

// actionsByControl maps each control id to the action that closes it. A
// control named by two actions keeps the first in plan order.
func actionsByControl(r *audit.Result) map[string]*audit.Action {
	out := map[string]*audit.Action{}
	ranked := rankedActions(r)
	for i := range ranked {
		for _, id := range ranked[i].ControlIDs {
			if _, ok := out[id]; !ok {
				out[id] = &ranked[i]
			}
		}
	}
	return out
}

// excelSafe defuses formula injection: Excel, LibreOffice and Google Sheets
// run a cell that starts with =, +, - or @ as a formula (tab and carriage
// return can hide such a start), and evidence such as an account's display
// name is written by whoever controls it. A leading apostrophe makes the
// spreadsheet show the cell as text. This follows the OWASP advice for CSV
// injection; the cost is a visible apostrophe in programs that do not hide
// it.
func excelSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
