package store

import (
	"context"
	"testing"
	"time"
)

func TestAuditLog(t *testing.T) {
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		start := c.now()
		must(t, s.Log(ctx, w.userA, w.a.ID, "answer.save", "ACC-MFA-EMAIL"))
		c.advance(time.Hour)
		must(t, s.Log(ctx, w.admin, 0, "user.create", "x@y.example"))
		must(t, s.Log(ctx, Tenant{}, 0, "signin.fail", "jo@harbourside.example"))
		if err := s.Log(ctx, w.admin, 0, "", ""); err == nil {
			t.Error("a log entry without an action")
		}

		for name, tc := range map[string]struct {
			f    LogFilter
			want []string
		}{
			"user":     {LogFilter{UserID: w.userA.UserID}, []string{"answer.save"}},
			"practice": {LogFilter{PracticeID: w.a.ID, Action: "answer.save"}, []string{"answer.save"}},
			"since":    {LogFilter{Since: start.Add(time.Minute), Action: "user.create"}, []string{"user.create"}},
			"until":    {LogFilter{Until: start.Add(time.Minute), Action: "user.create"}, nil},
			"limit":    {LogFilter{Limit: 2}, []string{"signin.fail", "user.create"}},
		} {
			list, err := s.AuditLog(ctx, w.admin, tc.f)
			must(t, err)
			var got []string
			for _, e := range list {
				got = append(got, e.Action)
			}
			if !equal(got, tc.want...) {
				t.Errorf("%s: %v, want %v", name, got, tc.want)
			}
		}
		list, err := s.AuditLog(ctx, w.admin, LogFilter{Action: "signin.fail"})
		must(t, err)
		if len(list) != 1 || list[0].UserID != 0 || list[0].PracticeID != 0 || !list[0].At.Equal(c.now()) {
			t.Errorf("anonymous entry: %+v", list)
		}
	})
}
