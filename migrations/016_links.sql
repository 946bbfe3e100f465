-- why: issue 15. One word for the n:m unit: the API, the exports and the review operations call it a link,
-- so the table does too (it was `beads`). Renaming keeps every row, id and constraint; the indexes are
-- renamed with it so that `sqlite_master` reads the same word throughout.
ALTER TABLE beads RENAME TO links;

DROP INDEX beads_confirmed_at;
DROP INDEX beads_en_end;
DROP INDEX beads_ko_end;
DROP INDEX beads_level_status;
DROP INDEX beads_level_type;
CREATE INDEX links_confirmed_at ON links (confirmed_at) WHERE confirmed_at IS NOT NULL;
CREATE INDEX links_en_end ON links (pair_id, level, en_end, en_start);
CREATE INDEX links_ko_end ON links (pair_id, level, ko_end, ko_start);
CREATE INDEX links_level_status ON links (level, status, pair_id);
CREATE INDEX links_level_type ON links (level, en_end - en_start, ko_end - ko_start, pair_id);
