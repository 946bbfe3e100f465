-- The schema's triggers, and the one view they write through, each in its final form and only here:
-- numbered migrations create none. db/migrate.ts drops every trigger and view before the first pending
-- migration and creates these after the last one (in the same transactions), and recreates them at any
-- open where the database's differ from this file. They hold no data, so replacing them loses nothing;
-- a change to what the search index holds still needs a migration that rebuilds the stored index.
-- Format (read by db/migrate.ts loadTriggers): each statement starts at a line `CREATE TRIGGER name` or
-- `CREATE VIEW name`; a trigger ends at a line `END;`, a view at the first line ending in `;`.

-- The search-indexing rule, stated once. The search index (the FTS5 tables of migrations/003_search.sql)
-- holds the sentences and paragraphs of every article whose pair has left the search backlog
-- (migrations/008_search_backlog.sql), keyed by the row's id, with its article and position:
--   English rows go to *_words as they are; Korean rows go to *_grams with two trailing spaces, so every
--   one- or two-character substring starts some trigram (db/search/expand.ts expands short Korean queries).
-- The language comes from the article, not from the side of the pair it sits on.
-- Inserting (article_id) into this view indexes all of that article's rows; (article_id, sentence_id) or
-- (article_id, paragraph_id) indexes one row. Nothing happens when the article's pair is in the backlog
-- or when it has no pair. (SQLite has no procedures: the view selects nothing; its trigger does the work.)
-- Whoever indexes goes through here: the pair triggers below, the row-update triggers, and db/pairs.ts
-- when it rewrites the rows of an article already paired.
CREATE VIEW search_index_requests (article_id, sentence_id, paragraph_id) AS SELECT NULL, NULL, NULL WHERE 0;

CREATE TRIGGER search_index_requests_insert INSTEAD OF INSERT ON search_index_requests
  WHEN EXISTS (SELECT 1 FROM pairs WHERE en_article_id = new.article_id AND search_indexed = 1)
    OR EXISTS (SELECT 1 FROM pairs WHERE ko_article_id = new.article_id AND search_indexed = 1)
BEGIN
  INSERT INTO sentence_words (rowid, text, article_id, position)
    SELECT s.id, s.text, s.article_id, s.position FROM articles a JOIN sentences s ON s.article_id = a.id
    WHERE a.id = new.article_id AND a.lang = 'en'
      AND new.paragraph_id IS NULL AND (new.sentence_id IS NULL OR s.id = new.sentence_id);
  INSERT INTO sentence_grams (rowid, text, article_id, position)
    SELECT s.id, s.text || '  ', s.article_id, s.position FROM articles a JOIN sentences s ON s.article_id = a.id
    WHERE a.id = new.article_id AND a.lang = 'ko'
      AND new.paragraph_id IS NULL AND (new.sentence_id IS NULL OR s.id = new.sentence_id);
  INSERT INTO paragraph_words (rowid, text, article_id, position)
    SELECT p.id, p.text, p.article_id, p.position FROM articles a JOIN paragraphs p ON p.article_id = a.id
    WHERE a.id = new.article_id AND a.lang = 'en'
      AND new.sentence_id IS NULL AND (new.paragraph_id IS NULL OR p.id = new.paragraph_id);
  INSERT INTO paragraph_grams (rowid, text, article_id, position)
    SELECT p.id, p.text || '  ', p.article_id, p.position FROM articles a JOIN paragraphs p ON p.article_id = a.id
    WHERE a.id = new.article_id AND a.lang = 'ko'
      AND new.sentence_id IS NULL AND (new.paragraph_id IS NULL OR p.id = new.paragraph_id);
END;

-- A pair stored outside the backlog indexes the rows its two articles already have, in this one statement:
-- FTS5 flushes its pending terms at every statement journal, so indexing a pair row by row made every row
-- its own index segment (4.0 ms CPU a pair against 0.37 for the same rows in one statement; 007_search_speed.sql).
-- Articles are only ever stored with their pair, in one transaction (db/pairs.ts storePairRows).
CREATE TRIGGER pairs_search_insert AFTER INSERT ON pairs WHEN new.search_indexed = 1 BEGIN
  INSERT INTO search_index_requests (article_id) VALUES (new.en_article_id), (new.ko_article_id);
END;

-- Leaving the backlog (db/search-backlog.ts sets search_indexed to 1 for a batch of pairs in one statement).
CREATE TRIGGER pairs_search_backlog_done AFTER UPDATE OF search_indexed ON pairs
  WHEN old.search_indexed = 0 AND new.search_indexed = 1
BEGIN
  INSERT INTO search_index_requests (article_id) VALUES (new.en_article_id), (new.ko_article_id);
END;

-- Going back is refused: nothing would take the pair's rows out of the index.
CREATE TRIGGER pairs_search_backlog_refused BEFORE UPDATE OF search_indexed ON pairs
  WHEN old.search_indexed = 1 AND new.search_indexed = 0
BEGIN
  SELECT RAISE(ABORT, 'a pair cannot go back into the search backlog');
END;

-- An edited row leaves the index and comes back as it is now. New rows need no trigger: an article's
-- rows are written before its pair (indexed by the pair's trigger) or rewritten whole by db/pairs.ts,
-- which then indexes the article in one statement; a trigger testing every row of a bulk import for a
-- pair cost ~15% of its writing time (008_search_backlog.sql).
CREATE TRIGGER sentences_search_update AFTER UPDATE OF id, text, article_id, position ON sentences BEGIN
  DELETE FROM sentence_words WHERE rowid = old.id;
  DELETE FROM sentence_grams WHERE rowid = old.id;
  INSERT INTO search_index_requests (article_id, sentence_id) VALUES (new.article_id, new.id);
END;

CREATE TRIGGER paragraphs_search_update AFTER UPDATE OF id, text, article_id, position ON paragraphs BEGIN
  DELETE FROM paragraph_words WHERE rowid = old.id;
  DELETE FROM paragraph_grams WHERE rowid = old.id;
  INSERT INTO search_index_requests (article_id, paragraph_id) VALUES (new.article_id, new.id);
END;

-- Every deleted row leaves the index in the same statement, including the rows ON DELETE CASCADE removes
-- with a pair (FTS5 ignores a rowid it never held, such as a row of a pair still in the backlog).
CREATE TRIGGER sentences_search_delete AFTER DELETE ON sentences BEGIN
  DELETE FROM sentence_words WHERE rowid = old.id;
  DELETE FROM sentence_grams WHERE rowid = old.id;
END;

CREATE TRIGGER paragraphs_search_delete AFTER DELETE ON paragraphs BEGIN
  DELETE FROM paragraph_words WHERE rowid = old.id;
  DELETE FROM paragraph_grams WHERE rowid = old.id;
END;
