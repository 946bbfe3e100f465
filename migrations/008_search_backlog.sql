-- why: a bulk import stores pairs about twice as fast when their search indexing waits for a batch.
-- Indexing a pair's rows costs about as much CPU as storing them (FTS5 tokenising, trigrams for Korean), and the
-- writer is one thread; so `jjak import --jsonl` stores pairs with search_indexed = 0 (the search backlog) and
-- indexing happens later in large batches: while `jjak align` writes links, in the server between requests, or
-- with `jjak index`. Setting search_indexed to 1 indexes the pair's rows in the same statement (trigger below).
-- Every other way of storing a pair (one pair from the CLI or the web) keeps the default, 1, and is indexed at once.
-- Rows of a pair in the backlog are never in the index, so edits to them (re-segmenting) leave the index alone;
-- deletions already remove rows by rowid, which FTS5 ignores for rows it never held.
ALTER TABLE pairs ADD COLUMN search_indexed INTEGER NOT NULL DEFAULT 1 CHECK (search_indexed IN (0, 1));
CREATE INDEX pairs_search_backlog ON pairs (id) WHERE search_indexed = 0;

DROP TRIGGER pairs_search_insert;
CREATE TRIGGER pairs_search_insert AFTER INSERT ON pairs WHEN new.search_indexed = 1 BEGIN
  INSERT INTO sentence_words (rowid, text, article_id, position)
    SELECT s.id, s.text, s.article_id, s.position FROM sentences s JOIN articles a ON a.id = s.article_id
    WHERE s.article_id IN (new.en_article_id, new.ko_article_id) AND a.lang = 'en';
  INSERT INTO sentence_grams (rowid, text, article_id, position)
    SELECT s.id, s.text || '  ', s.article_id, s.position FROM sentences s JOIN articles a ON a.id = s.article_id
    WHERE s.article_id IN (new.en_article_id, new.ko_article_id) AND a.lang = 'ko';
  INSERT INTO paragraph_words (rowid, text, article_id, position)
    SELECT p.id, p.text, p.article_id, p.position FROM paragraphs p JOIN articles a ON a.id = p.article_id
    WHERE p.article_id IN (new.en_article_id, new.ko_article_id) AND a.lang = 'en';
  INSERT INTO paragraph_grams (rowid, text, article_id, position)
    SELECT p.id, p.text || '  ', p.article_id, p.position FROM paragraphs p JOIN articles a ON a.id = p.article_id
    WHERE p.article_id IN (new.en_article_id, new.ko_article_id) AND a.lang = 'ko';
END;

-- Leaving the backlog: the same four statements. (Going back to 0 is refused: nothing would remove the rows.)
CREATE TRIGGER pairs_search_backlog_done AFTER UPDATE OF search_indexed ON pairs
  WHEN old.search_indexed = 0 AND new.search_indexed = 1
BEGIN
  INSERT INTO sentence_words (rowid, text, article_id, position)
    SELECT s.id, s.text, s.article_id, s.position FROM sentences s JOIN articles a ON a.id = s.article_id
    WHERE s.article_id IN (new.en_article_id, new.ko_article_id) AND a.lang = 'en';
  INSERT INTO sentence_grams (rowid, text, article_id, position)
    SELECT s.id, s.text || '  ', s.article_id, s.position FROM sentences s JOIN articles a ON a.id = s.article_id
    WHERE s.article_id IN (new.en_article_id, new.ko_article_id) AND a.lang = 'ko';
  INSERT INTO paragraph_words (rowid, text, article_id, position)
    SELECT p.id, p.text, p.article_id, p.position FROM paragraphs p JOIN articles a ON a.id = p.article_id
    WHERE p.article_id IN (new.en_article_id, new.ko_article_id) AND a.lang = 'en';
  INSERT INTO paragraph_grams (rowid, text, article_id, position)
    SELECT p.id, p.text || '  ', p.article_id, p.position FROM paragraphs p JOIN articles a ON a.id = p.article_id
    WHERE p.article_id IN (new.en_article_id, new.ko_article_id) AND a.lang = 'ko';
END;
CREATE TRIGGER pairs_search_backlog_refused BEFORE UPDATE OF search_indexed ON pairs
  WHEN old.search_indexed = 1 AND new.search_indexed = 0
BEGIN
  SELECT RAISE(ABORT, 'a pair cannot go back into the search backlog');
END;

-- Row triggers. New rows are indexed by the code that writes them (db/pairs.ts writeArticleRows: one statement
-- an article, and only when its pair is indexed) rather than by a trigger per row: the trigger's test ran for every
-- row of every imported article, ~15% of a bulk import's writing time, to find no pair. Updates still re-index by
-- trigger, and only rows of an indexed pair; deletions are unchanged.
DROP TRIGGER sentences_search_insert;
DROP TRIGGER sentences_search_update;
DROP TRIGGER paragraphs_search_insert;
DROP TRIGGER paragraphs_search_update;

CREATE TRIGGER sentences_search_update AFTER UPDATE OF id, text, article_id, position ON sentences BEGIN
  DELETE FROM sentence_words WHERE rowid = old.id;
  DELETE FROM sentence_grams WHERE rowid = old.id;
  INSERT INTO sentence_words (rowid, text, article_id, position)
    SELECT new.id, new.text, new.article_id, new.position
    WHERE (SELECT lang FROM articles WHERE id = new.article_id) = 'en'
      AND EXISTS (SELECT 1 FROM pairs WHERE en_article_id = new.article_id AND search_indexed = 1);
  INSERT INTO sentence_grams (rowid, text, article_id, position)
    SELECT new.id, new.text || '  ', new.article_id, new.position
    WHERE (SELECT lang FROM articles WHERE id = new.article_id) = 'ko'
      AND EXISTS (SELECT 1 FROM pairs WHERE ko_article_id = new.article_id AND search_indexed = 1);
END;

CREATE TRIGGER paragraphs_search_update AFTER UPDATE OF id, text, article_id, position ON paragraphs BEGIN
  DELETE FROM paragraph_words WHERE rowid = old.id;
  DELETE FROM paragraph_grams WHERE rowid = old.id;
  INSERT INTO paragraph_words (rowid, text, article_id, position)
    SELECT new.id, new.text, new.article_id, new.position
    WHERE (SELECT lang FROM articles WHERE id = new.article_id) = 'en'
      AND EXISTS (SELECT 1 FROM pairs WHERE en_article_id = new.article_id AND search_indexed = 1);
  INSERT INTO paragraph_grams (rowid, text, article_id, position)
    SELECT new.id, new.text || '  ', new.article_id, new.position
    WHERE (SELECT lang FROM articles WHERE id = new.article_id) = 'ko'
      AND EXISTS (SELECT 1 FROM pairs WHERE ko_article_id = new.article_id AND search_indexed = 1);
END;
