package report

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"triage/internal/audit"
)

// MarkdownWriter writes the full report for tickets and wikis: executive
// summary, action plan, findings by area, what was not checked, accepted
// risks, the Essential Eight, the comparison with the previous audit and
// where the evidence came from. Text from the result is escaped, so a pipe or
// a line break in evidence never breaks a table or a list.
type MarkdownWriter struct {
	Output io.Writer
	// Top is how many actions and strengths the summary lists; 0 or less
	// means DefaultTop.
	Top int
}

// Write writes the report of r.
func (mw MarkdownWriter) Write(r *audit.Result) error {
	top := mw.Top
	if top <= 0 {
		top = DefaultTop
	}
	m := &mdDoc{r: r, top: top}
	m.title()
	m.summary()
	m.plan()
	m.findings()
	m.notChecked()
	m.identity()
	m.accepted()
	m.essentialEight()
	m.comparison()
	m.about()
	return output(mw.Output, FormatMarkdown, strings.TrimRight(m.b.String(), "\n")+"\n")
}

type mdDoc struct {
	b   strings.Builder
	r   *audit.Result
	top int
}

func (m *mdDoc) f(format string, args ...any) { fmt.Fprintf(&m.b, format, args...) }

func (m *mdDoc) title() {
	r := m.r
	name := r.Practice.Name
	if name == "" {
		name = "unnamed practice"
	}
	m.f("# Cyber security audit — %s\n\n", esc(name))
	m.f("Practice: %s · As of: %s\n\n", esc(practiceLabel(r.Practice)), esc(r.AsOf))
}

func (m *mdDoc) summary() {
	r, s := m.r, m.r.Scores
	m.f("## Executive summary\n\n")
	m.f("**Overall: %d/100", s.Overall)
	if s.Rating != "" {
		m.f(" — %s", esc(s.Rating))
	}
	m.f(".**")
	if s.Cap != "" {
		m.f(" Held down: %s.", esc(strings.TrimSuffix(strings.TrimSpace(s.Cap), ".")))
	}
	m.f("\n\n")

	c := counts(r)
	m.f("- Coverage: %d%% of the controls that apply could be judged", s.Coverage)
	if n := c[audit.NotChecked]; n > 0 {
		m.f("; %d not checked (listed below)", n)
	}
	m.f(".\n")
	if len(r.EssentialEight) > 0 {
		m.f("- Essential Eight: Maturity Level %d.\n", r.E8Level)
	}
	var items []string
	for _, ci := range countItems(r) {
		items = append(items, ci.text)
	}
	m.f("- Findings: %s.\n", strings.Join(items, " · "))
	if r.Diff != nil {
		m.f("- %s\n", esc(diffLine(r.Diff)))
	}
	m.f("\n")

	if areas := areaOrder(s.Areas); len(areas) > 0 {
		m.f("| Area | Score |\n|---|---:|\n")
		for _, a := range areas {
			m.f("| %s | %d |\n", esc(AreaTitle(a)), s.Areas[a])
		}
		m.f("\n")
	}
	if nj := unjudgedAreas(s.Areas); len(nj) > 0 {
		m.f("Not scored, as nothing in them could be judged yet: %s.\n\n", esc(strings.Join(nj, ", ")))
	}

	m.f("### What the practice does well\n\n")
	good := strengths(r)
	if len(good) == 0 {
		m.f("No control passed yet.\n\n")
	} else {
		for _, f := range good[:min(len(good), m.top)] {
			m.f("- %s (%s)\n", esc(f.Title), esc(f.ControlID))
		}
		m.f("\n")
	}

	m.f("### Do these first\n\n")
	actions := rankedActions(r)
	if len(actions) == 0 {
		m.f("Nothing to fix: no control that could be judged failed or warned.\n\n")
		return
	}
	for i, a := range actions[:min(len(actions), m.top)] {
		m.f("%d. **%s** (%s).", rankOf(a, i), esc(a.Title), esc(actionMeta(a)))
		if a.Why != "" {
			m.f("\n   Why: %s", esc(a.Why))
		}
		m.f("\n")
	}
	if more := len(actions) - m.top; more > 0 {
		m.f("\n%d more in the action plan below.\n", more)
	}
	m.f("\n")
}

// actionMeta is "band · effort · quick win · owner".
func actionMeta(a audit.Action) string {
	var parts []string
	for _, p := range []string{bandLabel(a.Band), string(a.Effort), quickWin(a.QuickWin, "quick win", ""), ownerLabel(a.Owner)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

func quickWin(q bool, yes, no string) string {
	if q {
		return yes
	}
	return no
}

func (m *mdDoc) plan() {
	m.f("## Action plan\n\n")
	actions := rankedActions(m.r)
	if len(actions) == 0 {
		m.f("No actions: nothing that could be judged failed or warned.\n\n")
		return
	}
	m.f("| # | Action | Band | Effort | Quick win | Owner | Closes | Target date | Status |\n")
	m.f("|---:|---|---|---|---|---|---|---|---|\n")
	for i, a := range actions {
		m.f("| %d | %s | %s | %s | %s | %s | %s |  |  |\n", rankOf(a, i), esc(a.Title), esc(bandLabel(a.Band)),
			esc(string(a.Effort)), quickWin(a.QuickWin, "yes", "no"), esc(ownerLabel(a.Owner)),
			esc(strings.Join(a.ControlIDs, ", ")))
	}
	m.f("\n")
}

func (m *mdDoc) findings() {
	m.f("## Findings by area\n\n")
	byArea := map[audit.Area][]audit.Finding{}
	for _, f := range m.r.Findings {
		byArea[f.Area] = append(byArea[f.Area], f)
	}
	areas := append([]audit.Area(nil), audit.Areas...)
	var other []audit.Area
	for a := range byArea {
		if !a.Valid() {
			other = append(other, a)
		}
	}
	sort.Slice(other, func(i, j int) bool { return other[i] < other[j] })
	areas = append(areas, other...)
	if len(m.r.Findings) == 0 {
		m.f("No findings.\n\n")
		return
	}
	for _, a := range areas {
		fs := byArea[a]
		if len(fs) == 0 {
			continue
		}
		m.f("### %s", esc(AreaTitle(a)))
		if score, ok := m.r.Scores.Areas[a]; ok {
			m.f(" — %d/100", score)
		}
		m.f("\n\n")
		sort.SliceStable(fs, func(i, j int) bool { return statusIndex(fs[i].Status) < statusIndex(fs[j].Status) })
		for _, f := range fs {
			m.finding(f)
		}
	}
}

func (m *mdDoc) finding(f audit.Finding) {
	m.f("#### %s — %s\n\n", esc(f.ControlID), esc(f.Title))
	head := []string{"**" + StatusLabel(f.Status) + "**", "risk " + strconv.Itoa(f.Risk)}
	if f.Severity != "" {
		head = append(head, "severity "+esc(string(f.Severity)))
	}
	if len(f.Urgency) > 0 {
		head = append(head, "urgent: "+esc(strings.Join(f.Urgency, "; ")))
	}
	m.f("%s\n\n", strings.Join(head, " · "))
	if f.Reason != "" {
		m.f("%s\n\n", esc(f.Reason))
	}
	if f.Answer != "" {
		m.f("Answer given: %s\n\n", esc(f.Answer))
	}
	if f.Contradiction != "" {
		m.f("**Contradiction:** %s\n\n", esc(f.Contradiction))
	}
	if a := f.Accepted; a != nil {
		m.f("Accepted by %s until %s: %s\n\n", esc(a.Owner), a.Until, esc(a.Reason))
	}
	if len(f.Subjects) > 0 {
		m.f("Subjects:\n\n")
		for _, s := range f.Subjects {
			m.f("- %s\n", subjectLine(s))
		}
		m.f("\n")
	}
	if f.Status.Open() && f.Why != "" {
		m.f("Why it matters: %s\n\n", esc(f.Why))
	}
	if f.Status != audit.Pass && f.Status != audit.NotApplicable && len(f.Remediation) > 0 {
		m.f("How to fix it:\n\n")
		for i, step := range f.Remediation {
			m.f("%d. %s\n", i+1, esc(step))
		}
		m.f("\n")
	}
	if ids := frameworkOrder(f.Mappings); len(ids) > 0 {
		var parts []string
		for _, id := range ids {
			parts = append(parts, frameworkName(id)+" "+strings.Join(f.Mappings[id], ", "))
		}
		m.f("Mappings: %s\n\n", esc(strings.Join(parts, " · ")))
	}
}

// subjectLine is "id — detail (file:line or path, sha256 first 12, checked
// time)".
func subjectLine(s audit.Subject) string {
	line := esc(s.ID)
	if s.Detail != "" {
		line += " — " + esc(s.Detail)
	}
	if src := sourceText(s.Source); src != "" {
		line += " (" + esc(src) + ")"
	}
	return line
}

func sourceText(s *audit.Source) string {
	if s == nil {
		return ""
	}
	loc := s.File
	if s.File != "" && s.Line > 0 {
		loc += ":" + strconv.Itoa(s.Line)
	}
	if s.Path != "" {
		if loc != "" {
			loc += " "
		}
		loc += s.Path
	}
	var parts []string
	if loc != "" {
		parts = append(parts, loc)
	}
	if s.SHA256 != "" {
		parts = append(parts, "sha256 "+shortHash(s.SHA256))
	}
	if s.CollectedAt != nil {
		parts = append(parts, "checked "+s.CollectedAt.UTC().Format(time.RFC3339))
	}
	return strings.Join(parts, ", ")
}

func (m *mdDoc) notChecked() {
	m.f("## Not checked\n\n")
	rows := withStatus(m.r, audit.NotChecked)
	if len(rows) == 0 {
		m.f("Every control that applies was judged.\n\n")
		return
	}
	m.f("Triage had no evidence or answer to judge these controls. They count neither as passed nor as failed; supplying the evidence or answering the question settles them.\n\n")
	m.f("| Control | Title | Reason |\n|---|---|---|\n")
	for _, f := range rows {
		m.f("| %s | %s | %s |\n", esc(f.ControlID), esc(f.Title), esc(f.Reason))
	}
	m.f("\n")
}

// identity lists accounts that match nobody on the staff list: each is
// either a person missing from practice.yaml or a login nobody owns, and
// either way someone should say which.
func (m *mdDoc) identity() {
	j := m.r.Identity
	if j == nil {
		return
	}
	m.f("## Accounts and staff\n\n")
	m.f("%d of %d enabled accounts in the evidence belong to someone on the staff list (%d people).", j.Matched, j.Accounts, j.People)
	if len(j.Unmatched) == 0 {
		m.f("\n\n")
		return
	}
	m.f(" These match no one: add the person to practice.yaml (with `accounts` for other sign-in names), or disable the account if nobody owns it.\n\n")
	for _, s := range j.Unmatched {
		m.f("- %s\n", subjectLine(s))
	}
	m.f("\n")
}

func (m *mdDoc) accepted() {
	m.f("## Accepted risks\n\n")
	rows := withStatus(m.r, audit.Accepted)
	if len(rows) == 0 {
		m.f("None.\n\n")
		return
	}
	m.f("| Control | Title | Owner | Reason | Until |\n|---|---|---|---|---|\n")
	for _, f := range rows {
		owner, reason, until := "", "", ""
		if a := f.Accepted; a != nil {
			owner, reason, until = a.Owner, a.Reason, a.Until.String()
		}
		m.f("| %s | %s | %s | %s | %s |\n", esc(f.ControlID), esc(f.Title), esc(owner), esc(reason), esc(until))
	}
	m.f("\n")
}

func (m *mdDoc) essentialEight() {
	if len(m.r.EssentialEight) == 0 {
		return
	}
	m.f("## Essential Eight\n\n")
	m.f("Overall: Maturity Level %d. A strategy reaches a level only when every requirement of that level and the ones below is met; requirements that could not be judged count as not met.\n\n", m.r.E8Level)
	m.f("| Strategy | Level | Gaps | Not judged |\n|---|---:|---|---|\n")
	for _, id := range e8Order(m.r.EssentialEight) {
		s := m.r.EssentialEight[id]
		m.f("| %s | %d | %s | %s |\n", esc(e8Name(id)), s.Level, esc(listOrDash(s.Gaps)), esc(listOrDash(s.Unknown)))
	}
	m.f("\n")
}

func listOrDash(items []string) string {
	if len(items) == 0 {
		return "—"
	}
	return strings.Join(items, "; ")
}

func (m *mdDoc) comparison() {
	d := m.r.Diff
	if d == nil {
		return
	}
	m.f("## Re-audit comparison\n\n")
	prev := "the previous audit"
	if d.PreviousAsOf != "" {
		prev = "the audit as of " + d.PreviousAsOf
	}
	m.f("Compared with %s: overall score %s (%d → %d).\n\n", esc(prev), signed(d.ScoreChange),
		m.r.Scores.Overall-d.ScoreChange, m.r.Scores.Overall)
	type row struct{ id, change string }
	var rows []row
	for _, id := range d.Fixed {
		rows = append(rows, row{id, "fixed"})
	}
	for _, id := range d.New {
		rows = append(rows, row{id, "new"})
	}
	for _, id := range d.StillFailing {
		rows = append(rows, row{id, "still failing"})
	}
	for _, c := range d.Changed {
		rows = append(rows, row{c.ControlID, statusWord(c.From) + " → " + statusWord(c.To)})
	}
	if len(rows) == 0 {
		m.f("No control changed status.\n\n")
		return
	}
	m.f("| Control | Title | Change |\n|---|---|---|\n")
	for _, rw := range rows {
		title := ""
		if f, ok := m.r.Finding(rw.id); ok {
			title = f.Title
		}
		m.f("| %s | %s | %s |\n", esc(rw.id), esc(title), esc(rw.change))
	}
	m.f("\n")
}

func (m *mdDoc) about() {
	r := m.r
	m.f("## About this report\n\n")
	if r.ToolVersion != "" {
		m.f("- Triage version: %s\n", esc(r.ToolVersion))
	}
	if r.CatalogVersion != "" {
		m.f("- Control catalogue version: %s\n", esc(r.CatalogVersion))
	}
	m.f("- Evidence as of: %s\n", esc(r.AsOf))
	if r.GeneratedAt != "" {
		m.f("- Generated: %s\n", esc(r.GeneratedAt))
	}
	v := r.SchemaVersion
	if v == 0 {
		v = audit.SchemaVersion
	}
	m.f("- Report schema version: %d (the JSON report, `--format json`, carries every detail)\n", v)
	if rd := r.ReferenceData; rd != nil {
		m.f("- Reference data of %s: CISA Known Exploited Vulnerabilities catalogue %s (%d entries, released %s) and endoflife.date lifecycles of %s\n",
			esc(rd.DataDate), esc(rd.KEVCatalogVersion), rd.KEVCount, esc(rd.KEVReleased), esc(rd.LifecycleDate))
	}
	m.f("\n")
	if len(r.Evidence) == 0 {
		m.f("No evidence files were read; the findings rest on the questionnaire and live checks.\n")
		return
	}
	m.f("| Evidence file | Kind | Facts | SHA-256 |\n|---|---|---:|---|\n")
	for _, e := range r.Evidence {
		facts := "—"
		if e.Facts > 0 {
			facts = strconv.Itoa(e.Facts)
		}
		m.f("| %s | %s | %s | %s |\n", esc(e.File), esc(e.Kind), facts, esc(e.SHA256))
	}
}

// esc makes text from the result safe anywhere inline: in a paragraph, a
// heading, a list item or a table cell. Characters Markdown would read as
// formatting are backslash-escaped (an underscore only where it could start
// or end emphasis, so snake_case stays readable), line breaks become <br> so
// that text stays inside its table cell or list item, and text that would
// open a heading, a list or a rule at the start of a line is escaped too.
func esc(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch c {
		case '\\', '`', '*', '[', ']', '<', '>', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(c)
		case '_':
			if i > 0 && i+1 < len(rs) && isWordRune(rs[i-1]) && isWordRune(rs[i+1]) {
				b.WriteRune(c)
			} else {
				b.WriteString("\\_")
			}
		case '\r':
			if i+1 < len(rs) && rs[i+1] == '\n' {
				i++
			}
			b.WriteString("<br>")
		case '\n':
			b.WriteString("<br>")
		default:
			b.WriteRune(c)
		}
	}
	return escLineStart(b.String())
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// escLineStart escapes a leading #, -, + or "1." that would open a heading,
// a list or a rule.
func escLineStart(s string) string {
	if s == "" {
		return s
	}
	opens := func(i int) bool { return i >= len(s) || s[i] == ' ' || s[i] == '\t' }
	switch s[0] {
	case '#', '-', '+':
		if opens(1) || s[1] == s[0] {
			return "\\" + s
		}
		return s
	}
	digits := 0
	for digits < len(s) && digits < 9 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits > 0 && digits < len(s) && (s[digits] == '.' || s[digits] == ')') && opens(digits+1) {
		return s[:digits] + "\\" + s[digits:]
	}
	return s
}
