-- why: the first schema: articles with their paragraphs and sentences, pairs, beads (links) and the change log
CREATE TABLE articles (
  id            INTEGER PRIMARY KEY,
  lang          TEXT NOT NULL CHECK (lang IN ('en', 'ko')),
  source_format TEXT NOT NULL CHECK (source_format IN ('hani', 'text', 'html', 'jsonl')),
  raw_text      TEXT NOT NULL,          -- the input verbatim, so a better parser can re-read it later
  content_hash  TEXT NOT NULL,          -- sha256 of the normalised paragraphs, for duplicate detection
  url           TEXT,
  title         TEXT,
  subtitles     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(subtitles)),
  section       TEXT,
  published_at  TEXT,                   -- ISO 8601 with the source's offset (+09:00): the offset is news
  modified_at   TEXT,
  created_at    TEXT NOT NULL
);
CREATE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;

CREATE TABLE authors (
  id         INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  role       TEXT,
  email      TEXT,
  UNIQUE (article_id, position)
);

CREATE TABLE paragraphs (
  id         INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,          -- 0-based reading order
  kind       TEXT NOT NULL CHECK (kind IN ('title', 'subtitle', 'caption', 'subhead', 'body', 'byline')),
  text       TEXT NOT NULL,
  UNIQUE (article_id, position)
);

CREATE TABLE sentences (
  id           INTEGER PRIMARY KEY,
  paragraph_id INTEGER NOT NULL REFERENCES paragraphs (id) ON DELETE CASCADE,
  article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,        -- 0-based, article-wide, in reading order
  text         TEXT NOT NULL,
  UNIQUE (article_id, position)
);
CREATE INDEX sentences_paragraph ON sentences (paragraph_id);

CREATE TABLE pairs (
  id            INTEGER PRIMARY KEY,
  en_article_id INTEGER NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
  ko_article_id INTEGER NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
  content_key   TEXT NOT NULL UNIQUE,   -- en hash + ko hash: the same pair twice is a duplicate
  status        TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'aligned', 'in_review', 'reviewed')),
  version       INTEGER NOT NULL DEFAULT 1, -- bumped by every change to the alignment or text (optimistic locking)
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

-- One bead links a contiguous run of English items to a contiguous run of Korean items.
-- Ranges are half-open [start, end): paragraph positions at level 'paragraph',
-- article-wide sentence positions at level 'sentence'. An empty range is a one-sided bead.
CREATE TABLE beads (
  id           INTEGER PRIMARY KEY,
  pair_id      INTEGER NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
  level        TEXT NOT NULL CHECK (level IN ('paragraph', 'sentence')),
  position     INTEGER NOT NULL,        -- reading order within the pair and level
  en_start     INTEGER NOT NULL,
  en_end       INTEGER NOT NULL,
  ko_start     INTEGER NOT NULL,
  ko_end       INTEGER NOT NULL,
  status       TEXT NOT NULL DEFAULT 'auto' CHECK (status IN ('auto', 'confirmed', 'rejected')),
  confidence   REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
  evidence     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence)),
  confirmed_by TEXT,
  confirmed_at TEXT,
  CHECK (en_start <= en_end AND ko_start <= ko_end AND (en_end > en_start OR ko_end > ko_start)),
  UNIQUE (pair_id, level, position)
);

CREATE TABLE change_log (
  id         INTEGER PRIMARY KEY,
  pair_id    INTEGER REFERENCES pairs (id) ON DELETE CASCADE,
  user_name  TEXT NOT NULL,
  action     TEXT NOT NULL,
  detail     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
  created_at TEXT NOT NULL
);
CREATE INDEX change_log_pair ON change_log (pair_id, id);
