package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"triage/internal/audit"
	"triage/internal/importer"
)

// Evidence is one uploaded evidence file: what it was and what it yielded.
// The file's own bytes are not kept, only the facts read from it, so
// columns the controls do not need (and any patient data) never reach the
// database.
type Evidence struct {
	ID         int64
	PracticeID int64
	Name       string
	Kind       string // the importer that read it
	SHA256     string
	Size       int64
	Facts      int // how many facts it yielded
	// Error says why the file could not be imported; such a file has no
	// facts and is listed so the user can fix and upload it again.
	Error      string
	UploadedBy int64
	UploadedAt time.Time
}

// NewEvidence is an imported file, typically one file of an
// importer.ImportBytes result.
type NewEvidence struct {
	Name   string
	Kind   string
	SHA256 string
	Size   int64
	Facts  []audit.Fact
	Error  string
}

const evidenceColumns = `id, practice_id, name, kind, sha256, size, fact_count, error, uploaded_by, uploaded_at`

func scanEvidence(row scanner) (Evidence, error) {
	var e Evidence
	err := row.Scan(&e.ID, &e.PracticeID, &e.Name, &e.Kind, &e.SHA256, &e.Size, &e.Facts, &e.Error,
		&e.UploadedBy, scanTime(&e.UploadedAt))
	return e, err
}

// SaveEvidence stores a file's facts for a practice. A file of the same name
// replaces the earlier upload, as a user re-exporting a report expects.
// The replacement and its audit-log entry commit together.
func (s *Store) SaveEvidence(ctx context.Context, t Tenant, practiceID int64, ne NewEvidence) (Evidence, error) {
	ne.Name = strings.TrimSpace(ne.Name)
	if ne.Name == "" {
		return Evidence{}, invalid("an evidence file needs a name")
	}
	var buf bytes.Buffer
	if err := importer.WriteFacts(&buf, ne.Facts); err != nil {
		return Evidence{}, err
	}
	all, own := t.Scope()
	var e Evidence
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		row := tx.QueryRowContext(ctx, `
			INSERT INTO evidence_files (practice_id, name, kind, sha256, size, facts_json, fact_count, error, uploaded_by, uploaded_at)
			SELECT id, $1, $2, $3, $4, $5, $6, $7, $8, $9 FROM practices
			WHERE id = $10 AND ($11 OR id = $12)
			ON CONFLICT (practice_id, name) DO UPDATE SET
				kind = excluded.kind, sha256 = excluded.sha256, size = excluded.size,
				facts_json = excluded.facts_json, fact_count = excluded.fact_count, error = excluded.error,
				uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at
			RETURNING `+evidenceColumns,
			ne.Name, ne.Kind, ne.SHA256, ne.Size, buf.String(), len(ne.Facts), ne.Error, t.UserID,
			FormatTime(s.now()), practiceID, all, own)
		var err error
		if e, err = scanEvidence(row); err != nil {
			return notFound(err, "practice", practiceID)
		}
		return logEntry(ctx, tx, s.now(), t, practiceID, "evidence.save",
			fmt.Sprintf("%s (%s, %d facts)", ne.Name, ne.Kind, len(ne.Facts)))
	})
	return e, err
}

// EvidenceFiles lists a practice's evidence files by name.
func (s *Store) EvidenceFiles(ctx context.Context, t Tenant, practiceID int64) ([]Evidence, error) {
	all, own := t.Scope()
	rows, err := s.query(ctx, `
		SELECT `+evidenceColumns+` FROM evidence_files
		WHERE practice_id = $1 AND ($2 OR practice_id = $3) ORDER BY name`, practiceID, all, own)
	if err != nil {
		return nil, fmt.Errorf("store: listing evidence: %w", err)
	}
	defer rows.Close()
	var list []Evidence
	for rows.Next() {
		e, err := scanEvidence(rows)
		if err != nil {
			return nil, fmt.Errorf("store: listing evidence: %w", err)
		}
		list = append(list, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: listing evidence: %w", err)
	}
	if list == nil {
		return nil, s.visible(ctx, t, practiceID)
	}
	return list, nil
}

// visible returns ErrNotFound unless the tenant may see the practice. List
// methods call it when they find nothing, so "no rows" for someone else's
// practice is not mistaken for an empty list of one's own.
func (s *Store) visible(ctx context.Context, t Tenant, practiceID int64) error {
	all, own := t.Scope()
	var one int
	err := s.queryRow(ctx, `SELECT 1 FROM practices WHERE id = $1 AND ($2 OR id = $3)`,
		practiceID, all, own).Scan(&one)
	return notFound(err, "practice", practiceID)
}

// DeleteEvidence removes one evidence file and its facts.
func (s *Store) DeleteEvidence(ctx context.Context, t Tenant, id int64) error {
	all, own := t.Scope()
	res, err := s.db.ExecContext(ctx, `
		DELETE FROM evidence_files WHERE id = $1 AND ($2 OR practice_id = $3)`, id, all, own)
	return affected(res, err, "evidence file", id)
}

// EvidenceFacts returns every fact of a practice's evidence files, in file
// name order, and the files as an audit lists them. Files that failed to
// import are left out.
func (s *Store) EvidenceFacts(ctx context.Context, t Tenant, practiceID int64) ([]audit.Fact, []audit.EvidenceFile, error) {
	all, own := t.Scope()
	rows, err := s.query(ctx, `
		SELECT name, kind, sha256, fact_count, facts_json FROM evidence_files
		WHERE practice_id = $1 AND ($2 OR practice_id = $3) AND error = ''
		ORDER BY name`, practiceID, all, own)
	if err != nil {
		return nil, nil, fmt.Errorf("store: reading evidence: %w", err)
	}
	defer rows.Close()
	var (
		facts []audit.Fact
		files []audit.EvidenceFile
	)
	for rows.Next() {
		var f audit.EvidenceFile
		var text string
		if err := rows.Scan(&f.File, &f.Kind, &f.SHA256, &f.Facts, &text); err != nil {
			return nil, nil, fmt.Errorf("store: reading evidence: %w", err)
		}
		fs, err := importer.FactsJSON{}.Import(f.File, strings.NewReader(text))
		if err != nil {
			return nil, nil, fmt.Errorf("store: stored facts of %s: %w", f.File, err)
		}
		facts = append(facts, fs...)
		files = append(files, f)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: reading evidence: %w", err)
	}
	if files == nil {
		return nil, nil, s.visible(ctx, t, practiceID)
	}
	return facts, files, nil
}
