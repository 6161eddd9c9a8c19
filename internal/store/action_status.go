package store

import (
	"context"
	"fmt"
	"time"
)

// ActionState is how far a practice has got with one action of its plan.
type ActionState string

// The action states.
const (
	ActionOpen       ActionState = "open"
	ActionInProgress ActionState = "in_progress"
	ActionDone       ActionState = "done"
)

// ActionStatus is the state of one action, keyed by the catalogue's action
// id, so it carries over from one audit to the next. A later audit that
// still finds the problem shows the action again (see
// AuditSummary.OpenNowActions).
type ActionStatus struct {
	ActionID  string
	Status    ActionState
	Note      string
	UpdatedBy int64
	UpdatedAt time.Time
}

// SetActionStatus records progress on one action.
func (s *Store) SetActionStatus(ctx context.Context, t Tenant, practiceID int64, actionID string, st ActionState, note string) (ActionStatus, error) {
	if st != ActionOpen && st != ActionInProgress && st != ActionDone {
		return ActionStatus{}, invalid("unknown action status %q: use open, in_progress or done", st)
	}
	if actionID == "" || len(actionID) > 100 {
		return ActionStatus{}, invalid("%q is not an action id", actionID)
	}
	all, own := t.Scope()
	row := s.queryRow(ctx, `
		INSERT INTO action_status (practice_id, action_id, status, note, updated_by, updated_at)
		SELECT id, $1, $2, $3, $4, $5 FROM practices WHERE id = $6 AND ($7 OR id = $8)
		ON CONFLICT (practice_id, action_id) DO UPDATE SET
			status = excluded.status, note = excluded.note,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at
		RETURNING action_id, status, note, updated_by, updated_at`,
		actionID, string(st), note, t.UserID, FormatTime(s.now()), practiceID, all, own)
	var a ActionStatus
	err := row.Scan(&a.ActionID, &a.Status, &a.Note, &a.UpdatedBy, scanTime(&a.UpdatedAt))
	return a, notFound(err, "practice", practiceID)
}

// ActionStatuses returns a practice's action states by action id.
func (s *Store) ActionStatuses(ctx context.Context, t Tenant, practiceID int64) (map[string]ActionStatus, error) {
	all, own := t.Scope()
	rows, err := s.query(ctx, `
		SELECT action_id, status, note, updated_by, updated_at FROM action_status
		WHERE practice_id = $1 AND ($2 OR practice_id = $3)`, practiceID, all, own)
	if err != nil {
		return nil, fmt.Errorf("store: reading action status: %w", err)
	}
	defer rows.Close()
	m := map[string]ActionStatus{}
	for rows.Next() {
		var a ActionStatus
		if err := rows.Scan(&a.ActionID, &a.Status, &a.Note, &a.UpdatedBy, scanTime(&a.UpdatedAt)); err != nil {
			return nil, fmt.Errorf("store: reading action status: %w", err)
		}
		m[a.ActionID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: reading action status: %w", err)
	}
	if len(m) == 0 {
		if err := s.visible(ctx, t, practiceID); err != nil {
			return nil, err
		}
	}
	return m, nil
}
