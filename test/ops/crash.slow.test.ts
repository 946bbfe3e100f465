import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { inTempDir } from '../helpers.ts';
import { assertHealthy, jjak, peek, randomInt, type JjakRun } from './crash-helpers.ts';
import { writeCorpus } from './corpus.ts';

/** Many small pairs: storing them takes long enough (batches of 5) for kills to land mid-import. */
const PAIRS = 800;
const BATCH = '5';
const COUNT_PAIRS = 'SELECT count(*) AS n FROM pairs';
const COUNT_INDEXED = 'SELECT count(*) AS n FROM pairs WHERE search_indexed = 1';
const COUNT_ALIGNS = "SELECT count(*) AS n FROM change_log WHERE action = 'align'";

/** Runs until a run was really killed (a run that finished before the kill landed does not count). */
async function killed(run: () => Promise<JjakRun>, what: string): Promise<JjakRun> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const r = await run();
    if (r.signal === 'SIGKILL') return r;
    assert.equal(r.code, 0, `${what} ended by itself: ${r.stderr}`);
  }
  assert.fail(`${what}: five runs finished before the kill landed`);
}

describe('crash safety', () => {
  it('SIGKILL at random points of an import, its indexing and an alignment leaves a database doctor finds clean', { timeout: 240_000 }, async (t) => {
    await inTempDir(async (dir) => {
      const corpus = join(dir, 'corpus.jsonl');
      const db = join(dir, 'crash.db');
      writeCorpus(corpus, PAIRS, 2);
      const kills: string[] = [];
      // Storing: killed once the stored pairs pass a random target (a few ms later, inside a later batch).
      let before = 0;
      for (let i = 0; i < 4; i++) {
        const target = before + randomInt(1, 30);
        const r = await jjak(['import', '--jsonl', corpus, '--no-align', '--db', db, '--quiet', '--batch', BATCH],
          () => peek(db, COUNT_PAIRS) >= target, 10);
        const state = assertHealthy(db, `import killed past ${target} pairs (${r.signal ?? `exit ${r.code}`})`);
        assert.ok(state.pairs >= before, 'nothing committed is lost');
        assert.ok(state.pairs < PAIRS, `the kill landed before the import ended (${state.pairs} pairs)`);
        before = state.pairs;
        kills.push(`import ${r.signal ?? r.code} at ${state.pairs} pairs`);
      }
      // Search indexing of the stored pairs (5 a transaction, so it lasts), killed at a random point.
      const indexRun = await killed(() => {
        const target = peek(db, COUNT_INDEXED) + randomInt(1, Math.max(1, Math.floor((before - peek(db, COUNT_INDEXED)) / 3)));
        return jjak(['index', '--batch', '5', '--db', db, '--quiet'], () => peek(db, COUNT_INDEXED) >= target, 10);
      }, 'jjak index');
      const indexed = peek(db, COUNT_INDEXED);
      assertHealthy(db, `index killed (${indexRun.signal}) at ${indexed} of ${before} pairs`);
      kills.push(`index ${indexRun.signal} at ${indexed} of ${before} pairs`);

      const finished = await jjak(['import', '--jsonl', corpus, '--db', db, '--quiet', '--batch', BATCH]);
      assert.equal(finished.code, 0, finished.stderr);
      assert.deepEqual(assertHealthy(db, 'the finished import'), { pairs: PAIRS, aligned: PAIRS });
      assert.equal(peek(db, COUNT_INDEXED), PAIRS, 'every pair is searchable after the import');

      // Realignment of every pair: killed once a random number of pairs were rewritten.
      for (let i = 0; i < 4; i++) {
        const base = peek(db, COUNT_ALIGNS);
        const r = await killed(() => {
          const target = peek(db, COUNT_ALIGNS) + randomInt(1, 150);
          return jjak(['align', '--all', '--force', '--db', db, '--quiet', '--batch', BATCH, '--workers', '1'],
            () => peek(db, COUNT_ALIGNS) >= target);
        }, 'jjak align');
        const state = assertHealthy(db, `align killed (${r.signal})`);
        assert.deepEqual(state, { pairs: PAIRS, aligned: PAIRS }, 'a realignment never leaves a pair without links');
        kills.push(`align ${r.signal} after ${peek(db, COUNT_ALIGNS) - base} pairs`);
      }
      t.diagnostic(kills.join('; '));
      assert.equal(kills.filter((k) => k.includes('SIGKILL')).length, 9, kills.join('; '));
    });
  });
});
