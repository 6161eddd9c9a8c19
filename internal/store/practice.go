package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"triage/internal/audit"
	"triage/internal/profile"
)

// Practice is one audited practice and its profile (the practice.yaml
// text). Name and country are copied out of the profile so lists can sort
// and filter on them.
type Practice struct {
	ID          int64
	Name        string
	Country     string
	TimeZone    string // as in the profile; "" for the country's default
	ProfileYAML string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Location is the practice's time zone (audit.Practice.Location), for its
// "today".
func (p Practice) Location() *time.Location {
	return audit.Practice{Country: p.Country, TimeZone: p.TimeZone}.Location()
}

// Profile parses the stored practice.yaml.
func (p Practice) Profile() (audit.Practice, error) {
	return profile.LoadPractice("practice.yaml", strings.NewReader(p.ProfileYAML))
}

// PracticeSummary is one row of the practice list: the practice and its
// latest audit.
type PracticeSummary struct {
	ID        int64
	Name      string
	Country   string
	UpdatedAt time.Time
	// Latest is the audit with the latest as-of date; nil before the first.
	Latest *AuditSummary
	// History is the scores of the latest audits, at most historyLength,
	// oldest first (Latest's is the last): the practice's trend.
	History []ScorePoint
}

// ScorePoint is one audit's overall score.
type ScorePoint struct {
	AsOf  string // YYYY-MM-DD
	Score int
}

// historyLength is how many audits a practice's trend shows.
const historyLength = 5

// AuditSummary is the headline of a saved audit.
type AuditSummary struct {
	ID         int64
	AsOf       string // YYYY-MM-DD
	CreatedAt  time.Time
	Score      int
	Rating     string
	E8Level    int
	NowActions int
	// OpenNowActions is NowActions less those marked done since the audit
	// was saved. A "done" older than the audit does not count: the audit
	// still found the problem.
	OpenNowActions int
}

// PracticeSort orders the practice list.
type PracticeSort string

// The practice list orders. Ties, and practices never audited, fall back
// to name order.
const (
	SortName      PracticeSort = "name"       // A to Z
	SortScore     PracticeSort = "score"      // lowest score first, never audited last
	SortLastAudit PracticeSort = "last_audit" // never audited first, then the oldest audit
	SortOpenNow   PracticeSort = "open_now"   // most open "do now" actions first
)

// practiceOrder is the only way a sort reaches SQL: a closed map, so user
// input is never spliced into a statement.
var practiceOrder = map[PracticeSort]string{
	SortName:      `p.name_key, p.id`,
	SortScore:     `(a.id IS NULL), a.score, p.name_key, p.id`,
	SortLastAudit: `(a.id IS NOT NULL), a.as_of, p.name_key, p.id`,
	SortOpenNow:   `open_now DESC, p.name_key, p.id`,
}

// CreatePractice adds a practice from its practice.yaml text, which must
// pass profile.LoadPractice. Admins and auditors only.
func (s *Store) CreatePractice(ctx context.Context, t Tenant, profileYAML string) (Practice, error) {
	if !t.AllPractices() {
		return Practice{}, fmt.Errorf("creating a practice: %w", ErrForbidden)
	}
	pr, err := profile.LoadPractice("practice.yaml", strings.NewReader(profileYAML))
	if err != nil {
		return Practice{}, err
	}
	now := FormatTime(s.now())
	row := s.queryRow(ctx, `
		INSERT INTO practices (name, country, time_zone, profile_yaml, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5)
		RETURNING `+practiceColumns,
		pr.Name, pr.Country, pr.TimeZone, profileYAML, now)
	p, err := scanPractice(row)
	if err != nil {
		return Practice{}, fmt.Errorf("store: creating practice: %w", err)
	}
	return p, nil
}

const practiceColumns = `id, name, country, time_zone, profile_yaml, created_at, updated_at`

func scanPractice(row *sql.Row) (Practice, error) {
	var p Practice
	err := row.Scan(&p.ID, &p.Name, &p.Country, &p.TimeZone, &p.ProfileYAML, scanTime(&p.CreatedAt), scanTime(&p.UpdatedAt))
	return p, err
}

// Practice returns one practice the tenant may see.
func (s *Store) Practice(ctx context.Context, t Tenant, id int64) (Practice, error) {
	all, own := t.Scope()
	row := s.queryRow(ctx, `
		SELECT `+practiceColumns+` FROM practices
		WHERE id = $1 AND ($2 OR id = $3)`, id, all, own)
	p, err := scanPractice(row)
	return p, notFound(err, "practice", id)
}

// Practices lists the practices the tenant may see whose name contains
// search (any case; "" for all), each with its latest audit, in one query.
// It is PracticesPage without a limit.
func (s *Store) Practices(ctx context.Context, t Tenant, search string, sort PracticeSort) ([]PracticeSummary, error) {
	list, _, err := s.PracticesPage(ctx, t, search, sort, 0, 0)
	return list, err
}

// The parts of the practice list's queries. open_now counts the latest
// audit's "now" actions not marked done since it was saved.
const (
	openNow = `(SELECT COUNT(*) FROM audit_actions x
		         WHERE x.audit_id = a.id AND x.band = 'now'
		           AND NOT EXISTS (SELECT 1 FROM action_status st
		                WHERE st.practice_id = p.id AND st.action_id = x.action_id
		                  AND st.status = 'done' AND st.updated_at >= a.created_at))`
	summaryColumns = `p.id, p.name, p.country, p.updated_at,
		       a.id, a.as_of, a.created_at, a.score, a.rating, a.e8_level, a.now_actions,
		       ` + openNow + ` AS open_now, p.score_history`
	latestAudit = `SELECT l.id FROM audits l WHERE l.practice_id = p.id
		              ORDER BY l.as_of DESC, l.id DESC LIMIT 1`
	// practiceFilter is the tenant's scope ($1, $2) and the search ($3, $4).
	practiceFilter = `($1 OR p.id = $2) AND ($3 = '' OR p.name_key LIKE $4 ESCAPE '\')`
)

// PracticesPage is one page of the practice list: at most limit rows (0
// for no limit) after skipping offset, in the given order, and the number
// of practices the tenant may see that match search, over all pages.
func (s *Store) PracticesPage(ctx context.Context, t Tenant, search string, sort PracticeSort, limit, offset int) ([]PracticeSummary, int, error) {
	if sort == "" {
		sort = SortName
	}
	order, ok := practiceOrder[sort]
	if !ok {
		return nil, 0, invalid("unknown practice order %q: use name, score, last_audit or open_now", sort)
	}
	if limit < 0 || offset < 0 {
		return nil, 0, invalid("a page needs a limit and offset of 0 or more")
	}
	all, own := t.Scope()
	like := likePattern(search)
	args := []any{all, own, search, like}
	var rows *sql.Rows
	var err error
	if limit == 0 {
		rows, err = s.query(ctx, `
			SELECT `+summaryColumns+`
			FROM practices p
			LEFT JOIN audits a ON a.id = (`+latestAudit+`)
			WHERE `+practiceFilter+`
			ORDER BY `+order, args...)
	} else {
		// Pick the page's practices first, computing only what the order
		// needs (open "now" actions only for that order), then the rest of
		// the columns for those rows alone.
		key, join := `p.id`, `LEFT JOIN audits a ON a.id = (`+latestAudit+`)`
		switch sort {
		case SortName:
			join = "" // the name order needs no audit
		case SortOpenNow:
			key = `p.id, ` + openNow + ` AS open_now`
		}
		rows, err = s.query(ctx, `
			SELECT `+summaryColumns+`
			FROM practices p
			LEFT JOIN audits a ON a.id = (`+latestAudit+`)
			WHERE `+practiceFilter+` AND p.id IN (
				SELECT page.id FROM (
					SELECT `+key+`
					FROM practices p `+join+`
					WHERE `+practiceFilter+`
					ORDER BY `+order+`
					LIMIT $5 OFFSET $6) page)
			ORDER BY `+order, append(args, limit, offset)...)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("store: listing practices: %w", err)
	}
	defer rows.Close()
	var list []PracticeSummary
	for rows.Next() {
		p, err := scanSummary(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: listing practices: %w", err)
		}
		list = append(list, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: listing practices: %w", err)
	}
	rows.Close()
	total := len(list)
	if limit > 0 && (offset > 0 || total == limit) {
		// The page does not say how many there are in all: count them,
		// with the same tenant and search filter.
		err := s.queryRow(ctx, `
			SELECT COUNT(*) FROM practices p WHERE `+practiceFilter,
			all, own, search, like).Scan(&total)
		if err != nil {
			return nil, 0, fmt.Errorf("store: counting practices: %w", err)
		}
	}
	return list, total, nil
}

// encodeHistory is practices.score_history: "YYYY-MM-DD score" pairs,
// newest first, joined by commas (see migration 0005). A plain text rather
// than JSON because the practice list decodes it for every row it shows.
func encodeHistory(newestFirst []ScorePoint) string {
	var b strings.Builder
	for i, p := range newestFirst {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(p.AsOf)
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(p.Score))
	}
	return b.String()
}

// decodeHistory reads practices.score_history into oldest first.
func decodeHistory(text string) ([]ScorePoint, error) {
	if text == "" {
		return nil, nil
	}
	parts := strings.Split(text, ",")
	h := make([]ScorePoint, len(parts))
	for i, part := range parts {
		asOf, score, ok := strings.Cut(part, " ")
		n, err := strconv.Atoi(score)
		if !ok || err != nil || len(asOf) != len(audit.DateLayout) {
			return nil, fmt.Errorf("the score history %q does not read as dates and scores", text)
		}
		h[len(parts)-1-i] = ScorePoint{AsOf: asOf, Score: n}
	}
	return h, nil
}

func scanSummary(rows *sql.Rows) (PracticeSummary, error) {
	var (
		p                           PracticeSummary
		id, score, e8, now, openNow sql.NullInt64
		asOf, rating                sql.NullString
		created                     time.Time
	)
	var history string
	err := rows.Scan(&p.ID, &p.Name, &p.Country, scanTime(&p.UpdatedAt),
		&id, &asOf, scanTime(&created), &score, &rating, &e8, &now, &openNow, &history)
	if err != nil || !id.Valid {
		return p, err
	}
	if p.History, err = decodeHistory(history); err != nil {
		return p, fmt.Errorf("practice %d: %w", p.ID, err)
	}
	p.Latest = &AuditSummary{ID: id.Int64, AsOf: asOf.String, CreatedAt: created, Score: int(score.Int64),
		Rating: rating.String, E8Level: int(e8.Int64), NowActions: int(now.Int64), OpenNowActions: int(openNow.Int64)}
	return p, nil
}

// likePattern makes "contains search, any case" for LIKE ... ESCAPE '\'.
// Lower-casing both sides, rather than relying on LIKE, gives the same
// answer on SQLite (case-insensitive LIKE) and PostgreSQL (case-sensitive).
func likePattern(search string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(search)) + "%"
}

// UpdatePracticeProfile replaces a practice's practice.yaml, which must pass
// profile.LoadPractice.
func (s *Store) UpdatePracticeProfile(ctx context.Context, t Tenant, id int64, profileYAML string) (Practice, error) {
	pr, err := profile.LoadPractice("practice.yaml", strings.NewReader(profileYAML))
	if err != nil {
		return Practice{}, err
	}
	all, own := t.Scope()
	row := s.queryRow(ctx, `
		UPDATE practices SET name = $1, country = $2, time_zone = $3, profile_yaml = $4, updated_at = $5
		WHERE id = $6 AND ($7 OR id = $8)
		RETURNING `+practiceColumns,
		pr.Name, pr.Country, pr.TimeZone, profileYAML, FormatTime(s.now()), id, all, own)
	p, err := scanPractice(row)
	return p, notFound(err, "practice", id)
}

// DeletePractice deletes a practice and, through the schema's cascades,
// everything of it: its users, evidence, answers, audits, invites and jobs.
// Admins only. The audit log keeps its entries.
func (s *Store) DeletePractice(ctx context.Context, t Tenant, id int64) error {
	if !t.isAdmin() {
		return fmt.Errorf("deleting practice %d: %w", id, ErrForbidden)
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM practices WHERE id = $1`, id)
	return affected(res, err, "practice", id)
}
