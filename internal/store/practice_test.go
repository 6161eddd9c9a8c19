package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"triage/internal/audit"
)

func TestPractices(t *testing.T) {
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		// A third practice, never audited; A audited twice, the later as-of
		// date saved first.
		_, err := s.CreatePractice(ctx, w.admin, "name: coral_bay 100% Health\ncountry: AU\npms:\nstaff:\n")
		must(t, err)
		_, err = s.SaveAudit(ctx, w.userA, w.a.ID, sampleResult("2026-11-01", 80, "enforce-mfa", "patch-servers"))
		must(t, err)
		_, err = s.SaveAudit(ctx, w.userA, w.a.ID, sampleResult("2026-06-01", 40, "a", "b", "c"))
		must(t, err)

		list, err := s.Practices(ctx, w.admin, "", SortName)
		must(t, err)
		if got := names(list); !equal(got, "Bayview Medical", "coral_bay 100% Health", "Harbourside Family Practice") {
			t.Fatalf("by name: %v", got)
		}
		a := list[2]
		if a.Latest == nil || a.Latest.AsOf != "2026-11-01" || a.Latest.Score != 80 || a.Latest.NowActions != 2 ||
			a.Latest.OpenNowActions != 2 || a.Latest.Rating != "fair" || a.Latest.E8Level != 1 {
			t.Errorf("A's latest audit: %+v", a.Latest)
		}
		if list[1].Latest != nil {
			t.Errorf("the new practice has an audit: %+v", list[1].Latest)
		}

		for sort, want := range map[PracticeSort][]string{
			SortScore:     {"Bayview Medical", "Harbourside Family Practice", "coral_bay 100% Health"},
			SortLastAudit: {"coral_bay 100% Health", "Harbourside Family Practice", "Bayview Medical"},
			SortOpenNow:   {"Harbourside Family Practice", "Bayview Medical", "coral_bay 100% Health"},
		} {
			list, err := s.Practices(ctx, w.auditor, "", sort)
			must(t, err)
			if got := names(list); !equal(got, want...) {
				t.Errorf("by %s: %v, want %v", sort, got, want)
			}
		}

		// Search is "contains, any case", with LIKE's wildcards taken literally.
		for search, want := range map[string][]string{
			"HARBOUR": {"Harbourside Family Practice"},
			"100%":    {"coral_bay 100% Health"},
			"_":       {"coral_bay 100% Health"},
			"%":       {"coral_bay 100% Health"},
			"zzz":     nil,
		} {
			list, err := s.Practices(ctx, w.admin, search, SortName)
			must(t, err)
			if got := names(list); !equal(got, want...) {
				t.Errorf("search %q: %v, want %v", search, got, want)
			}
		}
		if _, err := s.Practices(ctx, w.admin, "", "size"); audit.ErrorCode(err) != audit.EInvalid {
			t.Errorf("an unknown order: %v", err)
		}

		// Marking an action done after the audit closes it; a done from
		// before the audit does not.
		_, err = s.SetActionStatus(ctx, w.userA, w.a.ID, "patch-servers", ActionDone, "")
		must(t, err)
		c.advance(time.Minute)
		_, err = s.SaveAudit(ctx, w.userA, w.a.ID, sampleResult("2026-11-02", 82, "enforce-mfa", "patch-servers"))
		must(t, err)
		c.advance(time.Minute)
		_, err = s.SetActionStatus(ctx, w.userA, w.a.ID, "enforce-mfa", ActionDone, "rolled out")
		must(t, err)
		list, err = s.Practices(ctx, w.userA, "", SortName)
		must(t, err)
		if l := list[0].Latest; l.NowActions != 2 || l.OpenNowActions != 1 {
			t.Errorf("after marking enforce-mfa done: %+v", l)
		}
	})
}

// TestPracticesPage: pages follow the order, the total counts every match
// over all pages, and a practice user still sees only their practice.
func TestPracticesPage(t *testing.T) {
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		for _, n := range []string{"Coral Bay Health", "Dunes Clinic", "Eastside GP"} {
			_, err := s.CreatePractice(ctx, w.admin, "name: "+n+"\ncountry: AU\npms:\nstaff:\n")
			must(t, err)
		}
		all := []string{"Bayview Medical", "Coral Bay Health", "Dunes Clinic", "Eastside GP", "Harbourside Family Practice"}
		for _, c := range []struct {
			limit, offset int
			want          []string
		}{
			{2, 0, all[:2]}, {2, 2, all[2:4]}, {2, 4, all[4:]}, {2, 6, nil}, {0, 0, all},
		} {
			list, total, err := s.PracticesPage(ctx, w.auditor, "", SortName, c.limit, c.offset)
			must(t, err)
			if got := names(list); !equal(got, c.want...) || total != 5 {
				t.Errorf("limit %d offset %d: %v of %d, want %v of 5", c.limit, c.offset, got, total, c.want)
			}
		}
		list, total, err := s.PracticesPage(ctx, w.admin, "bay", SortName, 1, 1)
		must(t, err)
		if got := names(list); !equal(got, "Coral Bay Health") || total != 2 {
			t.Errorf("search bay, page 2: %v of %d", got, total)
		}
		for _, off := range []int{0, 1} {
			list, total, err := s.PracticesPage(ctx, w.userA, "", SortName, 1, off)
			must(t, err)
			if total != 1 || (off == 0 && (len(list) != 1 || list[0].ID != w.a.ID)) || (off == 1 && len(list) != 0) {
				t.Errorf("A's user, offset %d: %+v of %d", off, list, total)
			}
		}
		if _, _, err := s.PracticesPage(ctx, w.admin, "", SortName, -1, 0); audit.ErrorCode(err) != audit.EInvalid {
			t.Errorf("a negative limit: %v", err)
		}
	})
}

func TestPracticeProfile(t *testing.T) {
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		if _, err := s.CreatePractice(ctx, w.admin, "name: X\ncountry: NZ\n"); audit.ErrorCode(err) != audit.EInvalid {
			t.Fatalf("an invalid profile was saved: %v", err)
		}
		c.advance(time.Hour)
		p, err := s.UpdatePracticeProfile(ctx, w.userA, w.a.ID, "name: Harbourside Medical\ncountry: AU\npms:\nstaff:\n")
		must(t, err)
		if p.Name != "Harbourside Medical" || !p.UpdatedAt.After(p.CreatedAt) {
			t.Errorf("after update: %+v", p)
		}
		pr, err := p.Profile()
		must(t, err)
		if pr.Country != "AU" {
			t.Errorf("profile: %+v", pr)
		}
		if _, err := s.UpdatePracticeProfile(ctx, w.userA, w.a.ID, "name: [\n"); audit.ErrorCode(err) != audit.EInvalid {
			t.Errorf("an invalid update: %v", err)
		}
		got, err := s.Practice(ctx, w.userA, w.a.ID)
		must(t, err)
		if got.ProfileYAML != p.ProfileYAML {
			t.Errorf("an invalid update changed the profile")
		}
	})
}

// TestDeletePractice: deleting a practice takes its data and users with it,
// and leaves the other practice and the log alone.
func TestDeletePractice(t *testing.T) {
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		_, err := s.CreateInvite(ctx, w.admin, w.b.ID, "new@bayview.example", time.Hour)
		must(t, err)
		must(t, s.Log(ctx, w.userB, w.b.ID, "test", "before delete"))
		must(t, s.DeletePractice(ctx, w.admin, w.b.ID))
		wantErr(t, s.DeletePractice(ctx, w.admin, w.b.ID), ErrNotFound)
		_, err = s.Practice(ctx, w.admin, w.b.ID)
		wantErr(t, err, ErrNotFound)
		_, err = s.UserByID(ctx, w.userBID)
		wantErr(t, err, ErrNotFound)
		for _, table := range []string{"evidence_files", "answers", "acceptances", "audits", "audit_actions", "action_status", "invites"} {
			var n int
			must(t, s.db.QueryRow(`SELECT COUNT(*) FROM `+table).Scan(&n))
			if n != 0 {
				t.Errorf("%s still has %d rows", table, n)
			}
		}
		if _, err := s.Practice(ctx, w.userA, w.a.ID); err != nil {
			t.Errorf("practice A: %v", err)
		}
		log, err := s.AuditLog(ctx, w.admin, LogFilter{PracticeID: w.b.ID, Action: "test"})
		must(t, err)
		if len(log) != 1 {
			t.Errorf("the log lost B's entries: %+v", log)
		}
	})
}

func names(list []PracticeSummary) []string {
	var n []string
	for _, p := range list {
		n = append(n, p.Name)
	}
	return n
}

func equal(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// Each listed practice carries the scores of its latest five audits, oldest
// first, ending with the latest audit's; a practice never audited has none,
// and another practice's audits never show.
func TestPracticeHistory(t *testing.T) {
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		// Saved out of date order, with two on one day (the later id wins).
		for _, a := range []struct {
			asOf  string
			score int
		}{{"2026-03-01", 30}, {"2026-01-01", 10}, {"2026-02-01", 20}, {"2026-05-01", 50}, {"2026-04-01", 40}, {"2026-06-01", 55}, {"2026-06-01", 60}} {
			_, err := s.SaveAudit(ctx, w.admin, w.a.ID, sampleResult(a.asOf, a.score))
			must(t, err)
		}
		list, _, err := s.PracticesPage(ctx, w.admin, "", SortName, 50, 0)
		must(t, err)
		got := map[string]string{}
		for _, p := range list {
			got[p.Name] = fmt.Sprint(p.History)
			if p.Latest != nil && p.History[len(p.History)-1].Score != p.Latest.Score {
				t.Errorf("%s: history ends with %v, latest score %d", p.Name, p.History[len(p.History)-1], p.Latest.Score)
			}
		}
		if want := "[{2026-03-01 30} {2026-04-01 40} {2026-05-01 50} {2026-06-01 55} {2026-06-01 60}]"; got[w.a.Name] != want {
			t.Errorf("A's history %s, want %s", got[w.a.Name], want)
		}
		// B has one audit (newWorld's); as B's user, only B is listed.
		list, _, err = s.PracticesPage(ctx, w.userB, "", SortName, 50, 0)
		must(t, err)
		if len(list) != 1 || len(list[0].History) != 1 {
			t.Errorf("B's user sees %+v", list)
		}
	})
}

// Audits of one practice saved at the same moment take turns, so the
// score history ends up with the latest five whatever the order of saving.
func TestScoreHistoryConcurrentSaves(t *testing.T) {
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		var wg sync.WaitGroup
		errs := make(chan error, 10)
		for i := range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.SaveAudit(ctx, w.admin, w.a.ID, sampleResult(fmt.Sprintf("2026-%02d-01", i+1), i))
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			must(t, err)
		}
		list, _, err := s.PracticesPage(ctx, w.admin, w.a.Name, SortName, 50, 0)
		must(t, err)
		if len(list) != 1 {
			t.Fatalf("listed %+v", list)
		}
		if got := fmt.Sprint(list[0].History); got != "[{2026-06-01 5} {2026-07-01 6} {2026-08-01 7} {2026-09-01 8} {2026-10-01 9}]" {
			t.Errorf("history after concurrent saves: %s", got)
		}
	})
}

func TestHistoryText(t *testing.T) {
	newestFirst := []ScorePoint{{AsOf: "2026-11-20", Score: 42}, {AsOf: "2026-08-20", Score: 100}, {AsOf: "2026-05-20", Score: 0}}
	text := encodeHistory(newestFirst)
	if text != "2026-11-20 42,2026-08-20 100,2026-05-20 0" {
		t.Errorf("encoded %q", text)
	}
	h, err := decodeHistory(text)
	must(t, err)
	if fmt.Sprint(h) != "[{2026-05-20 0} {2026-08-20 100} {2026-11-20 42}]" {
		t.Errorf("decoded %v", h)
	}
	if h, err := decodeHistory(""); err != nil || h != nil {
		t.Errorf("empty: %v, %v", h, err)
	}
	for _, bad := range []string{"2026-11-20", "2026-11-20 x", "20261120 4", "2026-11-20 4,", "[]"} {
		if _, err := decodeHistory(bad); err == nil {
			t.Errorf("%q read as a history", bad)
		}
	}
}

// The lower-cased name the list sorts and searches on follows a rename,
// without any statement setting it (the database keeps it).
func TestNameKeyFollowsRename(t *testing.T) {
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		_, err := s.UpdatePracticeProfile(ctx, w.admin, w.a.ID, "name: Zeta CLINIC\ncountry: AU\n")
		must(t, err)
		var key string
		must(t, s.db.QueryRowContext(ctx, `SELECT name_key FROM practices WHERE id = $1`, w.a.ID).Scan(&key))
		if key != "zeta clinic" {
			t.Errorf("name_key %q after the rename", key)
		}
		list, total, err := s.PracticesPage(ctx, w.admin, "zeta", SortName, 50, 0)
		must(t, err)
		if total != 1 || len(list) != 1 || list[0].ID != w.a.ID {
			t.Errorf("search for the new name: %d, %+v", total, list)
		}
		if _, total, _ := s.PracticesPage(ctx, w.admin, "harbourside", SortName, 50, 0); total != 0 {
			t.Errorf("the old name still matches %d", total)
		}
	})
}
