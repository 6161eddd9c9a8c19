package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestInvites(t *testing.T) {
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		token, err := s.CreateInvite(ctx, w.userA, w.a.ID, " Nurse@Harbourside.example", 48*time.Hour)
		must(t, err)
		if len(token) < 40 {
			t.Fatalf("token %q is too short to be unguessable", token)
		}
		var stored string
		must(t, s.db.QueryRow(`SELECT token_hash FROM invites`).Scan(&stored))
		if strings.Contains(stored, token) {
			t.Fatal("the token itself is stored")
		}

		// Looking does not use it up.
		for range 2 {
			inv, err := s.InviteByToken(ctx, token)
			must(t, err)
			if inv.Email != "nurse@harbourside.example" || inv.PracticeID != w.a.ID || inv.PracticeName != w.a.Name {
				t.Fatalf("invitation seen as %+v", inv)
			}
		}
		_, err = s.InviteByToken(ctx, "made-up")
		wantErr(t, err, ErrNotFound)

		u, err := s.UseInvite(ctx, token, "Nell Nurse", "$argon2id$x")
		must(t, err)
		_, err = s.InviteByToken(ctx, token)
		wantErr(t, err, ErrNotFound) // used
		if u.Email != "nurse@harbourside.example" || u.Role != RolePractice || u.PracticeID != w.a.ID || u.PasswordHash != "$argon2id$x" {
			t.Errorf("invited user: %+v", u)
		}
		_, err = s.UseInvite(ctx, token, "Again", "x")
		wantErr(t, err, ErrNotFound)
		_, err = s.UseInvite(ctx, "made-up", "X", "x")
		wantErr(t, err, ErrNotFound)

		// Expired after its time.
		late, err := s.CreateInvite(ctx, w.admin, w.a.ID, "late@harbourside.example", time.Hour)
		must(t, err)
		c.advance(time.Hour)
		_, err = s.InviteByToken(ctx, late)
		wantErr(t, err, ErrNotFound)
		_, err = s.UseInvite(ctx, late, "Late", "x")
		wantErr(t, err, ErrNotFound)

		// An email that has an account already: refused, the invitation
		// stays usable (nothing half-done).
		dup, err := s.CreateInvite(ctx, w.admin, w.a.ID, "jo@harbourside.example", time.Hour)
		must(t, err)
		_, err = s.UseInvite(ctx, dup, "Jo", "x")
		wantErr(t, err, ErrConflict)
		var used int
		must(t, s.db.QueryRow(`SELECT COUNT(*) FROM invites WHERE used_at IS NOT NULL`).Scan(&used))
		if used != 1 {
			t.Errorf("%d invitations marked used, want 1", used)
		}

		if _, err := s.CreateInvite(ctx, w.userA, w.a.ID, "nope", time.Hour); err == nil {
			t.Error("an invitation to a non-address")
		}
	})
}
