package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"triage/internal/audit"
	"triage/internal/store"
)

// Status is where a job is in its life.
type Status string

// Job statuses.
const (
	Queued  Status = "queued"  // waiting for a worker (again, after a failure)
	Running Status = "running" // claimed; the lease says until when
	Done    Status = "done"
	Failed  Status = "failed" // out of attempts, or failed for good
)

// Job is one piece of background work.
type Job struct {
	ID          int64
	Kind        string
	PracticeID  int64 // 0 for instance-wide work
	Payload     json.RawMessage
	Status      Status
	Attempts    int // claims so far, this one included
	MaxAttempts int
	RunAfter    time.Time
	LockedBy    string
	LockedUntil time.Time
	Result      json.RawMessage // set when done
	Error       string          // the last failure
	// Progress is what the running attempt has reported so far
	// (Queue.Progress); a new attempt starts it afresh.
	Progress  string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ErrLeaseLost: the job's lease ran out and another worker claimed it, or
// it was otherwise finished, so this worker's outcome is not recorded.
var ErrLeaseLost = errors.New("jobs: the job's lease was lost to another worker")

// Queue is the jobs table. Set its fields before use; they are read, never
// written, by its methods.
type Queue struct {
	s *store.Store
	// Lease is how long a claim lasts without being extended; Runner
	// extends it while the handler runs.
	Lease time.Duration
	// MaxAttempts is how many times a job is tried before it fails for good.
	MaxAttempts int
	// RetryBase is the wait after the first failure; each later one doubles
	// it, up to RetryMax.
	RetryBase, RetryMax time.Duration
}

// New returns a queue on the store's database, with a 5-minute lease and
// 5 attempts, retried after 30s, 1m, 2m, 4m (at most an hour apart).
// Time comes from the store (store.WithClock fixes it in tests).
func New(s *store.Store) *Queue {
	return &Queue{s: s, Lease: 5 * time.Minute, MaxAttempts: 5, RetryBase: 30 * time.Second, RetryMax: time.Hour}
}

func (q *Queue) db() *sql.DB    { return q.s.DB() }
func (q *Queue) now() time.Time { return q.s.Now() }

// Enqueue adds a job of kind for a practice the tenant may see (ErrNotFound
// otherwise), or, with practiceID 0, an instance-wide job, which only
// admins and auditors may queue. payload is stored as JSON.
func (q *Queue) Enqueue(ctx context.Context, t store.Tenant, kind string, practiceID int64, payload any) (int64, error) {
	if kind == "" {
		return 0, audit.Invalid("", 0, "a job needs a kind")
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return 0, fmt.Errorf("jobs: encoding the payload of a %s job: %w", kind, err)
	}
	now := store.FormatTime(q.now())
	var id int64
	if practiceID == 0 {
		if !t.AllPractices() {
			return 0, fmt.Errorf("queueing an instance-wide %s job: %w", kind, store.ErrForbidden)
		}
		err = q.db().QueryRowContext(ctx, `
			INSERT INTO jobs (kind, payload, status, max_attempts, run_after, created_at, updated_at)
			VALUES ($1, $2, 'queued', $3, $4, $4, $4) RETURNING id`,
			kind, string(body), q.MaxAttempts, now).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("jobs: queueing a %s job: %w", kind, err)
		}
		return id, nil
	}
	all, own := t.Scope()
	err = q.db().QueryRowContext(ctx, `
		INSERT INTO jobs (kind, practice_id, payload, status, max_attempts, run_after, created_at, updated_at)
		SELECT $1, id, $2, 'queued', $3, $4, $4, $4 FROM practices WHERE id = $5 AND ($6 OR id = $7)
		RETURNING id`,
		kind, string(body), q.MaxAttempts, now, practiceID, all, own).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("practice %d: %w", practiceID, store.ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("jobs: queueing a %s job: %w", kind, err)
	}
	return id, nil
}

const jobColumns = `id, kind, practice_id, payload, status, attempts, max_attempts, run_after,
	locked_by, locked_until, result, error, created_at, updated_at, progress`

type scanner interface{ Scan(dest ...any) error }

func scanJob(row scanner) (*Job, error) {
	var (
		j                               Job
		practice                        sql.NullInt64
		payload, result                 string
		lockedBy, lockedUntil, runAfter sql.NullString
		created, updated                string
	)
	err := row.Scan(&j.ID, &j.Kind, &practice, &payload, &j.Status, &j.Attempts, &j.MaxAttempts, &runAfter,
		&lockedBy, &lockedUntil, &result, &j.Error, &created, &updated, &j.Progress)
	if err != nil {
		return nil, err
	}
	j.PracticeID, j.LockedBy = practice.Int64, lockedBy.String
	j.Payload = json.RawMessage(payload)
	if result != "" {
		j.Result = json.RawMessage(result)
	}
	for _, f := range []struct {
		dst *time.Time
		src string
	}{{&j.RunAfter, runAfter.String}, {&j.LockedUntil, lockedUntil.String}, {&j.CreatedAt, created}, {&j.UpdatedAt, updated}} {
		if f.src == "" {
			continue
		}
		if *f.dst, err = store.ParseTime(f.src); err != nil {
			return nil, err
		}
	}
	return &j, nil
}

// Job returns one job of a practice the tenant may see; instance-wide jobs
// are visible to admins and auditors.
func (q *Queue) Job(ctx context.Context, t store.Tenant, id int64) (*Job, error) {
	all, own := t.Scope()
	row := q.db().QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = $1 AND ($2 OR practice_id = $3)`, id, all, own)
	j, err := scanJob(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("job %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("jobs: reading job %d: %w", id, err)
	}
	return j, nil
}

// Claim gives worker the oldest job that is due, or whose previous
// worker's lease has run out, and leases it; nil when there is none. It
// takes no Tenant: workers serve the whole instance, and handlers get the
// practice from the job.
//
// It is one statement. On PostgreSQL the subquery's FOR UPDATE SKIP LOCKED
// makes concurrent claimers pass over a row another is taking instead of
// waiting for it; on SQLite the UPDATE holds the database's single write
// lock from reading to writing, so two claimers simply take turns.
func (q *Queue) Claim(ctx context.Context, worker string) (*Job, error) {
	for {
		now := q.now()
		row := q.db().QueryRowContext(ctx, `
			UPDATE jobs SET status = 'running', attempts = attempts + 1,
				locked_by = $1, locked_until = $2, updated_at = $3, progress = ''
			WHERE id = (SELECT id FROM jobs
				WHERE (status = 'queued' AND run_after <= $3) OR (status = 'running' AND locked_until < $3)
				ORDER BY run_after, id LIMIT 1`+q.s.SkipLocked()+`)
			RETURNING `+jobColumns,
			worker, store.FormatTime(now.Add(q.Lease)), store.FormatTime(now))
		j, err := scanJob(row)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("jobs: claiming a job: %w", err)
		}
		if j.Attempts <= j.MaxAttempts {
			return j, nil
		}
		// Reclaimed once too often: every worker that took it died or hung.
		if err := q.finish(ctx, j, Failed, "", "abandoned: every attempt's worker stopped before finishing"); err != nil {
			return nil, err
		}
	}
}

// Extend renews the lease of a job this worker holds.
func (q *Queue) Extend(ctx context.Context, j *Job) error {
	now := q.now()
	return q.updateHeld(ctx, j, `locked_until = $1, updated_at = $2`,
		store.FormatTime(now.Add(q.Lease)), store.FormatTime(now))
}

// Progress records how far the running job has got, replacing what it
// reported before, so its status page can show it from any instance. Only
// the worker holding the lease can write it (ErrLeaseLost otherwise).
func (q *Queue) Progress(ctx context.Context, j *Job, progress string) error {
	return q.updateHeld(ctx, j, `progress = $1, updated_at = $2`, progress, store.FormatTime(q.now()))
}

// held turns "no row matched" into ErrLeaseLost. The match is on the
// worker and the attempt number, so a worker whose lease ran out cannot
// touch the job even if it is claimed again under the same worker name.
func held(res sql.Result, err error, j *Job) error {
	if err != nil {
		return fmt.Errorf("jobs: job %d: %w", j.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("job %d: %w", j.ID, ErrLeaseLost)
	}
	return nil
}

// Complete records a job's success and result (stored as JSON).
func (q *Queue) Complete(ctx context.Context, j *Job, result any) error {
	body, err := json.Marshal(result)
	if err != nil {
		return fmt.Errorf("jobs: encoding the result of job %d: %w", j.ID, err)
	}
	return q.finish(ctx, j, Done, string(body), "")
}

// Fail records a failure. The job is queued again after a back-off unless
// it has used its attempts or cause is Permanent.
func (q *Queue) Fail(ctx context.Context, j *Job, cause error) error {
	msg := cause.Error()
	var p permanent
	if errors.As(cause, &p) || j.Attempts >= j.MaxAttempts {
		return q.finish(ctx, j, Failed, "", msg)
	}
	now := q.now()
	return q.updateHeld(ctx, j, `status = 'queued', run_after = $1, error = $2, locked_by = NULL, locked_until = NULL, updated_at = $3`,
		store.FormatTime(now.Add(q.retryDelay(j.Attempts))), msg, store.FormatTime(now))
}

// retryDelay is the back-off after the given attempt: RetryBase doubled
// for each earlier attempt, at most RetryMax.
func (q *Queue) retryDelay(attempt int) time.Duration {
	d := q.RetryBase
	for i := 1; i < attempt && d < q.RetryMax; i++ {
		d *= 2
	}
	return min(d, q.RetryMax)
}

func (q *Queue) finish(ctx context.Context, j *Job, st Status, result, msg string) error {
	return q.updateHeld(ctx, j, `status = $1, result = $2, error = $3, locked_by = NULL, locked_until = NULL, updated_at = $4`,
		string(st), result, msg, store.FormatTime(q.now()))
}

// updateHeld runs UPDATE jobs SET set (whose placeholders are $1 to
// $len(args)) on j, only while this worker still holds its lease: the job
// is running, under this worker's name and at this attempt. Otherwise it
// changes nothing and gives ErrLeaseLost (held).
func (q *Queue) updateHeld(ctx context.Context, j *Job, set string, args ...any) error {
	n := len(args)
	where := fmt.Sprintf(` WHERE id = $%d AND status = 'running' AND locked_by = $%d AND attempts = $%d`, n+1, n+2, n+3)
	res, err := q.db().ExecContext(ctx, `UPDATE jobs SET `+set+where, append(args, j.ID, j.LockedBy, j.Attempts)...)
	return held(res, err, j)
}

// Prune deletes finished jobs (done or failed) last updated before the
// given time, and returns how many.
func (q *Queue) Prune(ctx context.Context, before time.Time) (int64, error) {
	res, err := q.db().ExecContext(ctx, `DELETE FROM jobs WHERE status IN ('done', 'failed') AND updated_at < $1`,
		store.FormatTime(before))
	if err != nil {
		return 0, fmt.Errorf("jobs: pruning: %w", err)
	}
	return res.RowsAffected()
}

// permanent marks a failure that retrying cannot fix.
type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// Permanent wraps a handler's error so the job fails at once, without
// retries: bad input, an unknown kind, a practice that no longer exists.
func Permanent(err error) error { return permanent{err} }
