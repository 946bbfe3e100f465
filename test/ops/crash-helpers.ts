/** What the crash tests share: running `jjak` to be killed, peeking at its database, the doctor check. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { checkDatabase } from '../../db/doctor.ts';
import { openDb } from '../../db/open.ts';

export const JJAK = fileURLToPath(new URL('../../bin/jjak.js', import.meta.url));
/** The sources under test, not a build that may be older (bin/jjak.js). */
export const FROM_SOURCE = { ...process.env, JJAK_FROM_SOURCE: '1' };

/** Reads one number from the database another process is writing, or -1 while there is none yet. */
export function peek(path: string, sql: string): number {
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

export interface JjakRun { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/**
 * Runs `jjak …` and, when `killWhen` is given, sends `signal` (SIGKILL) as soon as it holds (polled
 * every 20 ms, plus a random 0–`jitterMs` ms so the kill lands anywhere inside the next batch, not
 * only between commits). Waiting for visible progress rather than a fixed delay keeps the kill
 * mid-work however slow the machine is.
 */
export function jjak(args: string[], killWhen?: () => boolean, jitterMs = 60, signal: NodeJS.Signals = 'SIGKILL'): Promise<JjakRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [JJAK, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: FROM_SOURCE });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const poll = killWhen && setInterval(() => {
      if (!killWhen()) return;
      clearInterval(poll);
      setTimeout(() => child.kill(signal), Math.random() * jitterMs);
    }, 20);
    child.on('close', (code, signal) => {
      if (poll) clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Doctor on a fresh connection, opened as a restart would; also every pair whole (both articles). */
export function assertHealthy(path: string, when: string): { pairs: number; aligned: number } {
  const db = openDb(path);
  try {
    assert.deepEqual(checkDatabase(db).problems, [], `doctor after ${when}`);
    const row = db.prepare(`SELECT count(*) AS pairs, (SELECT count(DISTINCT pair_id) FROM links) AS aligned,
      (SELECT count(*) FROM articles) AS articles FROM pairs`).get() as { pairs: number; aligned: number; articles: number };
    assert.equal(row.articles, 2 * row.pairs, `every pair has both articles after ${when}`);
    return { pairs: row.pairs, aligned: row.aligned };
  } finally {
    db.close();
  }
}

export const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
