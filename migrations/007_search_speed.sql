-- why: imports spent ~3.5 ms a pair keeping the search index in step; the cost was FTS5 flushing, not tokenising.
-- Every statement that opens a statement journal (an INSERT with triggers or foreign keys inside a transaction)
-- makes SQLite call xSavepoint on each FTS5 table already written in the transaction, and FTS5 flushes its
-- pending terms to a new segment there. With a trigger per paragraph and per sentence row, every row became its
-- own segment in each index, plus the merges that follow (measured: 4.0 ms CPU a pair with the 003 triggers,
-- 0.5 without any; the same rows indexed in one statement cost 0.37; index options such as
-- contentless_unindexed, contentless_delete, automerge or pgsz changed it by under 10%).
-- So the rows of a new article are indexed once, when its pair is stored: the pair's INSERT indexes both
-- articles' paragraphs and sentences in one statement per index (one segment per pair, not per row). Rows
-- written while the article is already in a pair (re-segmenting, edits) are indexed by their own triggers as
-- before. Articles are only ever stored with their pair in one transaction (db/pairs.ts insertPairRows) and
-- deleted with it, and searches join through pairs, so what a search can see is the same as with 003.
-- Deletions are unchanged: every deleted row leaves the index in the same statement.
DROP TRIGGER sentences_search_insert;
DROP TRIGGER sentences_search_update;
DROP TRIGGER paragraphs_search_insert;
DROP TRIGGER paragraphs_search_update;

-- A row of an article that is already paired (pairs has one unique index per side, so two seeks).
CREATE TRIGGER sentences_search_insert AFTER INSERT ON sentences
  WHEN EXISTS (SELECT 1 FROM pairs WHERE en_article_id = new.article_id)
    OR EXISTS (SELECT 1 FROM pairs WHERE ko_article_id = new.article_id)
BEGIN
  INSERT INTO sentence_words (rowid, text, article_id, position)
    SELECT new.id, new.text, new.article_id, new.position WHERE (SELECT lang FROM articles WHERE id = new.article_id) = 'en';
  INSERT INTO sentence_grams (rowid, text, article_id, position)
    SELECT new.id, new.text || '  ', new.article_id, new.position WHERE (SELECT lang FROM articles WHERE id = new.article_id) = 'ko';
END;
CREATE TRIGGER sentences_search_update AFTER UPDATE OF id, text, article_id, position ON sentences BEGIN
  DELETE FROM sentence_words WHERE rowid = old.id;
  DELETE FROM sentence_grams WHERE rowid = old.id;
  INSERT INTO sentence_words (rowid, text, article_id, position)
    SELECT new.id, new.text, new.article_id, new.position
    WHERE (SELECT lang FROM articles WHERE id = new.article_id) = 'en'
      AND EXISTS (SELECT 1 FROM pairs WHERE en_article_id = new.article_id);
  INSERT INTO sentence_grams (rowid, text, article_id, position)
    SELECT new.id, new.text || '  ', new.article_id, new.position
    WHERE (SELECT lang FROM articles WHERE id = new.article_id) = 'ko'
      AND EXISTS (SELECT 1 FROM pairs WHERE ko_article_id = new.article_id);
END;

CREATE TRIGGER paragraphs_search_insert AFTER INSERT ON paragraphs
  WHEN EXISTS (SELECT 1 FROM pairs WHERE en_article_id = new.article_id)
    OR EXISTS (SELECT 1 FROM pairs WHERE ko_article_id = new.article_id)
BEGIN
  INSERT INTO paragraph_words (rowid, text, article_id, position)
    SELECT new.id, new.text, new.article_id, new.position WHERE (SELECT lang FROM articles WHERE id = new.article_id) = 'en';
  INSERT INTO paragraph_grams (rowid, text, article_id, position)
    SELECT new.id, new.text || '  ', new.article_id, new.position WHERE (SELECT lang FROM articles WHERE id = new.article_id) = 'ko';
END;
CREATE TRIGGER paragraphs_search_update AFTER UPDATE OF id, text, article_id, position ON paragraphs BEGIN
  DELETE FROM paragraph_words WHERE rowid = old.id;
  DELETE FROM paragraph_grams WHERE rowid = old.id;
  INSERT INTO paragraph_words (rowid, text, article_id, position)
    SELECT new.id, new.text, new.article_id, new.position
    WHERE (SELECT lang FROM articles WHERE id = new.article_id) = 'en'
      AND EXISTS (SELECT 1 FROM pairs WHERE en_article_id = new.article_id);
  INSERT INTO paragraph_grams (rowid, text, article_id, position)
    SELECT new.id, new.text || '  ', new.article_id, new.position
    WHERE (SELECT lang FROM articles WHERE id = new.article_id) = 'ko'
      AND EXISTS (SELECT 1 FROM pairs WHERE ko_article_id = new.article_id);
END;

-- A new pair indexes the rows its articles already have. The language test is kept (not inferred from the
-- side) so a mislabelled article is indexed exactly as the row triggers would index it.
CREATE TRIGGER pairs_search_insert AFTER INSERT ON pairs BEGIN
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
