-- why: issue 19. A corpus needs provenance (collections with licence and attribution, the record's own id and
-- metadata), and an article that changes after publication must come in without losing its review (the old text
-- kept as a version, the links the update touched marked until a reviewer looks at them again).
CREATE TABLE collections (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  source      TEXT,
  licence     TEXT,
  attribution TEXT,
  created_at  TEXT NOT NULL
);

-- A pair belongs to at most one collection; deleting a collection is refused while pairs name it.
ALTER TABLE pairs ADD COLUMN collection_id INTEGER REFERENCES collections (id);
-- The id a JSONL record gave the pair (the evaluation sets' own ids), and its `meta` object as JSON.
ALTER TABLE pairs ADD COLUMN external_id TEXT;
ALTER TABLE pairs ADD COLUMN meta TEXT CHECK (meta IS NULL OR json_valid(meta));
CREATE INDEX pairs_collection ON pairs (collection_id) WHERE collection_id IS NOT NULL;
CREATE INDEX pairs_external_id ON pairs (external_id) WHERE external_id IS NOT NULL;

-- One earlier version of one side of a pair, written when `jjak import --update` (or the update form) replaces it.
CREATE TABLE article_versions (
  id           INTEGER PRIMARY KEY,
  pair_id      INTEGER NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
  lang         TEXT NOT NULL CHECK (lang IN ('en', 'ko')),
  source_format TEXT NOT NULL,
  raw_text     TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  meta         TEXT NOT NULL CHECK (json_valid(meta)),        -- ArticleMeta as it was
  paragraphs   TEXT NOT NULL CHECK (json_valid(paragraphs)),  -- [{kind, text, sentences}] as it was
  links        TEXT NOT NULL CHECK (json_valid(links)),       -- the pair's links before the update
  replaced_by  TEXT NOT NULL,
  replaced_at  TEXT NOT NULL
);
CREATE INDEX article_versions_pair ON article_versions (pair_id, id);

-- The paragraphs the last update brought in (new or edited), by text per side: a link over one of them that no
-- reviewer has confirmed or rejected since is "changed since the last review". Text, not positions, so review
-- operations that move paragraphs do not lose the marks.
ALTER TABLE pairs ADD COLUMN changed_paragraphs TEXT CHECK (changed_paragraphs IS NULL OR json_valid(changed_paragraphs));
