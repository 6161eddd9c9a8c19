package store

import (
	"context"
	"fmt"
	"strings"

	"triage/internal/audit"
	"triage/internal/profile"
)

// SaveAcceptance records that the practice accepts the risk of one control
// failing: who owns the decision, why, and until when. Like answers, the
// last write wins.
func (s *Store) SaveAcceptance(ctx context.Context, t Tenant, practiceID int64, controlID string, a audit.Acceptance) (Answered, error) {
	if !profile.ValidControlID(controlID) {
		return Answered{}, invalid("%q is not a control id", controlID)
	}
	if strings.TrimSpace(a.Owner) == "" || strings.TrimSpace(a.Reason) == "" || a.Until.IsZero() {
		return Answered{}, invalid("accepting the risk of %s needs an owner, a reason and an end date", controlID)
	}
	all, own := t.Scope()
	row := s.queryRow(ctx, `
		INSERT INTO acceptances (practice_id, control_id, owner, reason, until_date, accepted_by, accepted_at)
		SELECT id, $1, $2, $3, $4, $5, $6 FROM practices WHERE id = $7 AND ($8 OR id = $9)
		ON CONFLICT (practice_id, control_id) DO UPDATE SET
			owner = excluded.owner, reason = excluded.reason, until_date = excluded.until_date,
			accepted_by = excluded.accepted_by, accepted_at = excluded.accepted_at
		RETURNING accepted_by, accepted_at`,
		controlID, a.Owner, a.Reason, a.Until.String(), t.UserID, FormatTime(s.now()), practiceID, all, own)
	var by Answered
	err := row.Scan(&by.UserID, scanTime(&by.At))
	return by, notFound(err, "practice", practiceID)
}

// DeleteAcceptance withdraws a risk acceptance.
func (s *Store) DeleteAcceptance(ctx context.Context, t Tenant, practiceID int64, controlID string) error {
	all, own := t.Scope()
	res, err := s.db.ExecContext(ctx, `
		DELETE FROM acceptances WHERE practice_id = $1 AND control_id = $2 AND ($3 OR practice_id = $4)`,
		practiceID, controlID, all, own)
	return affected(res, err, "acceptance", controlID)
}

// readAcceptances fills set's acceptances; Answers calls it.
func (s *Store) readAcceptances(ctx context.Context, t Tenant, practiceID int64, set *AnswerSet) error {
	all, own := t.Scope()
	rows, err := s.query(ctx, `
		SELECT a.control_id, a.owner, a.reason, a.until_date, a.accepted_by, COALESCE(u.name, ''), a.accepted_at
		FROM acceptances a LEFT JOIN users u ON u.id = a.accepted_by
		WHERE a.practice_id = $1 AND ($2 OR a.practice_id = $3)`, practiceID, all, own)
	if err != nil {
		return fmt.Errorf("store: reading acceptances: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id, until string
			a         audit.Acceptance
			by        Answered
		)
		if err := rows.Scan(&id, &a.Owner, &a.Reason, &until, &by.UserID, &by.Name, scanTime(&by.At)); err != nil {
			return fmt.Errorf("store: reading acceptances: %w", err)
		}
		d, err := audit.ParseDate(until)
		if err != nil {
			return fmt.Errorf("store: stored acceptance of %s: %w", id, err)
		}
		a.Until = d
		set.Answers.Accepted[id] = a
		set.AcceptedBy[id] = by
	}
	return rows.Err()
}
