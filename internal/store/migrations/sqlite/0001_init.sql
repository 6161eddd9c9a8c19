-- Triage schema, version 1, SQLite dialect. Keep in step with
-- ../postgres/0001_init.sql: the same tables and columns, in the same order.
--
-- Conventions (docs/storage.md): instants are TEXT in UTC, fixed width
-- (2006-01-02T15:04:05.000000Z) so text order is time order; dates are
-- YYYY-MM-DD; JSON is TEXT so what was saved is what is read back, byte for
-- byte; booleans are INTEGER 0/1. AUTOINCREMENT keeps ids from being reused
-- after a delete, so an old link never points at someone else's data.

CREATE TABLE practices (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    country      TEXT NOT NULL,
    profile_yaml TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'auditor', 'practice')),
    practice_id   INTEGER REFERENCES practices (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL DEFAULT '',
    totp_secret   TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    CHECK ((role = 'practice') = (practice_id IS NOT NULL))
);
CREATE INDEX users_practice ON users (practice_id);

CREATE TABLE evidence_files (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    facts_json  TEXT NOT NULL,
    fact_count  INTEGER NOT NULL,
    error       TEXT NOT NULL DEFAULT '',
    uploaded_by INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL,
    UNIQUE (practice_id, name)
);

CREATE TABLE answers (
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    control_id  TEXT NOT NULL,
    value_json  TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    answered_by INTEGER NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (practice_id, control_id)
);

CREATE TABLE acceptances (
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    control_id  TEXT NOT NULL,
    owner       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    until_date  TEXT NOT NULL,
    accepted_by INTEGER NOT NULL,
    accepted_at TEXT NOT NULL,
    PRIMARY KEY (practice_id, control_id)
);

CREATE TABLE audits (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    as_of       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  INTEGER NOT NULL,
    score       INTEGER NOT NULL,
    rating      TEXT NOT NULL,
    e8_level    INTEGER NOT NULL,
    now_actions INTEGER NOT NULL,
    result_json TEXT NOT NULL
);
CREATE INDEX audits_practice_as_of ON audits (practice_id, as_of, id);

CREATE TABLE audit_actions (
    audit_id  INTEGER NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
    action_id TEXT NOT NULL,
    band      TEXT NOT NULL,
    rank      INTEGER NOT NULL,
    PRIMARY KEY (audit_id, action_id)
);

CREATE TABLE action_status (
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    action_id   TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done')),
    note        TEXT NOT NULL DEFAULT '',
    updated_by  INTEGER NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (practice_id, action_id)
);

CREATE TABLE invites (
    token_hash  TEXT PRIMARY KEY,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    created_by  INTEGER NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX invites_practice ON invites (practice_id);

-- No foreign keys: the log outlives the users and practices it mentions.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    user_id     INTEGER,
    practice_id INTEGER,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_practice ON audit_log (practice_id, at);

CREATE TABLE login_attempts (
    login_key    TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until TEXT,
    updated_at   TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    data       BLOB NOT NULL,
    expiry     TEXT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    practice_id  INTEGER REFERENCES practices (id) ON DELETE CASCADE,
    payload      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_after    TEXT NOT NULL,
    locked_by    TEXT,
    locked_until TEXT,
    result       TEXT NOT NULL DEFAULT '',
    error        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX jobs_claim ON jobs (status, run_after, id);
CREATE INDEX jobs_practice ON jobs (practice_id);
