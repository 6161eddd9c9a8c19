package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"
)

// Invite is an invitation for someone to join a practice as a practice
// user.
type Invite struct {
	PracticeID   int64
	PracticeName string // set by InviteByToken
	Email        string
	ExpiresAt    time.Time
	CreatedBy    int64
}

// CreateInvite invites email to join a practice the tenant may see, as a
// practice user, and returns the token to send them (in a link). Only the
// token's SHA-256 is stored, so the database alone cannot be used to accept
// an invitation. The token works once, until ttl has passed.
func (s *Store) CreateInvite(ctx context.Context, t Tenant, practiceID int64, email string, ttl time.Duration) (string, error) {
	email = NormalEmail(email)
	if err := checkNewUser(&NewUser{Email: email, Name: "-", Role: RolePractice, PracticeID: 1}); err != nil {
		return "", err
	}
	if ttl <= 0 {
		return "", invalid("an invitation must expire after a positive time")
	}
	raw := make([]byte, 32)
	rand.Read(raw) // never fails (crypto/rand documents it)
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := s.now()
	all, own := t.Scope()
	row := s.queryRow(ctx, `
		INSERT INTO invites (token_hash, practice_id, email, expires_at, created_by, created_at)
		SELECT $1, id, $2, $3, $4, $5 FROM practices WHERE id = $6 AND ($7 OR id = $8)
		RETURNING practice_id`,
		tokenHash(token), email, FormatTime(now.Add(ttl)), t.UserID, FormatTime(now), practiceID, all, own)
	var id int64
	if err := notFound(row.Scan(&id), "practice", practiceID); err != nil {
		return "", err
	}
	return token, nil
}

// tokenHash is how secret tokens (invitations, sessions) are stored: a
// copy of the database or a backup does not contain a usable token.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// InviteByToken looks at an invitation without using it, so the page the
// link opens can greet the invitee or say at once that the link no longer
// works. Like UseInvite it takes no Tenant, as the token is the proof, and
// an unknown, used or expired token gives ErrNotFound (not told apart). It
// reveals to the link's holder only the email it was sent to and the
// practice's name.
func (s *Store) InviteByToken(ctx context.Context, token string) (Invite, error) {
	var inv Invite
	row := s.queryRow(ctx, `
		SELECT i.practice_id, p.name, i.email, i.expires_at, i.created_by
		FROM invites i JOIN practices p ON p.id = i.practice_id
		WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2`,
		tokenHash(token), FormatTime(s.now()))
	err := row.Scan(&inv.PracticeID, &inv.PracticeName, &inv.Email, scanTime(&inv.ExpiresAt), &inv.CreatedBy)
	return inv, notFound(err, "invitation", "token")
}

// UseInvite accepts an invitation: in one transaction it marks the token
// used and creates the practice user it invites, named name with the
// given password hash. It takes no Tenant because the invitee has no
// account yet; the token is the proof. An unknown, used or expired token
// gives ErrNotFound (the three are not told apart); an email that already
// has an account gives ErrConflict and leaves the invitation unused.
func (s *Store) UseInvite(ctx context.Context, token, name, passwordHash string) (User, error) {
	var u User
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var inv Invite
		row := tx.QueryRowContext(ctx, `
			UPDATE invites SET used_at = $1
			WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
			RETURNING practice_id, email`, FormatTime(now), tokenHash(token))
		if err := row.Scan(&inv.PracticeID, &inv.Email); err != nil {
			return notFound(err, "invitation", "token")
		}
		nu := NewUser{Email: inv.Email, Name: name, Role: RolePractice, PracticeID: inv.PracticeID, PasswordHash: passwordHash}
		if err := checkNewUser(&nu); err != nil {
			return err
		}
		var err error
		u, err = insertUser(ctx, tx, nu, now)
		if err != nil {
			return err
		}
		return logEntry(ctx, tx, now, u.Tenant(), u.PracticeID, "invite.use", u.Email)
	})
	if err != nil {
		return User{}, fmt.Errorf("accepting the invitation: %w", err)
	}
	return u, nil
}
