-- why: background jobs (a large JSONL import sent from the browser) with progress a page can poll
-- Bulk import needs no new indexes: pairs.content_key is UNIQUE (indexed), articles.url has
-- articles_url, and "pairs without links" is answered by the beads (pair_id, level, position) key.
CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('import')),
  state       TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  phase       TEXT CHECK (phase IS NULL OR phase IN ('import', 'align')),
  file_name   TEXT,                     -- the uploaded file's name, for the page (never used as a path)
  align       INTEGER NOT NULL DEFAULT 1 CHECK (align IN (0, 1)),
  bytes_total INTEGER NOT NULL DEFAULT 0,
  bytes_done  INTEGER NOT NULL DEFAULT 0,
  lines       INTEGER NOT NULL DEFAULT 0,
  imported    INTEGER NOT NULL DEFAULT 0,
  duplicates  INTEGER NOT NULL DEFAULT 0,
  rejected    INTEGER NOT NULL DEFAULT 0,
  rejections  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(rejections)), -- the first reasons, with line numbers
  to_align    INTEGER NOT NULL DEFAULT 0,
  aligned     INTEGER NOT NULL DEFAULT 0,
  error       TEXT,
  created_by  TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX jobs_unfinished ON jobs (state) WHERE state IN ('queued', 'running');
