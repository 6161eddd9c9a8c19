// Package jobs runs background work (scans, imports, report rendering,
// clean-ups) from the jobs table in the store's database, so that work
// queued by one `triage serve` instance can be done by any of them and
// survives restarts.
//
// A Queue enqueues, claims, completes and fails jobs; a Runner polls the
// queue and calls the handler registered for each job's kind. Each claim
// takes a lease: a worker that crashes or hangs loses its job when the
// lease runs out and another worker picks it up, and a stale worker's late
// Complete is refused (ErrLeaseLost), so a job's result is recorded once.
// Claiming is one UPDATE of the oldest due job, with FOR UPDATE SKIP LOCKED
// on PostgreSQL so instances never wait on one another, and under SQLite's
// single write lock on SQLite. Failed jobs are retried with exponential
// back-off up to MaxAttempts.
//
// Files: queue.go (Queue, Job, Enqueue, Claim, Complete, Fail), runner.go
// (Runner). The table is created by the store's migrations.
//
// It imports store (for the database, its dialect and Tenant), audit and
// the standard library.
package jobs
