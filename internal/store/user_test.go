package store

import (
	"context"
	"errors"
	"testing"

	"triage/internal/audit"
)

func TestUsers(t *testing.T) {
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		w := newWorld(t, s)
		if _, err := s.CreateFirstAdmin(ctx, NewUser{Email: "second@provider.example", Name: "Second"}); !errors.Is(err, ErrForbidden) {
			t.Errorf("a second first admin: %v", err)
		}
		// Emails are one account whatever their case.
		u, err := s.UserByEmail(ctx, "  JO@Harbourside.Example ")
		must(t, err)
		if u.Tenant() != w.userA || u.Email != "jo@harbourside.example" || u.Name != "Jo" {
			t.Errorf("UserByEmail: %+v", u)
		}
		_, err = s.CreateUser(ctx, w.admin, NewUser{Email: "Jo@harbourside.example", Name: "Jo 2", Role: RoleAuditor})
		wantErr(t, err, ErrConflict)
		_, err = s.UserByEmail(ctx, "nobody@example.org")
		wantErr(t, err, ErrNotFound)

		for _, bad := range []NewUser{
			{Email: "not an email", Name: "X", Role: RoleAdmin},
			{Email: "x@y.example", Name: " ", Role: RoleAdmin},
			{Email: "x@y.example", Name: "X", Role: "owner"},
			{Email: "x@y.example", Name: "X", Role: RolePractice},
			{Email: "x@y.example", Name: "X", Role: RoleAuditor, PracticeID: w.a.ID},
		} {
			if _, err := s.CreateUser(ctx, w.admin, bad); audit.ErrorCode(err) != audit.EInvalid {
				t.Errorf("CreateUser(%+v): %v", bad, err)
			}
		}
		_, err = s.CreateUser(ctx, w.admin, NewUser{Email: "x@y.example", Name: "X", Role: RolePractice, PracticeID: 9999})
		wantErr(t, err, ErrNotFound)

		// Users change their own password and second factor; admins anyone's.
		must(t, s.SetPassword(ctx, w.userA, w.userA.UserID, "$argon2id$own"))
		must(t, s.SetTOTP(ctx, w.userA, w.userA.UserID, "SECRET", 1))
		must(t, s.SetPassword(ctx, w.admin, w.userBID, "$argon2id$reset"))
		wantErr(t, s.SetPassword(ctx, w.auditor, w.userBID, "x"), ErrNotFound)
		u, err = s.UserByID(ctx, w.userA.UserID)
		must(t, err)
		if u.PasswordHash != "$argon2id$own" || u.TOTPSecret != "SECRET" {
			t.Errorf("after SetPassword/SetTOTP: %+v", u)
		}

		must(t, s.DisableUser(ctx, w.admin, w.userBID, true))
		wantErr(t, s.DisableUser(ctx, w.admin, 9999, true), ErrNotFound)
		list, err := s.Users(ctx, w.admin)
		must(t, err)
		if len(list) != 4 {
			t.Fatalf("%d users, want 4", len(list))
		}
		for _, u := range list {
			if u.PasswordHash != "" || u.TOTPSecret != "" {
				t.Errorf("Users shows secrets of %s", u.Email)
			}
			if u.Disabled != (u.ID == w.userBID) {
				t.Errorf("%s disabled = %v", u.Email, u.Disabled)
			}
			if u.CreatedAt.IsZero() {
				t.Errorf("%s has no creation time", u.Email)
			}
		}
		if list[0].Email != "admin@provider.example" || list[0].Role != RoleAdmin {
			t.Errorf("first user: %+v", list[0])
		}
	})
}

// HasUsers is false only before the first admin; a TOTP step is accepted
// once, and an earlier one never after it.
func TestHasUsersAndTOTPSteps(t *testing.T) {
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		set, err := s.HasUsers(ctx)
		must(t, err)
		if set {
			t.Fatal("a new database has users")
		}
		w := newWorld(t, s)
		if set, err = s.HasUsers(ctx); err != nil || !set {
			t.Fatalf("after the first admin: %v, %v", set, err)
		}
		must(t, s.SetTOTP(ctx, w.userA, w.userA.UserID, "SECRET", 100))
		for _, c := range []struct {
			step int64
			want bool
		}{{100, false}, {99, false}, {101, true}, {101, false}, {103, true}, {102, false}} {
			got, err := s.UseTOTPStep(ctx, w.userA.UserID, c.step)
			must(t, err)
			if got != c.want {
				t.Errorf("step %d: accepted %v, want %v", c.step, got, c.want)
			}
		}
		// Another user's steps are their own.
		must(t, s.SetTOTP(ctx, w.userB, w.userBID, "OTHER", 0))
		if ok, err := s.UseTOTPStep(ctx, w.userBID, 101); err != nil || !ok {
			t.Errorf("user B's first code: %v, %v", ok, err)
		}
	})
}
