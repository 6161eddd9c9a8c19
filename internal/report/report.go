package report

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
)

// The report formats Write accepts.
const (
	FormatText     = "text"
	FormatJSON     = "json"
	FormatMarkdown = "md"
	FormatHTML     = "html"
	FormatPDF      = "pdf"
	FormatCSV      = "csv"
)

// DefaultTop is how many actions the summaries list when Options.Top is not
// set.
const DefaultTop = 5

// Formats lists the formats Write accepts, in the order a user would try them.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatMarkdown, FormatHTML, FormatPDF, FormatCSV}
}

// Options tune how a report is written. The zero value is ready to use.
type Options struct {
	// Color turns on ANSI colours in the text format. Set it only when the
	// output is a terminal; no other format uses it.
	Color bool
	// Top is how many actions the summary lists; 0 or less means DefaultTop.
	Top int
	// Chromium is the browser the PDF format prints with. Empty means the
	// TRIAGE_CHROMIUM environment variable, else chromium, chromium-browser
	// or google-chrome on PATH; see FindChromium.
	Chromium string
	// Timeout bounds the PDF format, browser start included, so a hung
	// browser cannot hang the caller; 0 or less means DefaultPDFTimeout.
	Timeout time.Duration
}

func (o Options) top() int {
	if o.Top <= 0 {
		return DefaultTop
	}
	return o.Top
}

// Writer writes one audit result in one format to its output.
type Writer interface {
	Write(r *audit.Result) error
}

// Write writes r to w in the named format. An unknown format is an EInvalid
// error that lists the known ones.
func Write(w io.Writer, format string, r *audit.Result, opts Options) error {
	var wr Writer
	switch format {
	case FormatText:
		wr = TextWriter{Output: w, Color: opts.Color, Top: opts.top()}
	case FormatJSON:
		wr = JSONWriter{Output: w}
	case FormatMarkdown:
		wr = MarkdownWriter{Output: w, Top: opts.top()}
	case FormatHTML:
		wr = HTMLWriter{Output: w, Top: opts.top()}
	case FormatPDF:
		wr = PDFWriter{Output: w, Top: opts.top(), Chromium: opts.Chromium, Timeout: opts.Timeout}
	case FormatCSV:
		wr = CSVWriter{Output: w}
	default:
		return &audit.Error{Code: audit.EInvalid,
			Msg: fmt.Sprintf("unknown report format %q: use one of %s", format, strings.Join(Formats(), ", "))}
	}
	if r == nil {
		return &audit.Error{Code: audit.EInternal, Msg: "report: there is no audit result to write"}
	}
	return wr.Write(r)
}

// output writes a finished report in one go, so that a failed write is
// reported once and never leaves half a report unexplained.
func output(w io.Writer, format, s string) error {
	if _, err := io.WriteString(w, s); err != nil {
		return fmt.Errorf("report: writing the %s report: %w", format, err)
	}
	return nil
}

// Words shared by the writers. Unknown values are shown as they are, so a
// newer engine never makes a report fail.

func bandLabel(b audit.Band) string {
	switch b {
	case audit.BandNow:
		return "now"
	case audit.Band30d:
		return "30 days"
	case audit.Band90d:
		return "90 days"
	case audit.BandLater:
		return "later"
	}
	return string(b)
}

func ownerLabel(o audit.Owner) string {
	switch o {
	case audit.OwnerProvider:
		return "IT provider"
	case audit.OwnerPractice:
		return "practice"
	}
	return string(o)
}

// statusWord is the lower-case word used in counts ("3 not checked").
func statusWord(s audit.Status) string {
	return strings.ReplaceAll(string(s), "_", " ")
}

// StatusLabel is the capitalised label shown next to one finding, in every
// report and on the web pages.
func StatusLabel(s audit.Status) string {
	switch s {
	case audit.Fail:
		return "Fail"
	case audit.Warn:
		return "Warning"
	case audit.Pass:
		return "Pass"
	case audit.Accepted:
		return "Accepted risk"
	case audit.NotChecked:
		return "Not checked"
	case audit.NotApplicable:
		return "Not applicable"
	}
	return string(s)
}

func statusIndex(s audit.Status) int {
	for i, v := range audit.Statuses {
		if v == s {
			return i
		}
	}
	return len(audit.Statuses)
}

// AreaTitle is an area's heading, as reports and web pages show it.
func AreaTitle(a audit.Area) string {
	s := string(a)
	if s == "" {
		return "Other"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// e8Strategies are the Essential Eight mitigation strategies in ASD's order,
// with the names ASD uses.
var e8Strategies = []struct{ id, name string }{
	{"application_control", "Application control"},
	{"patch_applications", "Patch applications"},
	{"office_macros", "Configure Microsoft Office macro settings"},
	{"user_app_hardening", "User application hardening"},
	{"restrict_admin", "Restrict administrative privileges"},
	{"patch_os", "Patch operating systems"},
	{"mfa", "Multi-factor authentication"},
	{"regular_backups", "Regular backups"},
}

// e8Order returns the strategies of m in ASD's order, then any others sorted.
func e8Order(m map[string]audit.E8Strategy) []string {
	var ids []string
	known := map[string]bool{}
	for _, s := range e8Strategies {
		known[s.id] = true
		if _, ok := m[s.id]; ok {
			ids = append(ids, s.id)
		}
	}
	var rest []string
	for id := range m {
		if !known[id] {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	return append(ids, rest...)
}

func e8Name(id string) string {
	for _, s := range e8Strategies {
		if s.id == id {
			return s.name
		}
	}
	return id
}

// frameworks names the frameworks that findings map to, Australian ones
// first.
var frameworks = []struct{ id, name string }{
	{"e8", "Essential Eight"},
	{"racgp", "RACGP"},
	{"hipaa", "HIPAA"},
	{"hph", "HPH CPG"},
	{"hicp", "HICP"},
	{"cis", "CIS Controls"},
	{"csf", "NIST CSF"},
}

// frameworkOrder returns the keys of m in report order.
func frameworkOrder(m map[string][]string) []string {
	var ids []string
	known := map[string]bool{}
	for _, f := range frameworks {
		known[f.id] = true
		if len(m[f.id]) > 0 {
			ids = append(ids, f.id)
		}
	}
	var rest []string
	for id, reqs := range m {
		if !known[id] && len(reqs) > 0 {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	return append(ids, rest...)
}

func frameworkName(id string) string {
	for _, f := range frameworks {
		if f.id == id {
			return f.name
		}
	}
	return strings.ToUpper(id)
}

// areaOrder returns the areas scored in m in report order, then any others
// sorted.
// unjudgedAreas lists, in report order, the areas with no score because
// none of their controls could be judged.
func unjudgedAreas(m map[audit.Area]int) []string {
	var out []string
	for _, a := range audit.Areas {
		if _, ok := m[a]; !ok {
			out = append(out, AreaTitle(a))
		}
	}
	return out
}

func areaOrder(m map[audit.Area]int) []audit.Area {
	var out []audit.Area
	for _, a := range audit.Areas {
		if _, ok := m[a]; ok {
			out = append(out, a)
		}
	}
	var rest []audit.Area
	for a := range m {
		if !a.Valid() {
			rest = append(rest, a)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i] < rest[j] })
	return append(out, rest...)
}

// counts returns the number of findings per status, from the result's counts
// or, when the result carries none, from its findings.
func counts(r *audit.Result) map[audit.Status]int {
	if r.Counts != nil {
		return r.Counts
	}
	c := map[audit.Status]int{}
	for _, f := range r.Findings {
		c[f.Status]++
	}
	return c
}

// withStatus returns the findings with status s, in result order.
func withStatus(r *audit.Result, s audit.Status) []audit.Finding {
	var out []audit.Finding
	for _, f := range r.Findings {
		if f.Status == s {
			out = append(out, f)
		}
	}
	return out
}

// countItems lists the counts in report order: fail, warn and pass always,
// the others only when there are any.
func countItems(r *audit.Result) []countItem {
	c := counts(r)
	var out []countItem
	for _, s := range audit.Statuses {
		if c[s] == 0 && !s.Decided() {
			continue
		}
		out = append(out, countItem{s, fmt.Sprintf("%d %s", c[s], statusWord(s))})
	}
	return out
}

type countItem struct {
	status audit.Status
	text   string
}

// rankedActions returns the actions in plan order: by band, then by rank.
func rankedActions(r *audit.Result) []audit.Action {
	out := append([]audit.Action(nil), r.Actions...)
	sort.SliceStable(out, func(i, j int) bool {
		bi, bj := out[i].Band.Rank(), out[j].Band.Rank()
		if bi != bj {
			return bi < bj
		}
		return out[i].Rank < out[j].Rank
	})
	return out
}

func rankOf(a audit.Action, i int) int {
	if a.Rank > 0 {
		return a.Rank
	}
	return i + 1
}

func practiceLabel(p audit.PracticeRef) string {
	name := p.Name
	if name == "" {
		name = "unnamed practice"
	}
	if p.Country != "" {
		name += " (" + p.Country + ")"
	}
	return name
}

func signed(n int) string {
	if n > 0 {
		return "+" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// diffLine is the one-line summary of a re-audit.
func diffLine(d *audit.Diff) string {
	since := "Since the previous audit"
	if d.PreviousAsOf != "" {
		since = "Since " + d.PreviousAsOf
	}
	score := "score unchanged"
	if d.ScoreChange != 0 {
		score = "score " + signed(d.ScoreChange)
	}
	return fmt.Sprintf("%s: %s, %d fixed, %d new, %d still failing.",
		since, score, len(d.Fixed), len(d.New), len(d.StillFailing))
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
