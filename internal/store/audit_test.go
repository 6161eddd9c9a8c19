package store

import (
	"context"
	"encoding/json"
	"testing"
)

func TestAudits(t *testing.T) {
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		p := w.a.ID
		_, err := s.LatestAudit(ctx, w.userA, p)
		wantErr(t, err, ErrNotFound)
		list, err := s.Audits(ctx, w.userA, p)
		if err != nil || len(list) != 0 {
			t.Fatalf("before any audit: %v, %v", list, err)
		}

		r := sampleResult("2026-11-20", 72, "enforce-mfa", "patch-servers")
		saved, err := s.SaveAudit(ctx, w.userA, p, r)
		must(t, err)
		older, err := s.SaveAudit(ctx, w.auditor, p, sampleResult("2026-08-20", 55, "enforce-mfa"))
		must(t, err)
		if saved.NowActions != 2 || saved.Score != 72 || saved.CreatedBy != w.userA.UserID || !saved.CreatedAt.Equal(c.now()) {
			t.Errorf("saved: %+v", saved)
		}

		got, err := s.Audit(ctx, w.userA, saved.ID)
		must(t, err)
		want, _ := json.Marshal(r)
		have, _ := json.Marshal(got.Result)
		if string(have) != string(want) {
			t.Errorf("the result changed on the way through:\n%s\n%s", have, want)
		}
		latest, err := s.LatestAudit(ctx, w.userA, p)
		must(t, err)
		if latest.ID != saved.ID || latest.Result == nil {
			t.Errorf("latest: %+v", latest)
		}
		list, err = s.Audits(ctx, w.userA, p)
		must(t, err)
		if len(list) != 2 || list[0].ID != saved.ID || list[1].ID != older.ID || list[1].Result != nil || list[1].Score != 55 {
			t.Errorf("history: %+v", list)
		}
		var n int
		must(t, s.db.QueryRow(`SELECT COUNT(*) FROM audit_actions WHERE audit_id = $1`, saved.ID).Scan(&n))
		if n != 3 {
			t.Errorf("%d actions stored, want 3", n)
		}
		bad := sampleResult("20 Nov", 1)
		if _, err := s.SaveAudit(ctx, w.userA, p, bad); err == nil {
			t.Error("an audit without a proper as-of date was saved")
		}
	})
}

func TestActionStatus(t *testing.T) {
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		m, err := s.ActionStatuses(ctx, w.userA, w.a.ID)
		if err != nil || len(m) != 0 {
			t.Fatalf("before any: %v, %v", m, err)
		}
		_, err = s.SetActionStatus(ctx, w.userA, w.a.ID, "enforce-mfa", ActionInProgress, "ordered keys")
		must(t, err)
		st, err := s.SetActionStatus(ctx, w.auditor, w.a.ID, "enforce-mfa", ActionDone, "")
		must(t, err)
		if st.Status != ActionDone || st.UpdatedBy != w.auditor.UserID {
			t.Errorf("returned %+v", st)
		}
		m, err = s.ActionStatuses(ctx, w.userA, w.a.ID)
		must(t, err)
		if len(m) != 1 || m["enforce-mfa"].Status != ActionDone {
			t.Errorf("statuses: %+v", m)
		}
		if _, err := s.SetActionStatus(ctx, w.userA, w.a.ID, "enforce-mfa", "finished", ""); err == nil {
			t.Error("an unknown status was saved")
		}
	})
}
