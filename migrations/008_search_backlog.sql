-- why: a bulk import stores pairs about twice as fast when their search indexing waits for a batch.
-- Indexing a pair's rows costs about as much CPU as storing them (FTS5 tokenising, trigrams for Korean), and the
-- writer is one thread; so `jjak import --jsonl` stores pairs with search_indexed = 0 (the search backlog) and
-- indexing happens later in large batches: while `jjak align` writes links, in the server between requests, or
-- with `jjak index`. Setting search_indexed to 1 indexes the pair's rows in the same statement (a trigger, db/triggers.sql).
-- Every other way of storing a pair (one pair from the CLI or the web) keeps the default, 1, and is indexed at once.
-- Rows of a pair in the backlog are never in the index, so edits to them (re-segmenting) leave the index alone;
-- deletions already remove rows by rowid, which FTS5 ignores for rows it never held.
ALTER TABLE pairs ADD COLUMN search_indexed INTEGER NOT NULL DEFAULT 1 CHECK (search_indexed IN (0, 1));
CREATE INDEX pairs_search_backlog ON pairs (id) WHERE search_indexed = 0;

-- The triggers of the backlog (a pair indexed when stored with search_indexed = 1 or when it leaves the backlog; going
-- back refused) and of rows (no insert trigger: db/pairs.ts indexes an already-paired article's new rows in one
-- statement, because the insert trigger's test ran for every row of every imported article, ~15% of a bulk import's
-- writing time, to find no pair; updates re-index only rows of an indexed pair) are in db/triggers.sql (issue 15).
