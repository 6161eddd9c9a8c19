package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// User is a person who signs in. Users are disabled, never deleted, so
// the ids in answers, audits and the log keep naming someone (deleting a
// practice deletes its users, by cascade).
type User struct {
	ID         int64
	Email      string // lower case, unique
	Name       string
	Role       Role
	PracticeID int64 // set for RolePractice only
	// PasswordHash is an argon2id string made by the web package; the store
	// only keeps it. Empty means no password sign-in.
	PasswordHash string
	// TOTPSecret is stored as given; empty means no second factor set up.
	TOTPSecret string
	CreatedAt  time.Time
	Disabled   bool
}

// Tenant is the tenant this user acts as.
func (u User) Tenant() Tenant { return Tenant{UserID: u.ID, Role: u.Role, PracticeID: u.PracticeID} }

// NewUser is what CreateUser needs.
type NewUser struct {
	Email        string
	Name         string
	Role         Role
	PracticeID   int64 // required for RolePractice, refused for the others
	PasswordHash string
}

const userColumns = `id, email, name, role, practice_id, password_hash, totp_secret, created_at, disabled`

type scanner interface{ Scan(dest ...any) error }

func scanUser(row scanner) (User, error) {
	var u User
	var role string
	err := row.Scan(&u.ID, &u.Email, &u.Name, &role, scanID(&u.PracticeID), &u.PasswordHash,
		&u.TOTPSecret, scanTime(&u.CreatedAt), &u.Disabled)
	u.Role = Role(role)
	return u, err
}

// NormalEmail is an email address as stored and looked up: trimmed and lower
// case, so Jo@Clinic.example and jo@clinic.example are one account.
func NormalEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func checkNewUser(u *NewUser) error {
	u.Email = NormalEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		return invalid("%q is not an email address", u.Email)
	}
	if u.Name == "" {
		return invalid("a user needs a name")
	}
	if !u.Role.Valid() {
		return invalid("unknown role %q: use admin, auditor or practice", u.Role)
	}
	if (u.Role == RolePractice) != (u.PracticeID != 0) {
		return invalid("a practice user needs a practice, and only a practice user may have one")
	}
	return nil
}

// CreateUser adds a user. Admins only; ErrConflict when the email is taken.
// A practice user's practice must exist (ErrNotFound otherwise).
func (s *Store) CreateUser(ctx context.Context, t Tenant, nu NewUser) (User, error) {
	if !t.isAdmin() {
		return User{}, fmt.Errorf("creating a user: %w", ErrForbidden)
	}
	if err := checkNewUser(&nu); err != nil {
		return User{}, err
	}
	return insertUser(ctx, s.db, nu, s.now())
}

// HasUsers reports whether any user exists: before the first admin is made,
// `triage serve` offers its set-up link. Like CreateFirstAdmin it takes no
// Tenant, since nobody may exist to be one, and it reveals only whether
// the instance has been set up.
func (s *Store) HasUsers(ctx context.Context) (bool, error) {
	var any bool
	if err := s.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users)`).Scan(&any); err != nil {
		return false, fmt.Errorf("store: looking for users: %w", err)
	}
	return any, nil
}

// CreateFirstAdmin creates the first user, an admin, and only while there
// are no users at all; afterwards it gives ErrForbidden. It takes no Tenant
// because nobody exists to be one: this is how a new instance is set up.
func (s *Store) CreateFirstAdmin(ctx context.Context, nu NewUser) (User, error) {
	nu.Role, nu.PracticeID = RoleAdmin, 0
	if err := checkNewUser(&nu); err != nil {
		return User{}, err
	}
	// The emptiness check is in the INSERT itself, so two first admins
	// created at once cannot both succeed on SQLite; on PostgreSQL the
	// unique email makes the second of two identical requests fail, and
	// set-up is a one-person step.
	row := s.queryRow(ctx, `
		INSERT INTO users (email, name, role, password_hash, created_at)
		SELECT $1, $2, $3, $4, $5
		WHERE NOT EXISTS (SELECT 1 FROM users)
		RETURNING `+userColumns,
		nu.Email, nu.Name, string(nu.Role), nu.PasswordHash, FormatTime(s.now()))
	u, err := scanUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("creating the first admin: there are users already: %w", ErrForbidden)
	}
	if err != nil {
		return User{}, fmt.Errorf("store: creating the first admin: %w", err)
	}
	return u, nil
}

// insertUser is shared by CreateUser and UseInvite.
func insertUser(ctx context.Context, q queryer, nu NewUser, now time.Time) (User, error) {
	// The practice is read in the same statement, so a practice deleted a
	// moment ago cannot get a new user.
	row := q.QueryRowContext(ctx, `
		INSERT INTO users (email, name, role, practice_id, password_hash, created_at)
		SELECT $1, $2, $3, $4, $5, $6
		WHERE $7 OR EXISTS (SELECT 1 FROM practices WHERE id = $4)
		RETURNING `+userColumns,
		nu.Email, nu.Name, string(nu.Role), nullID(nu.PracticeID), nu.PasswordHash, FormatTime(now), nu.PracticeID == 0)
	u, err := scanUser(row)
	if isUniqueViolation(err) {
		return User{}, fmt.Errorf("user %s: %w", nu.Email, ErrConflict)
	}
	return u, notFound(err, "practice", nu.PracticeID)
}

// UserByEmail finds a user for signing in. It takes no Tenant because the
// person is not signed in yet; it is one of the store's few exceptions, and
// callers must check the password (and Disabled) before trusting the user.
func (s *Store) UserByEmail(ctx context.Context, email string) (User, error) {
	row := s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, NormalEmail(email))
	u, err := scanUser(row)
	return u, notFound(err, "user", NormalEmail(email))
}

// UserByID loads the user a session belongs to. Like UserByEmail it takes
// no Tenant: the session is what proves who is asking, and this is how the
// web package learns the Tenant in the first place.
func (s *Store) UserByID(ctx context.Context, id int64) (User, error) {
	row := s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id)
	u, err := scanUser(row)
	return u, notFound(err, "user", id)
}

// Users lists every user, by email, without password hashes or TOTP
// secrets (no page needs them). Admins only.
func (s *Store) Users(ctx context.Context, t Tenant) ([]User, error) {
	if !t.isAdmin() {
		return nil, fmt.Errorf("listing users: %w", ErrForbidden)
	}
	rows, err := s.query(ctx, `
		SELECT id, email, name, role, practice_id, '', '', created_at, disabled
		FROM users ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("store: listing users: %w", err)
	}
	defer rows.Close()
	var list []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: listing users: %w", err)
		}
		list = append(list, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: listing users: %w", err)
	}
	return list, nil
}

// SetPassword replaces a user's password hash: users change their own,
// admins anyone's. Anyone else gets ErrNotFound.
func (s *Store) SetPassword(ctx context.Context, t Tenant, userID int64, passwordHash string) error {
	res, err := s.db.ExecContext(ctx, `
		UPDATE users SET password_hash = $1 WHERE id = $2 AND ($3 OR id = $4)`,
		passwordHash, userID, t.isAdmin(), t.UserID)
	return affected(res, err, "user", userID)
}

// SetTOTP stores a user's TOTP secret ("" removes it) and the step of the
// code that confirmed it (0 when removing), which is then spent like a
// code used to sign in: users set their own, admins may reset anyone's.
func (s *Store) SetTOTP(ctx context.Context, t Tenant, userID int64, secret string, step int64) error {
	res, err := s.db.ExecContext(ctx, `
		UPDATE users SET totp_secret = $1, totp_last_step = $2 WHERE id = $3 AND ($4 OR id = $5)`,
		secret, step, userID, t.isAdmin(), t.UserID)
	return affected(res, err, "user", userID)
}

// UseTOTPStep records that a code of the given 30-second step was accepted
// for the user, and reports false, changing nothing, when that step or a
// later one was used before: each code works once (RFC 6238, section 5.2),
// also across instances sharing the database, as the check and the write
// are one statement. It takes no Tenant because it is part of signing in,
// before there is one (as UserByID); the caller has just checked the code
// against this user's own secret.
func (s *Store) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := s.db.ExecContext(ctx, `
		UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1`, step, userID)
	if err != nil {
		return false, fmt.Errorf("store: user %d: %w", userID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: user %d: %w", userID, err)
	}
	return n == 1, nil
}

// DisableUser stops a user signing in (disabled true) or lets them again.
// Admins only; the web package should also end the user's sessions.
func (s *Store) DisableUser(ctx context.Context, t Tenant, userID int64, disabled bool) error {
	if !t.isAdmin() {
		return fmt.Errorf("disabling a user: %w", ErrForbidden)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, disabled, userID)
	return affected(res, err, "user", userID)
}
