package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"triage/internal/audit"
)

// Audit is a saved audit: its headline and, from Audit and LatestAudit,
// the whole result.
type Audit struct {
	AuditSummary
	PracticeID int64
	CreatedBy  int64
	Result     *audit.Result // nil in the Audits list
}

// SaveAudit stores an audit of a practice. The result is kept as its JSON
// report, byte for byte; the headline numbers and the plan's actions are
// also kept in columns so lists need not decode every report.
func (s *Store) SaveAudit(ctx context.Context, t Tenant, practiceID int64, r *audit.Result) (Audit, error) {
	if _, err := audit.ParseDate(r.AsOf); err != nil {
		return Audit{}, invalid("the audit's as-of date: %v", err)
	}
	body, err := json.Marshal(r)
	if err != nil {
		return Audit{}, fmt.Errorf("store: encoding the audit: %w", err)
	}
	now := 0
	for _, a := range r.Actions {
		if a.Band == audit.BandNow {
			now++
		}
	}
	all, own := t.Scope()
	a := Audit{PracticeID: practiceID, CreatedBy: t.UserID, Result: r}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		// Lock the practice first, so that two audits of it saved at once
		// take turns and each sees the other in the score history.
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM practices WHERE id = $1 AND ($2 OR id = $3)`+s.d.forUpdate,
			practiceID, all, own).Scan(&id)
		if err != nil {
			return notFound(err, "practice", practiceID)
		}
		row := tx.QueryRowContext(ctx, `
			INSERT INTO audits (practice_id, as_of, created_at, created_by, score, rating, e8_level, now_actions, result_json)
			SELECT id, $1, $2, $3, $4, $5, $6, $7, $8 FROM practices WHERE id = $9 AND ($10 OR id = $11)
			RETURNING id, created_at`,
			r.AsOf, FormatTime(s.now()), t.UserID, r.Scores.Overall, r.Scores.Rating, r.E8Level, now,
			string(body), practiceID, all, own)
		if err := row.Scan(&a.ID, scanTime(&a.CreatedAt)); err != nil {
			return notFound(err, "practice", practiceID)
		}
		for _, act := range r.Actions {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO audit_actions (audit_id, action_id, band, rank) VALUES ($1, $2, $3, $4)`,
				a.ID, act.ID, string(act.Band), act.Rank); err != nil {
				return fmt.Errorf("store: saving the audit's actions: %w", err)
			}
		}
		return updateScoreHistory(ctx, tx, practiceID)
	})
	if err != nil {
		return Audit{}, err
	}
	a.AsOf, a.Score, a.Rating, a.E8Level = r.AsOf, r.Scores.Overall, r.Scores.Rating, r.E8Level
	a.NowActions, a.OpenNowActions = now, now
	return a, nil
}

// updateScoreHistory rewrites practices.score_history from the practice's
// latest historyLength audits (newest first), inside the transaction that
// saved one.
func updateScoreHistory(ctx context.Context, tx *sql.Tx, practiceID int64) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT as_of, score FROM audits WHERE practice_id = $1
		ORDER BY as_of DESC, id DESC LIMIT $2`, practiceID, historyLength)
	if err != nil {
		return fmt.Errorf("store: reading the score history: %w", err)
	}
	var h []ScorePoint
	for rows.Next() {
		var p ScorePoint
		if err := rows.Scan(&p.AsOf, &p.Score); err != nil {
			rows.Close()
			return fmt.Errorf("store: reading the score history: %w", err)
		}
		h = append(h, p)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return fmt.Errorf("store: reading the score history: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE practices SET score_history = $1 WHERE id = $2`, encodeHistory(h), practiceID); err != nil {
		return fmt.Errorf("store: saving the score history: %w", err)
	}
	return nil
}

const auditColumns = `id, practice_id, as_of, created_at, created_by, score, rating, e8_level, now_actions`

func scanAudit(row scanner, extra ...any) (Audit, error) {
	var a Audit
	dest := append([]any{&a.ID, &a.PracticeID, &a.AsOf, scanTime(&a.CreatedAt), &a.CreatedBy,
		&a.Score, &a.Rating, &a.E8Level, &a.NowActions}, extra...)
	err := row.Scan(dest...)
	return a, err
}

// Audits lists a practice's audits, latest as-of date first, without their
// results.
func (s *Store) Audits(ctx context.Context, t Tenant, practiceID int64) ([]Audit, error) {
	all, own := t.Scope()
	rows, err := s.query(ctx, `
		SELECT `+auditColumns+` FROM audits
		WHERE practice_id = $1 AND ($2 OR practice_id = $3)
		ORDER BY as_of DESC, id DESC`, practiceID, all, own)
	if err != nil {
		return nil, fmt.Errorf("store: listing audits: %w", err)
	}
	defer rows.Close()
	var list []Audit
	for rows.Next() {
		a, err := scanAudit(rows)
		if err != nil {
			return nil, fmt.Errorf("store: listing audits: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: listing audits: %w", err)
	}
	if list == nil {
		return nil, s.visible(ctx, t, practiceID)
	}
	return list, nil
}

// Audit returns one saved audit with its result.
func (s *Store) Audit(ctx context.Context, t Tenant, id int64) (Audit, error) {
	all, own := t.Scope()
	row := s.queryRow(ctx, `
		SELECT `+auditColumns+`, result_json FROM audits
		WHERE id = $1 AND ($2 OR practice_id = $3)`, id, all, own)
	return decodeAudit(row, "audit", id)
}

// LatestAudit returns the practice's audit with the latest as-of date, with
// its result; ErrNotFound when it has none.
func (s *Store) LatestAudit(ctx context.Context, t Tenant, practiceID int64) (Audit, error) {
	all, own := t.Scope()
	row := s.queryRow(ctx, `
		SELECT `+auditColumns+`, result_json FROM audits
		WHERE practice_id = $1 AND ($2 OR practice_id = $3)
		ORDER BY as_of DESC, id DESC LIMIT 1`, practiceID, all, own)
	return decodeAudit(row, "audit of practice", practiceID)
}

func decodeAudit(row *sql.Row, what string, id int64) (Audit, error) {
	var body string
	a, err := scanAudit(row, &body)
	if err != nil {
		return Audit{}, notFound(err, what, id)
	}
	a.Result = new(audit.Result)
	if err := json.Unmarshal([]byte(body), a.Result); err != nil {
		return Audit{}, fmt.Errorf("store: stored audit %d: %w", a.ID, err)
	}
	a.OpenNowActions = a.NowActions
	return a, nil
}
