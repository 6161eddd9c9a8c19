package store

import (
	"context"
	"testing"
	"time"

	"triage/internal/audit"
)

func TestEvidence(t *testing.T) {
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		p := w.a.ID
		_, err := s.EvidenceFiles(ctx, w.userA, p)
		must(t, err) // none yet, but the practice is A's own: no error

		first, err := s.SaveEvidence(ctx, w.userA, p, sampleEvidence("users.csv", "a@x.example"))
		must(t, err)
		_, err = s.SaveEvidence(ctx, w.userA, p, sampleEvidence("devices.csv", "d@x.example"))
		must(t, err)
		bad := NewEvidence{Name: "broken.csv", Size: 10, Error: "broken.csv:3: the header row is missing"}
		_, err = s.SaveEvidence(ctx, w.userA, p, bad)
		must(t, err)

		// Uploading users.csv again replaces it.
		c.advance(time.Minute)
		again, err := s.SaveEvidence(ctx, w.auditor, p, sampleEvidence("users.csv", "a@x.example", "b@x.example"))
		must(t, err)
		if again.ID != first.ID || again.Facts != 2 || again.UploadedBy != w.auditor.UserID || !again.UploadedAt.After(first.UploadedAt) {
			t.Errorf("re-upload: %+v (first %+v)", again, first)
		}

		files, err := s.EvidenceFiles(ctx, w.userA, p)
		must(t, err)
		if len(files) != 3 || files[0].Name != "broken.csv" || files[0].Error == "" || files[2].Name != "users.csv" {
			t.Fatalf("files: %+v", files)
		}

		facts, ev, err := s.EvidenceFacts(ctx, w.userA, p)
		must(t, err)
		if len(facts) != 3 || len(ev) != 2 {
			t.Fatalf("%d facts from %d files, want 3 from 2: %+v", len(facts), len(ev), ev)
		}
		if facts[0].Account.ID != "d@x.example" || facts[1].Kind != audit.FactAccount || facts[2].Account.ID != "b@x.example" {
			t.Errorf("facts in the wrong order or shape: %+v", facts)
		}
		if ev[1] != (audit.EvidenceFile{File: "users.csv", Kind: "entra_users_csv", SHA256: "ab12", Facts: 2}) {
			t.Errorf("evidence file: %+v", ev[1])
		}

		must(t, s.DeleteEvidence(ctx, w.userA, files[0].ID))
		wantErr(t, s.DeleteEvidence(ctx, w.userA, files[0].ID), ErrNotFound)

		// Facts that fail validation are refused whole.
		wrong := sampleEvidence("x.json")
		wrong.Facts = []audit.Fact{{Kind: audit.FactAccount}}
		if _, err := s.SaveEvidence(ctx, w.userA, p, wrong); err == nil {
			t.Error("an invalid fact was saved")
		}
		log, err := s.AuditLog(ctx, w.admin, LogFilter{Action: "evidence.save", PracticeID: p})
		must(t, err)
		if len(log) != 4 || log[0].Detail != "users.csv (entra_users_csv, 2 facts)" {
			t.Errorf("log: %+v", log)
		}
	})
}
