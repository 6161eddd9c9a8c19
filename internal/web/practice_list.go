package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"triage/internal/store"
)

// practicesPerPage is how many practices one page of the list shows.
const practicesPerPage = 50

type practiceListView struct {
	Query     string
	Sort      string
	Sorts     []sortOption
	Practices []template.HTML // drawn rows (drawRow)
	// Page is 1-based; Pages is at least 1. First and Last number the rows
	// shown (1-based), Total counts every practice that matches.
	Page, Pages        int
	First, Last, Total int
	PrevURL, NextURL   string
}

type sortOption struct{ Value, Label string }

// practiceRow is one practice of the list, as the "practice_row" template
// draws it (drawRow keeps what it drew).
type practiceRow struct {
	ID            int64
	Name, Country string
	Latest        *store.AuditSummary
	Trend         *trendView // nil before a second audit
}

// trendView is a practice's recent scores as a small line chart (an SVG
// polyline's points in a sparkWidth by sparkHeight box) and the change in
// score since the audit before the latest.
type trendView struct {
	Points   string
	Label    string // the scores in words, for screen readers
	Change   int
	PrevAsOf string
}

const sparkWidth, sparkHeight = 64, 20

// newTrend lays out the trend of a score history (oldest first); nil for
// fewer than two audits.
func newTrend(h []store.ScorePoint) *trendView {
	if len(h) < 2 {
		return nil
	}
	const pad = 2.0
	var pts, scores []string
	for i, p := range h {
		x := pad + float64(i)*(sparkWidth-2*pad)/float64(len(h)-1)
		y := sparkHeight - pad - float64(min(max(p.Score, 0), 100))*(sparkHeight-2*pad)/100
		pts = append(pts, strconv.FormatFloat(x, 'f', 1, 64)+","+strconv.FormatFloat(y, 'f', 1, 64))
		scores = append(scores, strconv.Itoa(p.Score))
	}
	last, prev := h[len(h)-1], h[len(h)-2]
	return &trendView{Points: strings.Join(pts, " "),
		Label:  "Scores of the last " + strconv.Itoa(len(h)) + " audits, oldest first: " + strings.Join(scores, ", "),
		Change: last.Score - prev.Score, PrevAsOf: prev.AsOf}
}

var practiceSorts = []sortOption{
	{string(store.SortName), "Name"},
	{string(store.SortScore), "Lowest score first"},
	{string(store.SortLastAudit), "Longest since audit first"},
	{string(store.SortOpenNow), "Most open \u201cdo now\u201d actions first"},
}

// practiceList is the provider's overview: the practices with their latest
// score, Essential Eight level, open "now" actions and last audit date,
// practicesPerPage at a time. The page, search and order are plain query
// parameters, so paging works without JavaScript.
func (s *Server) practiceList(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	sort := r.URL.Query().Get("sort")
	known := false
	for _, o := range practiceSorts {
		known = known || o.Value == sort
	}
	if !known {
		sort = string(store.SortName)
	}
	pg, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || pg < 1 {
		pg = 1
	}
	const maxPage = 1 << 20 // keeps the offset well inside an int
	pg = min(pg, maxPage)
	list, total, err := s.st.PracticesPage(r.Context(), tenant(r), q, store.PracticeSort(sort), practicesPerPage, (pg-1)*practicesPerPage)
	if err != nil {
		return err
	}
	pages := max(1, (total+practicesPerPage-1)/practicesPerPage)
	if pg > pages {
		// Past the end (an old link, or fewer practices now): show the last page.
		pg = pages
		list, total, err = s.st.PracticesPage(r.Context(), tenant(r), q, store.PracticeSort(sort), practicesPerPage, (pg-1)*practicesPerPage)
		if err != nil {
			return err
		}
	}
	v := practiceListView{Query: q, Sort: sort, Sorts: practiceSorts, Page: pg, Pages: pages, Total: total}
	for _, p := range list {
		row, err := s.drawRow(p)
		if err != nil {
			return err
		}
		v.Practices = append(v.Practices, row)
	}
	if len(list) > 0 {
		v.First = (pg-1)*practicesPerPage + 1
		v.Last = v.First + len(list) - 1
	}
	if pg > 1 {
		v.PrevURL = practiceListURL(q, sort, pg-1)
	}
	if pg < pages {
		v.NextURL = practiceListURL(q, sort, pg+1)
	}
	s.render(w, r, http.StatusOK, "practices", page{Title: "Practices", Tab: "practices", Data: v})
	return nil
}

// drawRow is one practice's row of the list, from the row cache when the
// row was drawn before with exactly the same data.
func (s *Server) drawRow(p store.PracticeSummary) (template.HTML, error) {
	key := rowKey(p)
	if h, ok := listRows.get(key); ok {
		return h, nil
	}
	var b strings.Builder
	row := practiceRow{ID: p.ID, Name: p.Name, Country: p.Country, Latest: p.Latest, Trend: newTrend(p.History)}
	if err := s.pages["practices"].ExecuteTemplate(&b, "practice_row", row); err != nil {
		return "", fmt.Errorf("web: drawing the row of practice %d: %w", p.ID, err)
	}
	h := template.HTML(b.String())
	listRows.put(key, h)
	return h, nil
}

// rowKey is everything a practice's row shows, so a cached row is used only
// when it would be drawn the same. (Server-wide data such as the template
// cannot change while the server runs.)
func rowKey(p store.PracticeSummary) string {
	k := fmt.Sprintf("%d\x00%s\x00%s\x00%v", p.ID, p.Name, p.Country, p.History)
	if a := p.Latest; a != nil {
		k += fmt.Sprintf("\x00%d %s %d %s %d %d", a.ID, a.AsOf, a.Score, a.Rating, a.E8Level, a.OpenNowActions)
	}
	return k
}

// listRows caches drawn rows of the practice list. A provider's list is
// read far more often than its rows change, and drawing 50 rows through
// html/template (every value looked up and escaped by reflection) was half
// of the list's CPU on PostgreSQL. The key holds every value the row shows,
// so a row is never stale, and rows of practices the viewer cannot see are
// never looked up: the store lists the page first, as the viewer.
var listRows = &rowCache{rows: map[string]template.HTML{}}

// maxCachedRows bounds the cache; when full it starts again empty, which is
// cheap and rare (it holds the rows of 8,000 practices).
const maxCachedRows = 8192

type rowCache struct {
	mu   sync.Mutex
	rows map[string]template.HTML
}

func (c *rowCache) get(key string) (template.HTML, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.rows[key]
	return h, ok
}

func (c *rowCache) put(key string, h template.HTML) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.rows) >= maxCachedRows {
		clear(c.rows)
	}
	c.rows[key] = h
}

// practiceListURL is a page of the list with the same search and order.
func practiceListURL(q, sort string, pg int) string {
	v := url.Values{}
	if q != "" {
		v.Set("q", q)
	}
	if sort != string(store.SortName) {
		v.Set("sort", sort)
	}
	if pg > 1 {
		v.Set("page", strconv.Itoa(pg))
	}
	if len(v) == 0 {
		return "/practices"
	}
	return "/practices?" + v.Encode()
}
