-- Keep in step with ../postgres/0005_practice_score_history.sql.

-- The scores of a practice's latest five audits, newest first, as text:
-- "YYYY-MM-DD score" pairs joined by commas ("2026-11-20 42,2026-08-20 35";
-- empty before the first audit). It is the practice list's trend; SaveAudit
-- keeps it up to date, so the list reads one short column instead of every
-- practice's audits on each view.
ALTER TABLE practices ADD COLUMN score_history TEXT NOT NULL DEFAULT '';
UPDATE practices SET score_history = COALESCE((
    SELECT group_concat(h.as_of || ' ' || h.score, ',')
    FROM (SELECT as_of, score FROM audits WHERE practice_id = practices.id
          ORDER BY as_of DESC, id DESC LIMIT 5) h), '');
