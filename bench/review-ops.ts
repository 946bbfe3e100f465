/**
 * bench:review-ops — server-side time of review operations on a generated 400-row pair, beside the
 * same operations on a 27-row pair (the seed pair's size) in the same run: the service call
 * (compute, checks, database write, undo record) plus building the JSON answer.
 * Targets (issue 17): Confirm up to here on the last of 400 rows and its undo < 250 ms, Realign
 * rest < 500 ms, any single operation fast.
 *
 *   node --import tsx bench/review-ops.ts [--rows 400] [--runs 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';
import { historyHead } from '../db/review.ts';
import { apiJson } from '../server/review/api-json.ts';
import { applyReviewOp, DEFAULT_DEPS, readReviewPair, type ReviewRequest } from '../server/services/review.ts';
import { realignAround } from '../server/align/index.ts';
import { insertLongPair } from '../test/fixtures/review/pairs.ts';
import type { Db } from '../db/open.ts';

const args = process.argv.slice(2);
const arg = (name: string, d: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : d; };
const ROWS = arg('--rows', 400);
const RUNS = arg('--runs', 5);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** One operation as the route runs it: the service, then the JSON answer. Returns milliseconds. */
function timed(db: Db, id: number, request: ReviewRequest, deps = DEFAULT_DEPS): number {
  const t = performance.now();
  const version = readReviewPair(db, id)!.pair.version;
  const out = applyReviewOp(db, id, request, version, 'bench', deps)!;
  apiJson(out.pair, historyHead(db, id, 'bench'));
  return performance.now() - t;
}

type Case = { name: string; run: (db: Db, id: number, rows: number) => number[] };
const pairOf = (op: ReviewRequest, name: string): Case => ({
  name, run: (db, id) => [timed(db, id, op), timed(db, id, { op: 'undo' })],
});
const CASES: Case[] = [
  { name: 'confirm (middle row) | undo', run: (db, id, rows) => [timed(db, id, { op: 'confirm', link: rows >> 1 }), timed(db, id, { op: 'undo' })] },
  { name: 'merge (middle row) | undo', run: (db, id, rows) => [timed(db, id, { op: 'merge', link: rows >> 1 }), timed(db, id, { op: 'undo' })] },
  { name: 'confirm up to the last row | undo', run: (db, id, rows) => [timed(db, id, { op: 'confirm-up-to', link: rows - 1 }), timed(db, id, { op: 'undo' })] },
  pairOf({ op: 'confirm-at-least', confidence: 0.9 }, 'confirm-at-least 0.9 | undo'),
  { name: 'link 2 en × 1 ko (middle) | undo', run: (db, id, rows) => {
    const pair = readReviewPair(db, id)!.pair;
    const l = pair.links[rows >> 1]!;
    const n = pair.links[(rows >> 1) + 1]!;
    return [timed(db, id, { op: 'link', level: 'paragraph', en: [...l.en, ...n.en], ko: l.ko }), timed(db, id, { op: 'undo' })];
  } },
  { name: 'realign rest (rows 1-2 confirmed) | undo', run: (db, id) => {
    const v = readReviewPair(db, id)!.pair.version;
    applyReviewOp(db, id, { op: 'confirm-up-to', link: 1 }, v, 'bench');
    const out = [timed(db, id, { op: 'realign-rest' }), timed(db, id, { op: 'undo' })];
    timed(db, id, { op: 'undo' });
    return out;
  } },
  { name: 'baseline: the same with the default band', run: (db, id) => {
    const v = readReviewPair(db, id)!.pair.version;
    applyReviewOp(db, id, { op: 'confirm-up-to', link: 1 }, v, 'bench');
    const out = [timed(db, id, { op: 'realign-rest' }, { ...DEFAULT_DEPS, realign: (en, ko, fixed) => realignAround(en, ko, fixed) }), timed(db, id, { op: 'undo' })];
    timed(db, id, { op: 'undo' });
    return out;
  } },
];

function measure(rows: number): Map<string, [number[], number[]]> {
  const dir = mkdtempSync(join(tmpdir(), 'jjak-bench-ops-'));
  const db = openDb(join(dir, 'bench.db'));
  try {
    migrate(db);
    const id = insertLongPair(db, rows);
    const n = readReviewPair(db, id)!.pair.links.length;
    const out = new Map<string, [number[], number[]]>();
    for (const c of CASES) {
      c.run(db, id, n); // warm-up
      const op: number[] = [];
      const undo: number[] = [];
      for (let k = 0; k < RUNS; k++) {
        const [a, b] = c.run(db, id, n);
        op.push(a!);
        undo.push(b!);
      }
      out.set(c.name, [op, undo]);
    }
    return out;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const small = measure(27);
const large = measure(ROWS);
const f = (xs: number[]) => `${pct(xs, 50).toFixed(1).padStart(6)} / ${pct(xs, 95).toFixed(1).padStart(6)}`;
console.log(`server-side ms, p50 / p95 of ${RUNS} runs: ${ROWS}-row pair, beside the 27-row baseline (same run)`);
console.log(`${'operation | its undo'.padEnd(42)} ${`${ROWS} rows: op`.padEnd(16)} ${'undo'.padEnd(16)} 27 rows: op      undo`);
for (const [name, [op, undo]] of large) {
  const [sop, sundo] = small.get(name)!;
  console.log(`${name.padEnd(42)} ${f(op).padEnd(16)} ${f(undo).padEnd(16)} ${f(sop).padEnd(16)} ${f(sundo)}`);
}
