-- Indexes for the practice list, which every provider opens first and
-- which must stay quick with thousands of practices and audits.
-- Keep in step with ../sqlite/0002_practice_list.sql.

-- The list sorts, pages, searches and counts on the lower-cased name.
-- Keeping it in its own indexed column lets all of that read the small
-- index alone, instead of every practice row with its profile.
-- The database derives it from the name (STORED), so no statement has
-- to keep it.
ALTER TABLE practices ADD COLUMN name_key TEXT GENERATED ALWAYS AS (lower(name)) STORED;
CREATE INDEX practices_name_key ON practices (name_key, id);

-- Open "do now" actions are counted per listed practice from its latest
-- audit's actions in the "now" band: this index answers that alone.
CREATE INDEX audit_actions_band ON audit_actions (audit_id, band, action_id);
