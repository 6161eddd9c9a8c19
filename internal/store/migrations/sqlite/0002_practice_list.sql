-- Indexes for the practice list, which every provider opens first and
-- which must stay quick with thousands of practices and audits.
-- Keep in step with ../postgres/0002_practice_list.sql.

-- The list sorts, pages, searches and counts on the lower-cased name.
-- Keeping it in its own indexed column lets all of that read the small
-- index alone, instead of every practice row with its profile.
-- The database keeps it from the name, so no statement has to: SQLite can
-- only add a generated column as VIRTUAL, and an index on one is not used
-- as a covering index for the count, so a plain column is kept by triggers.
ALTER TABLE practices ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE practices SET name_key = lower(name);
CREATE TRIGGER practices_name_key_insert AFTER INSERT ON practices
BEGIN
    UPDATE practices SET name_key = lower(NEW.name) WHERE id = NEW.id;
END;
CREATE TRIGGER practices_name_key_update AFTER UPDATE OF name ON practices
BEGIN
    UPDATE practices SET name_key = lower(NEW.name) WHERE id = NEW.id;
END;
CREATE INDEX practices_name_key ON practices (name_key, id);

-- Open "do now" actions are counted per listed practice from its latest
-- audit's actions in the "now" band: this index answers that alone.
CREATE INDEX audit_actions_band ON audit_actions (audit_id, band, action_id);
