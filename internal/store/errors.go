package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"triage/internal/audit"
)

// Error codes audit does not have yet. They are plain strings so callers
// that map audit codes (exit codes, HTTP statuses) can add them; until then
// they count as internal errors there.
const (
	CodeForbidden = audit.EForbidden // signed in, but this role may not do that
	CodeConflict  = audit.EConflict  // the record exists already (an email in use)
)

// The store's errors. Methods wrap them with what was asked for; test with
// errors.Is, and audit.ErrorCode gives their code.
var (
	// ErrNotFound: no such record, or one the tenant may not see; the two are
	// deliberately indistinguishable.
	ErrNotFound = &audit.Error{Code: audit.ENotFound, Msg: "not found"}
	// ErrForbidden: the tenant's role may not do this at all (user
	// management and deletions are for admins). It never depends on an id.
	ErrForbidden = &audit.Error{Code: CodeForbidden, Msg: "not allowed for this account"}
	// ErrConflict: a unique value is taken, such as a user's email.
	ErrConflict = &audit.Error{Code: CodeConflict, Msg: "already exists"}
)

// invalid is a problem with the caller's input that the user can fix.
func invalid(format string, args ...any) error {
	return audit.Invalid("", 0, format, args...)
}

// isUniqueViolation reports whether err is a unique or primary key
// violation, on either database.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}
