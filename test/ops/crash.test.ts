import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { checkDatabase } from '../../db/doctor.ts';
import { openDb } from '../../db/open.ts';
import { tempDir } from '../helpers.ts';
import { writeCorpus } from './corpus.ts';

const JJAK = fileURLToPath(new URL('../../bin/jjak.js', import.meta.url));
const PAIRS = 40;
const BATCH = '5';

/** Reads one number from the database another process is writing, or -1 while there is none yet. */
function peek(path: string, sql: string): number {
  if (!existsSync(path)) return -1;
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    return (db.prepare(sql).get() as { n: number }).n;
  } catch {
    return -1; // schema not there yet
  } finally {
    db?.close();
  }
}

/**
 * Runs `jjak …` and, when `killWhen` is given, sends SIGKILL as soon as it holds (polled every
 * 20 ms, plus a random 0–60 ms so the kill lands anywhere inside the next batch, not only between
 * commits). Waiting for visible progress rather than a fixed delay keeps the kill mid-work however
 * slow the machine is.
 */
function jjak(args: string[], killWhen?: () => boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [JJAK, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const poll = killWhen && setInterval(() => {
      if (!killWhen()) return;
      clearInterval(poll);
      setTimeout(() => child.kill('SIGKILL'), Math.random() * 60);
    }, 20);
    child.on('close', (code, signal) => {
      if (poll) clearInterval(poll);
      resolve({ code, signal, stderr });
    });
  });
}

/** Doctor on a fresh connection, opened as a restart would; also every pair whole (both articles). */
function assertHealthy(path: string, when: string): { pairs: number; aligned: number } {
  const db = openDb(path);
  try {
    assert.deepEqual(checkDatabase(db).problems, [], `doctor after ${when}`);
    const row = db.prepare(`SELECT count(*) AS pairs, (SELECT count(DISTINCT pair_id) FROM beads) AS aligned,
      (SELECT count(*) FROM articles) AS articles FROM pairs`).get() as { pairs: number; aligned: number; articles: number };
    assert.equal(row.articles, 2 * row.pairs, `every pair has both articles after ${when}`);
    return { pairs: row.pairs, aligned: row.aligned };
  } finally {
    db.close();
  }
}

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

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
