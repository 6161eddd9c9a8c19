package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"triage/internal/audit"
	"triage/internal/profile"
)

// Answered says who last changed a questionnaire answer or acceptance,
// and when.
type Answered struct {
	UserID int64
	Name   string // the user's name; filled in by AnswerSet
	At     time.Time
}

// AnswerSet is a practice's questionnaire: the answers and acceptances as
// the engine reads them, and who gave each.
type AnswerSet struct {
	Answers    audit.Answers
	AnsweredBy map[string]Answered // by control id
	AcceptedBy map[string]Answered // by control id
}

// SaveAnswer records the answer to one question. The last write wins: two
// people answering the same question at once leave the later answer, and
// each sees who answered last when the page reloads.
func (s *Store) SaveAnswer(ctx context.Context, t Tenant, practiceID int64, controlID string, a audit.Answer) (Answered, error) {
	if err := checkAnswer(controlID, a); err != nil {
		return Answered{}, err
	}
	note := a.Note
	a.Note = "" // kept in its own column
	value, err := json.Marshal(a)
	if err != nil {
		return Answered{}, fmt.Errorf("store: %w", err)
	}
	all, own := t.Scope()
	row := s.queryRow(ctx, `
		INSERT INTO answers (practice_id, control_id, value_json, note, answered_by, answered_at)
		SELECT id, $1, $2, $3, $4, $5 FROM practices WHERE id = $6 AND ($7 OR id = $8)
		ON CONFLICT (practice_id, control_id) DO UPDATE SET
			value_json = excluded.value_json, note = excluded.note,
			answered_by = excluded.answered_by, answered_at = excluded.answered_at
		RETURNING answered_by, answered_at`,
		controlID, string(value), note, t.UserID, FormatTime(s.now()), practiceID, all, own)
	var by Answered
	err = row.Scan(&by.UserID, scanTime(&by.At))
	return by, notFound(err, "practice", practiceID)
}

// checkAnswer refuses answers the engine could not read.
func checkAnswer(controlID string, a audit.Answer) error {
	if !profile.ValidControlID(controlID) {
		return invalid("%q is not a control id", controlID)
	}
	ok := false
	switch a.Kind {
	case audit.KindChoice:
		ok = a.Choice == "yes" || a.Choice == "partly" || a.Choice == "no"
	case audit.KindUnknown, audit.KindNA:
		ok = true
	case audit.KindNumber:
		ok = a.Number != nil
	case audit.KindDate:
		ok = a.Date != nil
	case audit.KindList:
		ok = a.List != nil
	}
	if !ok {
		return invalid("the answer to %s is incomplete: a %q answer without its value", controlID, a.Kind)
	}
	return nil
}

// DeleteAnswer clears the answer to one question.
func (s *Store) DeleteAnswer(ctx context.Context, t Tenant, practiceID int64, controlID string) error {
	all, own := t.Scope()
	res, err := s.db.ExecContext(ctx, `
		DELETE FROM answers WHERE practice_id = $1 AND control_id = $2 AND ($3 OR practice_id = $4)`,
		practiceID, controlID, all, own)
	return affected(res, err, "answer", controlID)
}

// Answers returns a practice's answers and acceptances. Answers.AnsweredBy
// and AnsweredOn name the last person to answer and the day.
func (s *Store) Answers(ctx context.Context, t Tenant, practiceID int64) (AnswerSet, error) {
	set := AnswerSet{
		Answers:    audit.Answers{Answers: map[string]audit.Answer{}, Accepted: map[string]audit.Acceptance{}},
		AnsweredBy: map[string]Answered{},
		AcceptedBy: map[string]Answered{},
	}
	if err := s.readAnswers(ctx, t, practiceID, &set); err != nil {
		return AnswerSet{}, err
	}
	if err := s.readAcceptances(ctx, t, practiceID, &set); err != nil {
		return AnswerSet{}, err
	}
	if len(set.AnsweredBy) == 0 && len(set.AcceptedBy) == 0 {
		if err := s.visible(ctx, t, practiceID); err != nil {
			return AnswerSet{}, err
		}
	}
	return set, nil
}

func (s *Store) readAnswers(ctx context.Context, t Tenant, practiceID int64, set *AnswerSet) error {
	all, own := t.Scope()
	rows, err := s.query(ctx, `
		SELECT a.control_id, a.value_json, a.note, a.answered_by, COALESCE(u.name, ''), a.answered_at
		FROM answers a LEFT JOIN users u ON u.id = a.answered_by
		WHERE a.practice_id = $1 AND ($2 OR a.practice_id = $3)
		ORDER BY a.answered_at, a.control_id`, practiceID, all, own)
	if err != nil {
		return fmt.Errorf("store: reading answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id, value string
			a         audit.Answer
			by        Answered
		)
		if err := rows.Scan(&id, &value, &a.Note, &by.UserID, &by.Name, scanTime(&by.At)); err != nil {
			return fmt.Errorf("store: reading answers: %w", err)
		}
		note := a.Note
		if err := json.Unmarshal([]byte(value), &a); err != nil {
			return fmt.Errorf("store: stored answer to %s: %w", id, err)
		}
		a.Note = note
		set.Answers.Answers[id] = a
		set.AnsweredBy[id] = by
		// Rows come oldest first, so the last one wins.
		set.Answers.AnsweredBy = by.Name
		day := audit.NewDate(by.At)
		set.Answers.AnsweredOn = &day
	}
	return rows.Err()
}
