package store

import (
	"context"
	"sync"
	"testing"
)

// Queries through the statement cache give the same answers as before,
// also when many run at once, and each statement is prepared once.
func TestStatementCache(t *testing.T) {
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p, err := s.Practice(ctx, w.admin, w.a.ID)
				if err != nil || p.Name != w.a.Name {
					t.Errorf("practice %+v, %v", p, err)
				}
			}()
		}
		wg.Wait()
		s.stmts.mu.Lock()
		n := len(s.stmts.stmts)
		s.stmts.mu.Unlock()
		switch {
		case s.Postgres() && n != 0:
			t.Errorf("%d statements cached on PostgreSQL, where pgx caches them", n)
		case !s.Postgres() && (n == 0 || n > maxCachedStmts):
			t.Errorf("%d statements cached", n)
		}
		// WithClock copies share the cache.
		if s.WithClock(s.now).stmts != s.stmts {
			t.Error("a copy of the store has its own statement cache")
		}
	})
}
