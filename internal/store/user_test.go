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
		must(t, s.SetTOTP(ctx, w.userA, w.userA.UserID, "SECRET"))
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
