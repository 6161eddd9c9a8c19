package store

import (
	"context"
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
