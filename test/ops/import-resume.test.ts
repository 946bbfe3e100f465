import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { checkDatabase } from '../../db/doctor.ts';
import { countPairs } from '../../db/pairs.ts';
import { importJsonl } from '../../server/commands/import.ts';
import type { CliIo } from '../../server/commands/types.ts';
import { inTempDir, openTestDb } from '../helpers.ts';
import { runCli } from '../cli-helpers.ts';
import { corpusIn } from './corpus.ts';

const silent: CliIo = { stdout: () => {}, stderr: () => {}, env: {} };

describe('bulk JSONL import', () => {
  it('resumes an interrupted import without duplicating pairs', async () => {
    await inTempDir(async (dir) => {
      const file = corpusIn(dir, 23, 4);
      const db = openTestDb();
      let batches = 0;
      await assert.rejects(importJsonl(db, file, silent, {
        quiet: true, batchSize: 5,
        betweenBatches: () => (++batches === 2 ? Promise.reject(new Error('interrupted')) : Promise.resolve()),
      }), /interrupted/);
      assert.equal(countPairs(db), 10, 'two batches of five were committed');
      const again = await importJsonl(db, file, silent, { quiet: true, batchSize: 5 });
      assert.deepEqual({ imported: again.imported, duplicates: again.duplicates, rejected: again.rejectedCount }, { imported: 13, duplicates: 10, rejected: 0 });
      assert.equal(countPairs(db), 23);
      assert.deepEqual(checkDatabase(db).problems, []);
    });
  });

  it('reports rejected lines with their numbers, and --no-align leaves pairs for jjak align --all', async () => {
    await inTempDir(async (dir) => {
      const file = corpusIn(dir, 6, 3);
      appendFileSync(file, '{"en": {"paragraphs": ["Only English here."]}}\nnot json at all\n');
      const db = openTestDb();
      const r = await runCli(['import', '--jsonl', file, '--no-align'], { db });
      assert.equal(r.code, 1, 'rejected lines make the exit code 1');
      assert.match(r.stdout, /imported 6, skipped 0 duplicates, rejected 2 of 8 lines in [\d.]+ s; not aligned/);
      assert.match(r.stderr, /line 7: rejected: .*"ko"/);
      assert.match(r.stderr, /line 8: rejected: not valid JSON/);
      const unaligned = db.prepare('SELECT count(*) AS n FROM pairs p WHERE NOT EXISTS (SELECT 1 FROM links b WHERE b.pair_id = p.id)').get() as { n: number };
      assert.equal(unaligned.n, 6);

      const aligned = await runCli(['align', '--all', '--workers', '0'], { db });
      assert.equal(aligned.code, 0, aligned.stderr);
      assert.match(aligned.stdout, /aligned 6 pairs/);
      const again = await runCli(['align', '--all'], { db });
      assert.match(again.stdout, /aligned 0 pairs/, 'a second --all finds nothing left to do');
      assert.deepEqual(checkDatabase(db).problems, []);
    });
  });

  it('aligns on worker threads with the same result as this thread', async () => {
    await inTempDir(async (dir) => {
      const file = corpusIn(dir, 10, 4);
      const inline = openTestDb();
      const threaded = openTestDb();
      await importJsonl(inline, file, silent, { quiet: true });
      await importJsonl(threaded, file, silent, { quiet: true });
      assert.equal((await runCli(['align', '--all', '--workers', '0'], { db: inline })).code, 0);
      const r = await runCli(['align', '--all', '--workers', '2'], { db: threaded });
      assert.equal(r.code, 0, r.stderr);
      const links = (db: typeof inline) => db.prepare('SELECT pair_id, level, position, en_start, en_end, ko_start, ko_end, confidence FROM links ORDER BY pair_id, level, position').all();
      assert.ok(links(inline).length > 0);
      assert.deepEqual(links(threaded), links(inline));
    });
  });

  it('parses on worker threads with the same pairs, in file order, and the same rejections', async () => {
    await inTempDir(async (dir) => {
      const file = corpusIn(dir, 40, 3);
      appendFileSync(file, 'not json\n{"en": {"paragraphs": ["x"]}, "ko": {"paragraphs": ["한국어 문장입니다."]}, "extra": 1}\n');
      const inline = openTestDb();
      const threaded = openTestDb();
      const a = await importJsonl(inline, file, silent, { quiet: true, workers: 0, batchSize: 7 });
      const b = await importJsonl(threaded, file, silent, { quiet: true, workers: 2, batchSize: 7 });
      assert.deepEqual({ ...b, seconds: 0 }, { ...a, seconds: 0 });
      assert.equal(a.rejectedCount, 1);
      const keys = (db: typeof inline) => db.prepare('SELECT id, content_key FROM pairs ORDER BY id').all();
      assert.deepEqual(keys(threaded), keys(inline));
    });
  });
});
