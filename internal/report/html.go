package report

import (
	"bytes"
	"embed"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
)

// HTMLWriter writes the full report as one self-contained web page: the same
// sections as the Markdown report, in the same order, with charts drawn as
// inline SVG. The page makes no request of its own (no scripts, fonts,
// images or style sheets from elsewhere; a Content-Security-Policy says so to
// the browser), prints well on paper, and is the page the PDF format prints.
//
// All text from the result goes through html/template, which escapes it for
// where it lands, so nothing in the evidence (an account's display name, a
// DNS record) can add markup.
type HTMLWriter struct {
	Output io.Writer
	// Top is how many actions and strengths the summary lists; 0 or less
	// means DefaultTop.
	Top int
}

//go:embed templates/report.html.tmpl templates/parts.html.tmpl templates/charts.html.tmpl templates/report.css
var templateFiles embed.FS

// reportCSS is the page's style sheet, inlined so the file stands alone.
var reportCSS = func() template.CSS {
	b, err := templateFiles.ReadFile("templates/report.css")
	if err != nil {
		panic(err) // embedded at build time
	}
	return template.CSS(b)
}()

// htmlTemplates is parsed once at start-up, so a broken template fails every
// test rather than one report at run time.
var htmlTemplates = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"signed": signed,
}).ParseFS(templateFiles, "templates/report.html.tmpl", "templates/parts.html.tmpl", "templates/charts.html.tmpl"))

// Write writes the report of r as HTML.
func (hw HTMLWriter) Write(r *audit.Result) error {
	page, err := renderHTML(r, hw.Top)
	if err != nil {
		return err
	}
	return output(hw.Output, FormatHTML, string(page))
}

// renderHTML is the page for r, shared by the HTML and PDF formats.
func renderHTML(r *audit.Result, top int) ([]byte, error) {
	if top <= 0 {
		top = DefaultTop
	}
	var b bytes.Buffer
	if err := htmlTemplates.Execute(&b, newHTMLView(r, top)); err != nil {
		return nil, &audit.Error{Code: audit.EInternal, Msg: "report: rendering the HTML report", Err: err}
	}
	return b.Bytes(), nil
}

// htmlView is everything the template shows, worked out in Go so that the
// template only lays it out.
type htmlView struct {
	Lang        string
	Name        string
	Country     string
	AsOf        string
	Generated   string
	ToolVersion string
	CSS         template.CSS
	Summary     summaryView
	Plan        []bandView
	Matrix      matrixChart
	Areas       []areaView
	NotChecked  []findingView
	Accepted    []findingView
	Frameworks  []frameworkTable
	Diff        *diffView
	About       aboutView
}

type countView struct {
	Status string
	Label  string
	N      int
}

// findingRef points at a finding from elsewhere in the report.
type findingRef struct {
	ID          string
	Title       string
	Anchor      string
	Status      string
	StatusLabel string
}

func newHTMLView(r *audit.Result, top int) htmlView {
	refs := findingRefs(r)
	closers := actionsByControl(r)
	v := htmlView{
		Lang: pageLang(r.Practice.Country), Name: practiceName(r.Practice), Country: r.Practice.Country,
		AsOf: r.AsOf, Generated: r.GeneratedAt, ToolVersion: r.ToolVersion, CSS: reportCSS,
		Summary:    newSummary(r, top, refs),
		Plan:       newPlan(r, refs),
		Matrix:     newMatrix(r.Findings),
		Areas:      newAreas(r, closers),
		Frameworks: frameworkTables(r, refs),
		Diff:       newDiffView(r, refs),
		About:      newAbout(r),
	}
	for _, f := range r.Findings {
		switch f.Status {
		case audit.NotChecked:
			v.NotChecked = append(v.NotChecked, newFindingView(f, closers[f.ControlID]))
		case audit.Accepted:
			v.Accepted = append(v.Accepted, newFindingView(f, closers[f.ControlID]))
		}
	}
	return v
}

// pageLang is the page's language, which screen readers use to pick a voice
// and browsers to hyphenate.
func pageLang(country string) string {
	switch strings.ToUpper(country) {
	case "AU":
		return "en-AU"
	case "US":
		return "en-US"
	}
	return "en"
}

func practiceName(p audit.PracticeRef) string {
	if p.Name == "" {
		return "Unnamed practice"
	}
	return p.Name
}

// anchorID makes a control id safe as an HTML id and URL fragment.
func anchorID(controlID string) string {
	var b strings.Builder
	b.WriteString("f-")
	for _, c := range controlID {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

func findingRefs(r *audit.Result) map[string]findingRef {
	refs := map[string]findingRef{}
	for _, f := range r.Findings {
		refs[f.ControlID] = findingRef{ID: f.ControlID, Title: f.Title, Anchor: anchorID(f.ControlID),
			Status: string(f.Status), StatusLabel: StatusLabel(f.Status)}
	}
	return refs
}

// ref returns the reference to a control, which may be missing from the
// findings (a diff against an older catalogue names controls since removed).
func ref(refs map[string]findingRef, id string) findingRef {
	if f, ok := refs[id]; ok {
		return f
	}
	return findingRef{ID: id}
}

// summaryView is the executive summary.
type summaryView struct {
	Score      int
	Rating     string
	Meaning    string
	Cap        string
	Coverage   int
	NotChecked int
	HasE8      bool
	E8Level    int
	Counts     []countView
	DiffLine   string
	Gauge      gaugeChart
	Bars       *barChart
	NotJudged  string // areas without a score, "Continuity, People"
	Strengths  []findingRef
	Top        []actionView
	More       int
}

func newSummary(r *audit.Result, top int, refs map[string]findingRef) summaryView {
	s := r.Scores
	c := counts(r)
	v := summaryView{
		Score: s.Overall, Rating: s.Rating, Meaning: ratingMeaning(s.Rating),
		Cap: strings.TrimSuffix(strings.TrimSpace(s.Cap), "."), Coverage: s.Coverage, NotChecked: c[audit.NotChecked],
		HasE8: len(r.EssentialEight) > 0, E8Level: r.E8Level,
		Gauge: newGauge(s.Overall, s.Rating),
	}
	for _, ci := range countItems(r) {
		v.Counts = append(v.Counts, countView{Status: string(ci.status), Label: statusWord(ci.status), N: c[ci.status]})
	}
	if r.Diff != nil {
		v.DiffLine = diffLine(r.Diff)
	}
	if areas := areaOrder(s.Areas); len(areas) > 0 {
		var rows []areaScore
		for _, a := range areas {
			rows = append(rows, areaScore{AreaTitle(a), s.Areas[a]})
		}
		b := newBars(rows)
		v.Bars = &b
	}
	v.NotJudged = strings.Join(unjudgedAreas(s.Areas), ", ")
	good := strengths(r)
	for _, f := range good[:min(len(good), top)] {
		v.Strengths = append(v.Strengths, refs[f.ControlID])
	}
	actions := rankedActions(r)
	for i, a := range actions[:min(len(actions), top)] {
		v.Top = append(v.Top, newActionView(a, i, refs))
	}
	v.More = max(0, len(actions)-top)
	return v
}

// ratingMeaning says in a sentence what the rating means for the practice.
func ratingMeaning(rating string) string {
	switch rating {
	case "Good":
		return "The basics are in place; keep them up and close the gaps below."
	case "Fair":
		return "Most basics are in place, but some gaps would make an attack easier or recovery slower."
	case "Poor":
		return "Important protections are missing; a common attack could succeed or take the practice offline."
	case "Critical":
		return "Several basic protections are missing; the practice is exposed to common attacks today."
	case "Not enough evidence":
		return "Too few controls could be judged to give a fair score; supply the evidence listed under Not checked."
	}
	return ""
}

// strengths are the passed controls, most important first.
func strengths(r *audit.Result) []audit.Finding {
	good := withStatus(r, audit.Pass)
	sort.SliceStable(good, func(i, j int) bool {
		if good[i].Risk != good[j].Risk {
			return good[i].Risk > good[j].Risk
		}
		return good[i].ControlID < good[j].ControlID
	})
	return good
}

// actionView is one action of the plan.
type actionView struct {
	Rank     int
	Title    string
	Why      string
	Band     string // for the colour of the card
	When     string // the band as an instruction: "Do now", "Within 30 days"
	Effort   string
	QuickWin bool
	Owner    string
	Closes   []findingRef
}

func newActionView(a audit.Action, i int, refs map[string]findingRef) actionView {
	when, _ := bandHeading(a.Band)
	v := actionView{Rank: rankOf(a, i), Title: a.Title, Why: a.Why, Band: string(a.Band), When: when, Effort: effortLabel(a.Effort), QuickWin: a.QuickWin, Owner: ownerLabel(a.Owner)}
	for _, id := range a.ControlIDs {
		v.Closes = append(v.Closes, ref(refs, id))
	}
	return v
}

// effortLabel puts the effort in words a practice owner can plan with.
func effortLabel(e audit.Effort) string {
	switch e {
	case audit.EffortHours:
		return "Hours"
	case audit.EffortDays:
		return "Days"
	case audit.EffortProject:
		return "Project"
	}
	return string(e)
}

// bandView is one time band of the action plan.
type bandView struct {
	Key     string
	Title   string
	Intro   string
	Actions []actionView
}

func newPlan(r *audit.Result, refs map[string]findingRef) []bandView {
	var out []bandView
	for i, a := range rankedActions(r) {
		if len(out) == 0 || out[len(out)-1].Key != string(a.Band) {
			title, intro := bandHeading(a.Band)
			out = append(out, bandView{Key: string(a.Band), Title: title, Intro: intro})
		}
		b := &out[len(out)-1]
		b.Actions = append(b.Actions, newActionView(a, i, refs))
	}
	return out
}

func bandHeading(b audit.Band) (title, intro string) {
	switch b {
	case audit.BandNow:
		return "Do now", "Serious and urgent: start this week."
	case audit.Band30d:
		return "Within 30 days", "High risk: plan it now and finish within a month."
	case audit.Band90d:
		return "Within 90 days", "Moderate risk: finish this quarter."
	case audit.BandLater:
		return "Later", "Lower risk or larger projects: put them in the budget and plan."
	}
	return "Band " + string(b), ""
}

// areaView is one area of the findings.
type areaView struct {
	Key      string
	Title    string
	Score    int
	HasScore bool
	// Findings are the gaps (fail, warn, accepted) and are shown in full.
	// Brief lists the rest in one table: passes, controls that do not
	// apply, and those not checked, whose steps to fix would presume a gap
	// nobody has seen (the Not checked section says what would settle
	// them). So a long catalogue stays a readable report.
	Findings []findingView
	Brief    []findingView
}

func newAreas(r *audit.Result, closers map[string]*audit.Action) []areaView {
	byArea := map[audit.Area][]audit.Finding{}
	for _, f := range r.Findings {
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
	var out []areaView
	for _, a := range append(areas, other...) {
		fs := byArea[a]
		if len(fs) == 0 {
			continue
		}
		sort.SliceStable(fs, func(i, j int) bool { return statusIndex(fs[i].Status) < statusIndex(fs[j].Status) })
		score, ok := r.Scores.Areas[a]
		v := areaView{Key: anchorID(string(a))[2:], Title: AreaTitle(a), Score: score, HasScore: ok}
		for _, f := range fs {
			fv := newFindingView(f, closers[f.ControlID])
			if f.Status == audit.Pass || f.Status == audit.NotApplicable || f.Status == audit.NotChecked {
				v.Brief = append(v.Brief, fv)
			} else {
				v.Findings = append(v.Findings, fv)
			}
		}
		out = append(out, v)
	}
	return out
}

// findingView is one finding in full.
type findingView struct {
	ID            string
	Anchor        string
	Title         string
	Area          string
	Status        string
	StatusLabel   string
	Risk          int
	Severity      string
	Urgency       []string
	Reason        string
	Answer        string
	Contradiction string
	Accepted      *acceptedView
	Subjects      []subjectView
	Why           string
	Remediation   []string
	Mappings      []mappingView
	Action        *actionRefView
}

type acceptedView struct {
	Owner  string
	Reason string
	Until  string
}

type mappingView struct {
	Name  string
	Items string
}

type actionRefView struct {
	Title     string
	BandLabel string
}

func newFindingView(f audit.Finding, closer *audit.Action) findingView {
	v := findingView{
		ID: f.ControlID, Anchor: anchorID(f.ControlID), Title: f.Title, Area: AreaTitle(f.Area),
		Status: string(f.Status), StatusLabel: StatusLabel(f.Status),
		Risk: f.Risk, Severity: string(f.Severity), Urgency: f.Urgency, Reason: f.Reason,
		Answer: f.Answer, Contradiction: f.Contradiction,
	}
	if a := f.Accepted; a != nil {
		v.Accepted = &acceptedView{Owner: a.Owner, Reason: a.Reason, Until: a.Until.String()}
	}
	for _, s := range f.Subjects {
		v.Subjects = append(v.Subjects, newSubjectView(s))
	}
	if f.Status.Open() {
		v.Why = f.Why
	}
	if f.Status != audit.Pass && f.Status != audit.NotApplicable {
		v.Remediation = f.Remediation
	}
	for _, id := range frameworkOrder(f.Mappings) {
		v.Mappings = append(v.Mappings, mappingView{Name: frameworkName(id), Items: strings.Join(f.Mappings[id], ", ")})
	}
	if closer != nil && f.Status.Open() {
		v.Action = &actionRefView{Title: closer.Title, BandLabel: bandLabel(closer.Band)}
	}
	return v
}

// subjectView is one subject with its evidence's provenance.
type subjectView struct {
	ID        string
	Kind      string
	Detail    string
	Location  string
	Collected string
	Hash      string
	FullHash  string
}

func newSubjectView(s audit.Subject) subjectView {
	v := subjectView{ID: s.ID, Kind: s.Kind, Detail: s.Detail}
	if src := s.Source; src != nil {
		v.Location = sourceLocation(src)
		if src.CollectedAt != nil {
			v.Collected = src.CollectedAt.UTC().Format(time.RFC3339)
		}
		v.Hash, v.FullHash = shortHash(src.SHA256), src.SHA256
	}
	return v
}

// sourceLocation is "file:line", "file path" or "path".
func sourceLocation(s *audit.Source) string {
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
	return loc
}

// diffView is the re-audit comparison.
type diffView struct {
	Previous      string
	PreviousScore int
	Score         int
	Change        int
	Trend         trendChart
	Groups        []diffGroup
}

type diffGroup struct {
	Title string
	Rows  []diffRow
}

type diffRow struct {
	Ref    findingRef
	Change string
}

func newDiffView(r *audit.Result, refs map[string]findingRef) *diffView {
	d := r.Diff
	if d == nil {
		return nil
	}
	prevLabel := d.PreviousAsOf
	if prevLabel == "" {
		prevLabel = "Previous audit"
	}
	curLabel := r.AsOf
	if curLabel == "" {
		curLabel = "This audit"
	}
	v := &diffView{Previous: d.PreviousAsOf, PreviousScore: r.Scores.Overall - d.ScoreChange, Score: r.Scores.Overall, Change: d.ScoreChange}
	v.Trend = newTrend([]trendPoint{{prevLabel, v.PreviousScore}, {curLabel, v.Score}})
	group := func(title string, ids []string, change string) {
		if len(ids) == 0 {
			return
		}
		g := diffGroup{Title: title}
		for _, id := range ids {
			g.Rows = append(g.Rows, diffRow{Ref: ref(refs, id), Change: change})
		}
		v.Groups = append(v.Groups, g)
	}
	group("Fixed", d.Fixed, "fixed")
	group("New", d.New, "new")
	group("Still failing", d.StillFailing, "still failing")
	if len(d.Changed) > 0 {
		g := diffGroup{Title: "Changed"}
		for _, c := range d.Changed {
			g.Rows = append(g.Rows, diffRow{Ref: ref(refs, c.ControlID), Change: statusWord(c.From) + " → " + statusWord(c.To)})
		}
		v.Groups = append(v.Groups, g)
	}
	return v
}

// aboutView is where the report came from.
type aboutView struct {
	ToolVersion    string
	CatalogVersion string
	AsOf           string
	Generated      string
	Schema         int
	Evidence       []audit.EvidenceFile
	Reference      *audit.ReferenceData
	Identity       *audit.IdentityJoin
}

func newAbout(r *audit.Result) aboutView {
	v := aboutView{ToolVersion: r.ToolVersion, CatalogVersion: r.CatalogVersion, AsOf: r.AsOf,
		Generated: r.GeneratedAt, Schema: r.SchemaVersion, Evidence: r.Evidence, Reference: r.ReferenceData, Identity: r.Identity}
	if v.Schema == 0 {
		v.Schema = audit.SchemaVersion
	}
	return v
}
