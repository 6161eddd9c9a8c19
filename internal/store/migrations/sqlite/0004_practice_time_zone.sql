-- Keep in step with ../postgres/0004_practice_time_zone.sql.

-- The practice's time zone from its practice.yaml (empty: the country's
-- default), copied out like the name and country so pages can say what
-- "today" is for the practice without reading the profile.
ALTER TABLE practices ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
