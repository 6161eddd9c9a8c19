package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"triage/internal/audit"
)

// TestTenantIsolation walks every method that takes an id with practice A's
// user aimed at practice B's records: each must answer ErrNotFound, exactly
// as for an id that does not exist, and B's data must be unchanged after.
func TestTenantIsolation(t *testing.T) {
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		a, b := w.userA, w.b.ID
		calls := map[string]func() error{
			"Practice": func() error { _, err := s.Practice(ctx, a, b); return err },
			"UpdatePracticeProfile": func() error {
				_, err := s.UpdatePracticeProfile(ctx, a, b, yamlA)
				return err
			},
			"SaveEvidence":   func() error { _, err := s.SaveEvidence(ctx, a, b, sampleEvidence("users.csv")); return err },
			"EvidenceFiles":  func() error { _, err := s.EvidenceFiles(ctx, a, b); return err },
			"EvidenceFacts":  func() error { _, _, err := s.EvidenceFacts(ctx, a, b); return err },
			"DeleteEvidence": func() error { return s.DeleteEvidence(ctx, a, w.evidenceB.ID) },
			"SaveAnswer": func() error {
				_, err := s.SaveAnswer(ctx, a, b, "ACC-MFA-EMAIL", audit.Answer{Kind: audit.KindChoice, Choice: "no"})
				return err
			},
			"DeleteAnswer": func() error { return s.DeleteAnswer(ctx, a, b, "ACC-MFA-EMAIL") },
			"Answers":      func() error { _, err := s.Answers(ctx, a, b); return err },
			"SaveAcceptance": func() error {
				_, err := s.SaveAcceptance(ctx, a, b, "CON-BACKUP-OFFLINE", acceptance())
				return err
			},
			"DeleteAcceptance": func() error { return s.DeleteAcceptance(ctx, a, b, "CON-BACKUP-OFFLINE") },
			"SaveAudit":        func() error { _, err := s.SaveAudit(ctx, a, b, sampleResult("2026-12-01", 99)); return err },
			"Audits":           func() error { _, err := s.Audits(ctx, a, b); return err },
			"Audit":            func() error { _, err := s.Audit(ctx, a, w.auditB.ID); return err },
			"LatestAudit":      func() error { _, err := s.LatestAudit(ctx, a, b); return err },
			"SetActionStatus": func() error {
				_, err := s.SetActionStatus(ctx, a, b, "enforce-mfa", ActionDone, "")
				return err
			},
			"ActionStatuses": func() error { _, err := s.ActionStatuses(ctx, a, b); return err },
			"CreateInvite": func() error {
				_, err := s.CreateInvite(ctx, a, b, "new@bayview.example", time.Hour)
				return err
			},
			"SetPassword": func() error { return s.SetPassword(ctx, a, w.userBID, "stolen") },
			"SetTOTP":     func() error { return s.SetTOTP(ctx, a, w.userBID, "stolen", 1) },
		}
		for name, call := range calls {
			t.Run(name, func(t *testing.T) { wantErr(t, call(), ErrNotFound) })
		}

		// Nobody, and a practice user without a practice, see nothing.
		for _, who := range []Tenant{{}, {UserID: w.adminID}, {Role: RolePractice}, {Role: "superuser"}} {
			if _, err := s.Practice(ctx, who, b); !errors.Is(err, ErrNotFound) {
				t.Errorf("tenant %+v reads practice B: %v", who, err)
			}
		}

		// The list holds A alone.
		list, err := s.Practices(ctx, a, "", SortName)
		must(t, err)
		if len(list) != 1 || list[0].ID != w.a.ID {
			t.Errorf("A's user lists %+v", list)
		}

		// B's data is as B left it.
		set, err := s.Answers(ctx, w.userB, b)
		must(t, err)
		if set.Answers.Answers["ACC-MFA-EMAIL"].Choice != "yes" || len(set.Answers.Accepted) != 1 {
			t.Errorf("B's answers changed: %+v", set.Answers)
		}
		files, err := s.EvidenceFiles(ctx, w.userB, b)
		must(t, err)
		if len(files) != 1 || files[0].Facts != 1 {
			t.Errorf("B's evidence changed: %+v", files)
		}
		audits, err := s.Audits(ctx, w.userB, b)
		must(t, err)
		if len(audits) != 1 {
			t.Errorf("B's audits changed: %+v", audits)
		}
		st, err := s.ActionStatuses(ctx, w.userB, b)
		must(t, err)
		if st["enforce-mfa"].Status != ActionInProgress {
			t.Errorf("B's action status changed: %+v", st)
		}
		p, err := s.Practice(ctx, w.userB, b)
		must(t, err)
		if p.Name != "Bayview Medical" {
			t.Errorf("B's profile changed: %+v", p)
		}
		u, err := s.UserByID(ctx, w.userBID)
		must(t, err)
		if u.PasswordHash == "stolen" || u.TOTPSecret == "stolen" {
			t.Errorf("B's user changed: %+v", u)
		}
	})
}

// TestRoles: what only admins may do, and what auditors may.
func TestRoles(t *testing.T) {
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		adminOnly := map[string]func(Tenant) error{
			"CreateUser": func(who Tenant) error {
				_, err := s.CreateUser(ctx, who, NewUser{Email: "x@y.example", Name: "X", Role: RoleAdmin})
				return err
			},
			"Users":          func(who Tenant) error { _, err := s.Users(ctx, who); return err },
			"DisableUser":    func(who Tenant) error { return s.DisableUser(ctx, who, w.userBID, true) },
			"DeletePractice": func(who Tenant) error { return s.DeletePractice(ctx, who, w.b.ID) },
			"AuditLog":       func(who Tenant) error { _, err := s.AuditLog(ctx, who, LogFilter{}); return err },
		}
		for name, call := range adminOnly {
			for _, who := range []Tenant{w.auditor, w.userA, w.userB, {}} {
				if err := call(who); !errors.Is(err, ErrForbidden) {
					t.Errorf("%s as %+v: %v, want ErrForbidden", name, who, err)
				}
			}
		}
		if _, err := s.CreatePractice(ctx, w.userA, yamlB); !errors.Is(err, ErrForbidden) {
			t.Errorf("a practice user created a practice: %v", err)
		}
		if _, err := s.CreatePractice(ctx, w.auditor, yamlB); err != nil {
			t.Errorf("an auditor could not create a practice: %v", err)
		}
		// Auditors see and work on every practice.
		list, err := s.Practices(ctx, w.auditor, "", SortName)
		must(t, err)
		if len(list) != 3 {
			t.Errorf("the auditor lists %d practices, want 3", len(list))
		}
		if _, err := s.LatestAudit(ctx, w.auditor, w.b.ID); err != nil {
			t.Errorf("the auditor cannot read B's audit: %v", err)
		}
		if code := audit.ErrorCode(ErrForbidden); code != CodeForbidden {
			t.Errorf("ErrForbidden has code %q", code)
		}
		if code := audit.ErrorCode(ErrNotFound); code != audit.ENotFound {
			t.Errorf("ErrNotFound has code %q", code)
		}
	})
}
