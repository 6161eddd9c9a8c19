-- Keep in step with ../postgres/0005_practice_score_history.sql.

-- The scores of a practice's latest five audits, newest first, as a JSON
-- array of {"as_of", "score"}: the practice list's trend. SaveAudit keeps
-- it up to date, so the list reads one column instead of every practice's
-- audits on each view.
ALTER TABLE practices ADD COLUMN score_history TEXT NOT NULL DEFAULT '[]';
UPDATE practices SET score_history = (
    SELECT json_group_array(json_object('as_of', h.as_of, 'score', h.score))
    FROM (SELECT as_of, score FROM audits WHERE practice_id = practices.id
          ORDER BY as_of DESC, id DESC LIMIT 5) h);
