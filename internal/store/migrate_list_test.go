package store

import (
	"context"
	"fmt"
	"testing"

	"triage/internal/store/storetest"
)

// A database made before the practice list had its own name column (schema
// version 1) gets the column filled in by migration 2, so its practices
// still sort, search and count as before.
func TestMigrationFillsNameKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, err := connect(ctx, dsn)
		must(t, err)
		defer s.Close()
		ms, err := loadMigrations(s.d.name)
		must(t, err)
		conn, err := s.db.Conn(ctx)
		must(t, err)
		must(t, s.apply(ctx, conn, ms[0], len(ms)))
		conn.Close()
		for _, name := range []string{"zebra Clinic", "Alpha Medical", "BAYVIEW Health"} {
			_, err := s.db.ExecContext(ctx, `INSERT INTO practices (name, country, profile_yaml, created_at, updated_at)
				VALUES ($1, 'AU', $2, '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')`,
				name, "name: "+name+"\ncountry: AU\n")
			must(t, err)
		}
		must(t, s.migrate(ctx))

		admin := Tenant{Role: RoleAdmin}
		list, total, err := s.PracticesPage(ctx, admin, "", SortName, 2, 0)
		must(t, err)
		if total != 3 || len(list) != 2 || list[0].Name != "Alpha Medical" || list[1].Name != "BAYVIEW Health" {
			t.Fatalf("first page after migrating: %d in all, %+v", total, list)
		}
		list, total, err = s.PracticesPage(ctx, admin, "bayview", SortName, 50, 0)
		must(t, err)
		if total != 1 || len(list) != 1 || list[0].Name != "BAYVIEW Health" {
			t.Fatalf("search after migrating: %d in all, %+v", total, list)
		}
	})
}

// Migration 5 fills in the score history of practices audited before it,
// newest first as SaveAudit writes it, on both databases.
func TestMigrationFillsScoreHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, err := connect(ctx, dsn)
		must(t, err)
		defer s.Close()
		ms, err := loadMigrations(s.d.name)
		must(t, err)
		conn, err := s.db.Conn(ctx)
		must(t, err)
		for _, m := range ms[:4] {
			must(t, s.apply(ctx, conn, m, len(ms)))
		}
		conn.Close()
		const at = "2026-01-01T00:00:00.000000Z"
		var a, b int64
		must(t, s.db.QueryRowContext(ctx, `INSERT INTO practices (name, country, profile_yaml, created_at, updated_at)
			VALUES ('A', 'AU', 'name: A\ncountry: AU\n', $1, $1) RETURNING id`, at).Scan(&a))
		must(t, s.db.QueryRowContext(ctx, `INSERT INTO practices (name, country, profile_yaml, created_at, updated_at)
			VALUES ('B', 'AU', 'name: B\ncountry: AU\n', $1, $1) RETURNING id`, at).Scan(&b))
		for i, asOf := range []string{"2026-03-01", "2026-01-01", "2026-06-01", "2026-02-01", "2026-05-01", "2026-04-01"} {
			_, err := s.db.ExecContext(ctx, `INSERT INTO audits (practice_id, as_of, created_at, created_by, score, rating, e8_level, now_actions, result_json)
				VALUES ($1, $2, $3, 1, $4, 'fair', 0, 0, '{}')`, a, asOf, at, 10*(i+1))
			must(t, err)
		}
		must(t, s.migrate(ctx))

		list, _, err := s.PracticesPage(ctx, Tenant{Role: RoleAdmin}, "", SortName, 50, 0)
		must(t, err)
		if len(list) != 2 {
			t.Fatalf("%d practices listed", len(list))
		}
		// Oldest first, the latest five: Feb 40, Mar 10, Apr 60, May 50, Jun 30.
		if got := fmt.Sprint(list[0].History); got != "[{2026-02-01 40} {2026-03-01 10} {2026-04-01 60} {2026-05-01 50} {2026-06-01 30}]" {
			t.Errorf("A's history after migrating: %s", got)
		}
		var stored string
		must(t, s.db.QueryRowContext(ctx, `SELECT score_history FROM practices WHERE id = $1`, b).Scan(&stored))
		if stored != "" || len(list[1].History) != 0 {
			t.Errorf("B, never audited: stored %q, listed %v", stored, list[1].History)
		}
	})
}
