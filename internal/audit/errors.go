package audit

import (
	"errors"
	"fmt"
)

// Error codes, mapped once to exit codes (cli) and HTTP statuses (web).
const (
	EInvalid   = "invalid" // bad input: the user can fix it
	ENotFound  = "not_found"
	EForbidden = "forbidden" // the signed-in user may not do this
	EConflict  = "conflict"  // the change clashes with what is stored
	EInternal  = "internal"
)

// Error is an error a user can act on: what was wrong, where, and how to fix it.
type Error struct {
	Code string
	File string // may be empty
	Line int    // 0 when unknown
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	loc := e.File
	if loc != "" && e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	msg := e.Msg
	if e.Err != nil {
		if msg != "" {
			msg += ": "
		}
		msg += e.Err.Error()
	}
	if loc != "" {
		return loc + ": " + msg
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Invalid returns an EInvalid error located at file:line.
func Invalid(file string, line int, format string, args ...any) *Error {
	return &Error{Code: EInvalid, File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EInternal when it carries none.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}
