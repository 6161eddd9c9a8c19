-- Keep in step with ../sqlite/0005_practice_score_history.sql.

-- The scores of a practice's latest five audits, newest first, as a JSON
-- array of {"as_of", "score"}: the practice list's trend. SaveAudit keeps
-- it up to date, so the list reads one column instead of every practice's
-- audits on each view.
ALTER TABLE practices ADD COLUMN score_history TEXT NOT NULL DEFAULT '[]';
UPDATE practices SET score_history = COALESCE((
    SELECT json_agg(json_build_object('as_of', h.as_of, 'score', h.score) ORDER BY h.as_of DESC, h.id DESC)::text
    FROM (SELECT as_of, score, id FROM audits WHERE practice_id = practices.id
          ORDER BY as_of DESC, id DESC LIMIT 5) h), '[]');
