package store

import (
	"context"
	"testing"
	"time"

	"triage/internal/audit"
)

func TestAnswers(t *testing.T) {
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		p := w.a.ID
		set, err := s.Answers(ctx, w.userA, p)
		must(t, err)
		if len(set.Answers.Answers) != 0 || set.Answers.AnsweredOn != nil {
			t.Errorf("a new practice has answers: %+v", set)
		}

		n := 3.0
		d, _ := audit.ParseDate("2026-10-01")
		answers := map[string]audit.Answer{
			"ACC-MFA-EMAIL":    {Kind: audit.KindChoice, Choice: "partly", Note: "reception still to do"},
			"PEO-TRAINING":     {Kind: audit.KindNumber, Number: &n},
			"CON-RESTORE-TEST": {Kind: audit.KindDate, Date: &d},
			"DAT-SHARING":      {Kind: audit.KindList, List: []string{"dropbox", "usb"}},
			"INC-PLAN":         {Kind: audit.KindUnknown},
		}
		for id, a := range answers {
			_, err := s.SaveAnswer(ctx, w.userA, p, id, a)
			must(t, err)
		}
		// Someone else answers the first question later: the last write wins.
		c.advance(26 * time.Hour)
		by, err := s.SaveAnswer(ctx, w.auditor, p, "ACC-MFA-EMAIL", audit.Answer{Kind: audit.KindChoice, Choice: "yes"})
		must(t, err)
		if by.UserID != w.auditor.UserID || !by.At.Equal(c.now()) {
			t.Errorf("SaveAnswer returned %+v", by)
		}
		answers["ACC-MFA-EMAIL"] = audit.Answer{Kind: audit.KindChoice, Choice: "yes"}
		_, err = s.SaveAcceptance(ctx, w.userA, p, "CON-BACKUP-OFFLINE", acceptance())
		must(t, err)

		set, err = s.Answers(ctx, w.userA, p)
		must(t, err)
		if len(set.Answers.Answers) != len(answers) {
			t.Fatalf("%d answers, want %d", len(set.Answers.Answers), len(answers))
		}
		for id, want := range answers {
			if got := set.Answers.Answers[id]; got.String() != want.String() || got.Note != want.Note || got.Kind != want.Kind {
				t.Errorf("%s: got %+v, want %+v", id, got, want)
			}
		}
		if set.AnsweredBy["ACC-MFA-EMAIL"].Name != "Audrey" || set.AnsweredBy["INC-PLAN"].Name != "Jo" {
			t.Errorf("who answered: %+v", set.AnsweredBy)
		}
		if set.Answers.AnsweredBy != "Audrey" || set.Answers.AnsweredOn.String() != "2026-11-21" {
			t.Errorf("last answered by %q on %v", set.Answers.AnsweredBy, set.Answers.AnsweredOn)
		}
		if got := set.Answers.Accepted["CON-BACKUP-OFFLINE"]; got != acceptance() || set.AcceptedBy["CON-BACKUP-OFFLINE"].Name != "Jo" {
			t.Errorf("acceptance: %+v by %+v", got, set.AcceptedBy)
		}

		must(t, s.DeleteAnswer(ctx, w.userA, p, "INC-PLAN"))
		wantErr(t, s.DeleteAnswer(ctx, w.userA, p, "INC-PLAN"), ErrNotFound)
		must(t, s.DeleteAcceptance(ctx, w.userA, p, "CON-BACKUP-OFFLINE"))
		set, err = s.Answers(ctx, w.userA, p)
		must(t, err)
		if _, ok := set.Answers.Answers["INC-PLAN"]; ok || len(set.Answers.Accepted) != 0 {
			t.Errorf("after deleting: %+v", set.Answers)
		}

		for id, a := range map[string]audit.Answer{
			"not-an-id":     {Kind: audit.KindUnknown},
			"ACC-MFA-EMAIL": {Kind: audit.KindChoice, Choice: "maybe"},
			"PEO-TRAINING":  {Kind: audit.KindNumber},
			"INC-PLAN":      {Kind: "essay"},
		} {
			if _, err := s.SaveAnswer(ctx, w.userA, p, id, a); audit.ErrorCode(err) != audit.EInvalid {
				t.Errorf("SaveAnswer(%s, %+v): %v", id, a, err)
			}
		}
		if _, err := s.SaveAcceptance(ctx, w.userA, p, "CON-BACKUP-OFFLINE", audit.Acceptance{Owner: "x"}); audit.ErrorCode(err) != audit.EInvalid {
			t.Errorf("an acceptance without reason or date: %v", err)
		}
	})
}
