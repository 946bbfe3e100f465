import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from '../helpers.ts';
import { assertHealthy, jjak, peek, randomInt } from './crash-helpers.ts';
import { writeCorpus } from './corpus.ts';

const PAIRS = 40;
const BATCH = '5';

describe('crash safety', () => {
  it('SIGKILL at random points of an import and an alignment leaves a database doctor finds clean', { timeout: 150_000 }, async (t) => {
    const { dir, cleanup } = tempDir();
    try {
      const corpus = join(dir, 'corpus.jsonl');
      const db = join(dir, 'crash.db');
      writeCorpus(corpus, PAIRS, 5);
      const kills: string[] = [];
      // Import (which aligns afterwards): killed once the stored pairs pass a random target.
      let before = 0;
      for (let i = 0; i < 4; i++) {
        const target = Math.min(PAIRS - 1, before + randomInt(1, 8));
        const r = await jjak(['import', '--jsonl', corpus, '--db', db, '--quiet', '--batch', BATCH],
          () => peek(db, 'SELECT count(*) AS n FROM pairs') >= target);
        const state = assertHealthy(db, `import killed past ${target} pairs (${r.signal ?? `exit ${r.code}`})`);
        assert.ok(state.pairs >= before, 'nothing committed is lost');
        before = state.pairs;
        kills.push(`import ${r.signal ?? r.code} at ${state.pairs} pairs/${state.aligned} aligned`);
      }
      const finished = await jjak(['import', '--jsonl', corpus, '--db', db, '--quiet', '--batch', BATCH]);
      assert.equal(finished.code, 0, finished.stderr);
      assert.deepEqual(assertHealthy(db, 'the finished import'), { pairs: PAIRS, aligned: PAIRS });

      // Realignment of every pair: killed once a random number of pairs were rewritten.
      for (let i = 0; i < 4; i++) {
        const base = peek(db, "SELECT count(*) AS n FROM change_log WHERE action = 'align'");
        const target = base + randomInt(1, 20);
        const r = await jjak(['align', '--all', '--force', '--db', db, '--quiet', '--batch', BATCH, '--workers', '1'],
          () => peek(db, "SELECT count(*) AS n FROM change_log WHERE action = 'align'") >= target);
        const state = assertHealthy(db, `align killed past ${target - base} pairs (${r.signal ?? `exit ${r.code}`})`);
        assert.deepEqual(state, { pairs: PAIRS, aligned: PAIRS }, 'a realignment never leaves a pair without links');
        kills.push(`align ${r.signal ?? r.code} after ${peek(db, "SELECT count(*) AS n FROM change_log WHERE action = 'align'") - base} pairs`);
      }
      const realigned = await jjak(['align', '--all', '--force', '--db', db, '--quiet']);
      assert.equal(realigned.code, 0, realigned.stderr);
      assert.deepEqual(assertHealthy(db, 'the finished alignment'), { pairs: PAIRS, aligned: PAIRS });
      t.diagnostic(kills.join('; '));
      assert.equal(kills.filter((k) => k.includes('SIGKILL')).length, 8, kills.join('; '));
    } finally {
      cleanup();
    }
  });
});
