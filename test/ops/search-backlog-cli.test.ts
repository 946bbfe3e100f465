import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkDatabase } from '../../db/doctor.ts';
import { countSearchBacklog } from '../../db/search-backlog.ts';
import { importJsonl } from '../../server/commands/import.ts';
import type { CliIo } from '../../server/commands/types.ts';
import { alignPairs } from '../../server/services/bulk-align.ts';
import { startSearchIndexer } from '../../server/services/search-indexer.ts';
import { openDb, type Db } from '../../db/open.ts';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { inTempDir, openTestDb, tempDir } from '../helpers.ts';
import { runCli } from '../cli-helpers.ts';
import { corpusIn, writeCorpus } from './corpus.ts';

const silent: CliIo = { stdout: () => {}, stderr: () => {}, env: {} };
const indexedPairs = (db: Db) => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM pairs WHERE search_indexed = 1').get()!.n;
/** Distinct articles with English sentences in the index: one per searchable pair. */
const englishArticlesInIndex = (db: Db) => db.prepare<[], { n: number }>('SELECT count(DISTINCT article_id) AS n FROM sentence_words').get()!.n;

/** Runs `fn` on a generated corpus of `n` pairs (three paragraphs a side) in a temporary folder. */
const withCorpus = (n: number, fn: (file: string) => Promise<void>): Promise<void> => inTempDir((dir) => fn(corpusIn(dir, n, 3)));

/** A fresh database holding the pairs of the JSONL file at `file`, imported quietly. */
async function importedDb(file: string): Promise<Db> {
  const db = openTestDb();
  await importJsonl(db, file, silent, { quiet: true });
  return db;
}

describe('search indexing after a bulk import', () => {
  it('importJsonl stores pairs in the backlog and jjak index indexes them', () => withCorpus(7, async (file) => {
    const db = openTestDb();
    const s = await importJsonl(db, file, silent, { quiet: true, batchSize: 3 });
    assert.equal(s.imported, 7);
    assert.equal(countSearchBacklog(db), 7);
    assert.equal(englishArticlesInIndex(db), 0);
    assert.deepEqual(checkDatabase(db).problems, [], 'a backlog is not a problem');
    const doctor = await runCli(['doctor'], { db });
    assert.equal(doctor.code, 0);
    assert.match(doctor.stdout, /note: 7 pairs wait for the search index/);

    const r = await runCli(['index'], { db });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^indexed 7 pairs for search in [\d.]+ s\n$/);
    assert.equal(englishArticlesInIndex(db), 7);
    assert.deepEqual(checkDatabase(db).problems, []);
    assert.match((await runCli(['index'], { db })).stdout, /no pair was waiting/);
  }));

  it('jjak import --jsonl leaves nothing waiting, with or without alignment', () => withCorpus(6, async (file) => {
    const plain = openTestDb();
    const r = await runCli(['import', '--jsonl', file, '--no-align'], { db: plain });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /indexed 6 more pairs for search/);
    assert.equal(countSearchBacklog(plain), 0);
    assert.equal(englishArticlesInIndex(plain), 6);

    const aligned = openTestDb();
    const a = await runCli(['import', '--jsonl', file], { db: aligned });
    assert.equal(a.code, 0, a.stderr);
    assert.doesNotMatch(a.stdout, /more pairs for search/, 'alignment indexed every pair it wrote');
    assert.equal(countSearchBacklog(aligned), 0);
    assert.equal(englishArticlesInIndex(aligned), 6);
    assert.deepEqual(checkDatabase(aligned).problems, []);
  }));

  it('alignment indexes exactly the pairs it writes', () => withCorpus(5, async (file) => {
    const db = await importedDb(file);
    const s = await alignPairs(db, { kind: 'ids', ids: [2, 4] }, { workers: 0 });
    assert.equal(s.aligned, 2);
    assert.deepEqual(db.prepare('SELECT id FROM pairs WHERE search_indexed = 1 ORDER BY id').all(), [{ id: 2 }, { id: 4 }]);
    assert.deepEqual(checkDatabase(db).problems, []);
    const all = await runCli(['align', '--all', '--workers', '0'], { db });
    assert.equal(all.code, 0, all.stderr);
    assert.equal(countSearchBacklog(db), 0);
  }));

  it('the server indexes the backlog in the background, batch by batch, and stops when told', () => withCorpus(5, async (file) => {
    const db = await importedDb(file);
    const seen: number[] = [];
    const indexer = startSearchIndexer(db, { batch: 2, idleMs: 20, onIndexed: (_n, left) => seen.push(left) });
    try {
      for (let i = 0; i < 100 && countSearchBacklog(db) > 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(countSearchBacklog(db), 0);
      assert.deepEqual(seen, [3, 1, 0], 'two pairs a transaction');
      assert.equal(indexedPairs(db), 5);
    } finally {
      indexer.stop();
    }
    // Stopped: a later backlog is left for the next start.
    const more = file.replace('corpus.jsonl', 'more.jsonl');
    writeCorpus(more, 2, 3, 100);
    await importJsonl(db, more, silent, { quiet: true });
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(countSearchBacklog(db), 2);
  }));

  it('the search page says how many pairs are not searchable yet, until they are', () => withCorpus(3, async (file) => {
    const db = await importedDb(file);
    const app = createApp({ db });
    const waiting = await request(app).get('/search?q=budget').set('Accept', 'application/json').expect(200);
    assert.equal(waiting.body.pendingIndex, 3);
    assert.equal(waiting.body.total, 0, 'pairs in the backlog are not found');
    const page = await request(app).get('/search?q=budget').expect(200);
    assert.match(page.text, /3 pairs were imported in bulk and are still being indexed/);

    const cli = await runCli(['search', 'budget'], { db });
    assert.match(cli.stderr, /note: 3 pairs are not indexed for search yet/);
    assert.equal((await runCli(['index'], { db })).code, 0);
    assert.equal((await runCli(['search', 'budget'], { db })).stderr, '');
    const done = await request(app).get('/search?q=budget').set('Accept', 'application/json').expect(200);
    assert.equal(done.body.pendingIndex, 0);
    assert.ok(done.body.total > 0);
    assert.doesNotMatch((await request(app).get('/search?q=budget').expect(200)).text, /still being indexed/);
  }));
});

describe('the background indexer and another writer', () => {
  it('does not wait for a write lock another connection holds, and indexes once it is free', async () => {
    const { dir, cleanup } = tempDir();
    const file = corpusIn(dir, 3, 3);
    const path = join(dir, 'shared.db');
    const db = openDb(path);
    const other = openDb(path);
    try {
      await importJsonl(db, file, silent, { quiet: true, workers: 0 });
      other.prepare('BEGIN IMMEDIATE').run(); // another process's write transaction
      const indexer = startSearchIndexer(db, { batch: 10, idleMs: 30 });
      try {
        const started = Date.now();
        await new Promise((r) => setTimeout(r, 100));
        assert.ok(Date.now() - started < 1000, 'the event loop was never held for the busy timeout (5 s)');
        assert.equal(countSearchBacklog(db), 3, 'nothing indexed while the lock is held');
        other.prepare('COMMIT').run();
        for (let i = 0; i < 100 && countSearchBacklog(db) > 0; i++) await new Promise((r) => setTimeout(r, 10));
        assert.equal(countSearchBacklog(db), 0);
        assert.equal(db.pragma('busy_timeout', { simple: true }), 5000, 'the timeout is restored');
      } finally {
        indexer.stop();
      }
    } finally {
      other.close();
      db.close();
      cleanup();
    }
  });
});

describe('the checkpoint thread of a bulk import', () => {
  it('runs beside a threaded import and gives automatic checkpoints back at the end', async () => {
    const { dir, cleanup } = tempDir();
    const file = corpusIn(dir, 30, 3);
    const path = join(dir, 'file.db');
    const db = openDb(path);
    try {
      const s = await importJsonl(db, file, silent, { quiet: true, workers: 1, batchSize: 5 });
      assert.equal(s.imported, 30);
      assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000, 'automatic checkpoints are back');
      assert.deepEqual(checkDatabase(db).problems, []);
    } finally {
      db.close();
      cleanup();
    }
  });
});
