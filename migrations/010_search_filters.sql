-- why: search pages driven by a filter's or an order's own index instead of visiting every hit (issue 8: at 100,000 pairs, budget with status=confirmed took 3.5 s, the date and confidence orders 2 s)
-- db/search.ts takes the pairs that pass a selective filter from these indexes and asks the FTS5 index only for
-- their units; the date and confidence orders walk pairs by publication date and links by confidence.
-- Link status and link type (the type as written in the filter, so the expression index matches it), per level.
CREATE INDEX beads_level_status ON beads (level, status, pair_id);
CREATE INDEX beads_level_type ON beads (level, en_end - en_start, ko_end - ko_start, pair_id);
-- No index by (level, confidence) for the confidence order: new links land at random places in it, so a batch
-- of aligned pairs dirtied thousands of its pages (bulk alignment at 100,000 pairs fell from 207 to 141 pairs/s).
-- The confidence order sorts the hits instead (db/search.ts falls back when the index is missing).
-- Publication dates (the date order and the from/to filters) and sections as the filter compares them.
CREATE INDEX articles_published ON articles (published_at);
CREATE INDEX articles_section_nocase ON articles (section COLLATE NOCASE);
-- The trigrams that begin with a one- or two-character Korean term, one seek each (the 'row' vocabulary of 003
-- counts every occurrence of every trigram it lists).
CREATE VIRTUAL TABLE sentence_grams_terms USING fts5vocab (sentence_grams, 'instance');
CREATE VIRTUAL TABLE paragraph_grams_terms USING fts5vocab (paragraph_grams, 'instance');
