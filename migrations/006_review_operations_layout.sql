-- why: put the big before/after snapshots last in operations, and index (pair_id, undone, seq): reading `undone` behind 2 × 250 KB of JSON walked overflow pages on every history query
CREATE TABLE operations_new (
  id             INTEGER PRIMARY KEY,
  pair_id        INTEGER NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,
  undone         INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
  op             TEXT NOT NULL,
  args           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(args)),
  summary        TEXT NOT NULL,
  en_paragraphs  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(en_paragraphs)),
  ko_paragraphs  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(ko_paragraphs)),
  text_changed   INTEGER NOT NULL DEFAULT 0 CHECK (text_changed IN (0, 1)),
  user_name      TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  undone_by      TEXT,
  undone_at      TEXT,
  before_state   TEXT NOT NULL,         -- JSON written by the server itself; not re-validated (a json_valid CHECK parsed 250 KB per op)
  after_state    TEXT NOT NULL,
  UNIQUE (pair_id, seq)
);
INSERT INTO operations_new (id, pair_id, seq, undone, op, args, summary, en_paragraphs, ko_paragraphs, text_changed,
  user_name, created_at, undone_by, undone_at, before_state, after_state)
SELECT id, pair_id, seq, undone, op, args, summary, en_paragraphs, ko_paragraphs, text_changed,
  user_name, created_at, undone_by, undone_at, before_state, after_state FROM operations;
DROP TABLE operations;
ALTER TABLE operations_new RENAME TO operations;
CREATE INDEX operations_pair_undone ON operations (pair_id, undone, seq);
