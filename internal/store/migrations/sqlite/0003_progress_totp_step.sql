-- Keep in step with ../postgres/0003_progress_totp_step.sql.

-- A running job's progress so far (one line per finished step), so the
-- status page can show a scan's steps while it runs, from any instance.
ALTER TABLE jobs ADD COLUMN progress TEXT NOT NULL DEFAULT '';

-- The last 30-second step whose authenticator code was accepted for the
-- user, so a code cannot be used twice (RFC 6238 section 5.2).
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
