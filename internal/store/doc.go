// Package store keeps Triage's data: users, practices, evidence files,
// questionnaire answers, saved audits, action progress, invites, sessions,
// sign-in back-off and the audit log, in SQLite (the default, one file) or
// PostgreSQL (several instances sharing one database), behind one *sql.DB
// and the same SQL on both.
//
// The tenancy rule: every method that reads or writes practice data takes
// the caller's Tenant first, and the check is part of the SQL statement's
// WHERE clause, never a Go if after the fact. A practice user asking for
// another practice's record gets ErrNotFound, exactly as if the id did not
// exist, so ids reveal nothing. Admin-only operations (users, deleting a
// practice, the audit log) check the role and return ErrForbidden. The few
// methods without a Tenant serve people who are not signed in yet
// (UserByEmail, UserByID, UseInvite, CreateFirstAdmin, the sign-in
// back-off, Sessions); each says why in its comment.
//
// Files: store.go (Open, the dialect), migrate.go and migrations/ (the
// schema), backup.go (SQLite backup and restore), tenant.go, errors.go,
// timestamp.go, then one file per entity: user.go, practice.go,
// evidence.go, answer.go, acceptance.go, audit.go, action_status.go,
// invite.go, audit_log.go, login_attempt.go, session.go. The jobs table is
// created here (one schema, one version) and used by package jobs.
// storetest/ gives tests of this and other packages a fresh SQLite file and,
// when configured, a fresh PostgreSQL schema.
//
// It imports audit, profile (a practice profile is validated before it is
// saved), importer (facts are stored in the facts.json format), the
// standard library and the two database drivers. docs/storage.md is the
// operator's guide.
package store
