package web

import (
	"bytes"
	"container/list"
	"fmt"
	"html/template"
	"sync"
	"sync/atomic"
	"time"

	"triage/internal/audit"
	"triage/internal/engine"
	"triage/internal/store"
)

// resultCacheSize bounds the decoded audit results kept in memory. One is
// a few hundred KB decoded; 64 covers the audits people have open.
const resultCacheSize = 64

// results caches decoded audit results for the results page. Saved audits
// never change, so a decoded result can be reused; but the cache is only
// consulted after the store has confirmed, for this request's tenant,
// that the audit exists and belongs to the practice in the URL (see
// auditShowFor). Entries are keyed by the store as well as the audit id,
// so servers on different databases (tests) never share entries, and
// carry the audit's practice and creation time, which must match the
// store's headline for the entry to be used (a restored backup cannot
// bring back a stale result under a reused id).
var results = newResultCache(resultCacheSize)

type resultKey struct {
	st *store.Store
	id int64
}

type resultEntry struct {
	key        resultKey
	practiceID int64
	createdAt  time.Time
	result     *audit.Result
	// sorted is result.Findings, worst first (sortedFindings).
	sorted []audit.Finding

	// The audit's part of the results page, drawn once (draw), and the
	// accept-risk forms, drawn once a day (they offer dates from today).
	once  sync.Once
	parts *resultParts
	err   error
	forms atomic.Pointer[acceptForms]
}

// resultParts is the HTML of the results page that depends only on the
// saved audit: each finding's body and each action's heading. Drawing it
// once per cached audit, rather than on every request, is most of what
// keeps the results page cheap under load; what can change (progress,
// acceptances, the filter) is still drawn per request.
type resultParts struct {
	bands  []audit.Band             // per sorted finding; "" when not open
	bodies []template.HTML          // per sorted finding
	heads  map[string]template.HTML // per action id
}

// acceptForms are the accept-risk forms of the open findings (per sorted
// finding, "" for the others) as drawn on one day.
type acceptForms struct {
	day   string
	forms []template.HTML
}

// acceptFormData is what the "accept_form" template needs.
type acceptFormData struct {
	PracticeID, AuditID int64
	ControlID           string
	Today, NextYear     string
}

// draw returns the entry's parts and today's accept forms, drawing them
// with t (the results page's templates "finding_body", "action_head" and
// "accept_form") the first time they are asked for. today is YYYY-MM-DD.
func (e *resultEntry) draw(t *template.Template, today time.Time) (*resultParts, []template.HTML, error) {
	e.once.Do(func() { e.parts, e.err = drawParts(t, e.result, e.sorted) })
	if e.err != nil {
		return nil, nil, e.err
	}
	day := today.Format(audit.DateLayout)
	if f := e.forms.Load(); f != nil && f.day == day {
		return e.parts, f.forms, nil
	}
	// Two requests may both draw on a new day; either result is right.
	f := &acceptForms{day: day, forms: make([]template.HTML, len(e.sorted))}
	var b bytes.Buffer
	for i, fd := range e.sorted {
		if !fd.Status.Open() {
			continue
		}
		b.Reset()
		err := t.ExecuteTemplate(&b, "accept_form", acceptFormData{PracticeID: e.practiceID, AuditID: e.key.id,
			ControlID: fd.ControlID, Today: day, NextYear: today.AddDate(1, 0, 0).Format(audit.DateLayout)})
		if err != nil {
			return nil, nil, fmt.Errorf("web: drawing the accept form of %s: %w", fd.ControlID, err)
		}
		f.forms[i] = template.HTML(b.String())
	}
	e.forms.Store(f)
	return e.parts, f.forms, nil
}

func drawParts(t *template.Template, r *audit.Result, sorted []audit.Finding) (*resultParts, error) {
	p := &resultParts{bands: make([]audit.Band, len(sorted)), bodies: make([]template.HTML, len(sorted)),
		heads: make(map[string]template.HTML, len(r.Actions))}
	var b bytes.Buffer
	for i, fd := range sorted {
		if fd.Status.Open() {
			p.bands[i] = engine.FindingBand(fd)
		}
		b.Reset()
		if err := t.ExecuteTemplate(&b, "finding_body", struct {
			audit.Finding
			Band audit.Band
		}{fd, p.bands[i]}); err != nil {
			return nil, fmt.Errorf("web: drawing finding %s: %w", fd.ControlID, err)
		}
		p.bodies[i] = template.HTML(b.String())
	}
	for _, a := range r.Actions {
		b.Reset()
		if err := t.ExecuteTemplate(&b, "action_head", a); err != nil {
			return nil, fmt.Errorf("web: drawing action %s: %w", a.ID, err)
		}
		p.heads[a.ID] = template.HTML(b.String())
	}
	return p, nil
}

// resultCache is a small LRU: a map into a list, most recently used
// first. The values it hands out are shared and must not be modified.
type resultCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *resultEntry
	byKey map[resultKey]*list.Element
}

func newResultCache(max int) *resultCache {
	return &resultCache{max: max, order: list.New(), byKey: make(map[resultKey]*list.Element)}
}

// get returns the cached entry for the audit a, whose headline the store
// has just returned; nil when there is none or it does not match.
func (c *resultCache) get(st *store.Store, a store.Audit) *resultEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[resultKey{st, a.ID}]
	if !ok {
		return nil
	}
	e := el.Value.(*resultEntry)
	if e.practiceID != a.PracticeID || !e.createdAt.Equal(a.CreatedAt) {
		c.order.Remove(el)
		delete(c.byKey, e.key)
		return nil
	}
	c.order.MoveToFront(el)
	return e
}

// put caches the result of the audit a, evicting the least recently used
// entry when full, and returns the entry.
func (c *resultCache) put(st *store.Store, a store.Audit) *resultEntry {
	e := &resultEntry{key: resultKey{st, a.ID}, practiceID: a.PracticeID, createdAt: a.CreatedAt,
		result: a.Result, sorted: sortedFindings(a.Result.Findings)}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[e.key]; ok {
		el.Value = e
		c.order.MoveToFront(el)
		return e
	}
	c.byKey[e.key] = c.order.PushFront(e)
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*resultEntry).key)
	}
	return e
}

// len is the number of cached results.
func (c *resultCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
