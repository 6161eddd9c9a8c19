package web

import (
	"container/list"
	"sync"
	"time"

	"triage/internal/audit"
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
