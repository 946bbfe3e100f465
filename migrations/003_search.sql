-- why: full-text search for the concordancer, kept in step with paragraphs and sentences by triggers (db/triggers.sql)
-- Four contentless FTS5 indexes (the text itself stays in paragraphs/sentences; rowid = their id):
--   *_words: English text, unicode61 words, so "war" matches the word war but not "award", case-insensitively,
--            and "quoted phrases" match word sequences.
--   *_grams: Korean text, trigram substrings, so 비핵화 finds 비핵화와 and 비핵화를 (particles are glued to words).
-- Korean text is indexed with two trailing spaces so that every one- or two-character substring is the start
-- of some trigram: db/search.ts answers short queries such as 북한 by expanding them, through the
-- *_grams_vocab tables, into the trigrams that begin with them.
-- contentless_delete (SQLite 3.43+) lets the triggers delete and replace rows by rowid; contentless_unindexed
-- (3.47+) stores the small UNINDEXED columns, so a hit's article and position come from the index itself
-- without a lookup into the text-heavy sentences table (measured in bench/search.ts).
CREATE VIRTUAL TABLE sentence_words USING fts5 (text, article_id UNINDEXED, position UNINDEXED, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1, contentless_unindexed = 1);
CREATE VIRTUAL TABLE sentence_grams USING fts5 (text, article_id UNINDEXED, position UNINDEXED, tokenize = 'trigram', content = '', contentless_delete = 1, contentless_unindexed = 1);
CREATE VIRTUAL TABLE paragraph_words USING fts5 (text, article_id UNINDEXED, position UNINDEXED, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1, contentless_unindexed = 1);
CREATE VIRTUAL TABLE paragraph_grams USING fts5 (text, article_id UNINDEXED, position UNINDEXED, tokenize = 'trigram', content = '', contentless_delete = 1, contentless_unindexed = 1);
CREATE VIRTUAL TABLE sentence_grams_vocab USING fts5vocab (sentence_grams, 'row');
CREATE VIRTUAL TABLE paragraph_grams_vocab USING fts5vocab (paragraph_grams, 'row');

-- The triggers that keep these tables in step with every later write are in db/triggers.sql (issue 15:
-- each trigger is written once, in its final form; this file created six, which 007 and 008 replaced).

-- Rows stored before this migration.
INSERT INTO sentence_words (rowid, text, article_id, position)
  SELECT s.id, s.text, s.article_id, s.position FROM sentences s JOIN articles a ON a.id = s.article_id WHERE a.lang = 'en';
INSERT INTO sentence_grams (rowid, text, article_id, position)
  SELECT s.id, s.text || '  ', s.article_id, s.position FROM sentences s JOIN articles a ON a.id = s.article_id WHERE a.lang = 'ko';
INSERT INTO paragraph_words (rowid, text, article_id, position)
  SELECT p.id, p.text, p.article_id, p.position FROM paragraphs p JOIN articles a ON a.id = p.article_id WHERE a.lang = 'en';
INSERT INTO paragraph_grams (rowid, text, article_id, position)
  SELECT p.id, p.text || '  ', p.article_id, p.position FROM paragraphs p JOIN articles a ON a.id = p.article_id WHERE a.lang = 'ko';

-- Finding the bead that holds a hit's sentence or paragraph: the first bead of the pair and level whose
-- range ends after the position (beads are contiguous and in order), in one index seek per hit.
CREATE INDEX beads_en_end ON beads (pair_id, level, en_end, en_start);
CREATE INDEX beads_ko_end ON beads (pair_id, level, ko_end, ko_start);

-- The dashboard's review-progress chart groups confirmations by day.
CREATE INDEX beads_confirmed_at ON beads (confirmed_at) WHERE confirmed_at IS NOT NULL;
