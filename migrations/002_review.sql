-- why: server-side undo/redo for the review screen: every operation with snapshots of the alignment before and after it
CREATE TABLE operations (
  id             INTEGER PRIMARY KEY,
  pair_id        INTEGER NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,      -- 1, 2, 3 … per pair, in the order the operations were applied
  op             TEXT NOT NULL,         -- operation name (merge, split, move, …)
  args           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(args)),
  summary        TEXT NOT NULL,         -- one line for people: "merged rows 3 and 4"
  en_paragraphs  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(en_paragraphs)), -- paragraphs touched, for per-row history
  ko_paragraphs  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(ko_paragraphs)),
  before_state   TEXT NOT NULL CHECK (json_valid(before_state)), -- paragraphs + sentences + links, as JSON
  after_state    TEXT NOT NULL CHECK (json_valid(after_state)),
  text_changed   INTEGER NOT NULL DEFAULT 0 CHECK (text_changed IN (0, 1)), -- restoring must rewrite paragraphs
  user_name      TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  undone         INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
  undone_by      TEXT,
  undone_at      TEXT,
  UNIQUE (pair_id, seq)
);
