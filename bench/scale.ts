/**
 * bench:scale — jjak at corpus size. Generates N pairs (default 100,000; about 15 paragraphs a
 * side, with numbers and names so the aligner has work) as a JSONL file, imports them without
 * aligning (the `jjak import --jsonl --no-align` path), aligns them on every core (the
 * `jjak align --all` path, which also writes the search index for the pairs it aligns), then times the list page, a review page and a search on that database.
 * Prints pairs/second for each step, peak resident memory (this process and its worker threads)
 * and the database size, next to the targets.
 *
 *   npm run bench:scale -- [--pairs N] [--paragraphs P] [--workers W] [--dir DIR] [--keep] [--baseline N]
 *
 * --baseline N (default 2,000; 0 skips): times the naive import and one-thread alignment on the first N
 * pairs in the same run and prints the ratios.
 *
 * Targets (issue 8): import ≥ 2,000 pairs/s, alignment ≥ 150 pairs/s on both cores, peak memory
 * < 500 MB, pages < 100 ms.
 */
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../db/open.ts';
import { createApp } from '../server/app.ts';
import { importJsonl } from '../server/commands/import.ts';
import { alignPairs } from '../server/services/bulk-align.ts';
import { generatePairRecord } from './generate.ts';
import { countSearchBacklog, drainSearchBacklog } from '../db/search-backlog.ts';
import { storePairRows } from '../db/pairs.ts';
import { decodeLines } from '../server/import/line-chunks.ts';
import { readLineChunks } from '../server/services/line-files.ts';
import { prepareLine } from '../server/services/prepare-pair.ts';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '100000' }, paragraphs: { type: 'string', default: '15' },
    workers: { type: 'string' }, dir: { type: 'string' }, keep: { type: 'boolean' }, baseline: { type: 'string', default: '2000' },
  },
});
const count = Number(values.pairs);
const paragraphs = Number(values.paragraphs);
const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'jjak-bench-scale-'));
mkdirSync(dir, { recursive: true });
const baselinePairs = Math.min(count, Number(values.baseline));
// Named by its size, so a --dir kept from another run never lends a corpus of another size.
const jsonl = join(dir, `corpus-${count}x${paragraphs}.jsonl`);
const dbPath = join(dir, 'scale.db');
const io = { stdout: (s: string) => void process.stdout.write(s), stderr: (s: string) => void process.stderr.write(s), env: {}, isTTY: false };
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

console.log(`bench:scale — ${count} pairs, ${paragraphs} paragraphs a side, ${workers} align workers, in ${dir}`);

// 1. The corpus, written in chunks so the generator's memory stays flat too.
let t = performance.now();
const reused = existsSync(jsonl);
if (!reused) {
  const fd = openSync(jsonl, 'w');
  for (let i = 0; i < count; i += 1000) {
    const chunk: string[] = [];
    for (let j = i; j < Math.min(count, i + 1000); j++) chunk.push(JSON.stringify(generatePairRecord(j, paragraphs)));
    writeSync(fd, `${chunk.join('\n')}\n`);
  }
  closeSync(fd);
}
console.log(`  corpus:     ${mb(statSync(jsonl).size)} JSONL ${reused ? '(kept from an earlier run)' : `in ${((performance.now() - t) / 1000).toFixed(1)} s`}`);

// 2. Import without aligning.
rmSync(dbPath, { force: true });
const db = openDb(dbPath);
t = performance.now();
let cpu = cpuSeconds();
const imported = await importJsonl(db, jsonl, io, { quiet: false });
const importSeconds = (performance.now() - t) / 1000;
const importCpu = cpuSeconds() - cpu;
console.log(`  import:     ${imported.imported} pairs in ${importSeconds.toFixed(1)} s = ${(imported.imported / importSeconds).toFixed(0)} pairs/s `
  + `(target ≥ 2000; CPU ${importCpu.toFixed(1)} s = ${(imported.imported / importCpu).toFixed(0)} pairs per CPU-second)`);

// 3. Align on every core.
t = performance.now();
cpu = cpuSeconds();
let lastReport = Date.now();
const aligned = await alignPairs(db, { kind: 'all', force: false }, {
  workers,
  onProgress: (done, total) => {
    if (Date.now() - lastReport < 10_000) return;
    lastReport = Date.now();
    const rate = done / ((performance.now() - t) / 1000);
    console.log(`    … aligned ${done} of ${total}, ${rate.toFixed(0)}/s`);
  },
});
const alignSeconds = (performance.now() - t) / 1000;
const alignCpu = cpuSeconds() - cpu;
console.log(`  align:      ${aligned.aligned} pairs in ${alignSeconds.toFixed(1)} s = ${(aligned.aligned / alignSeconds).toFixed(0)} pairs/s `
  + `(target ≥ 150; CPU of all threads ${alignCpu.toFixed(1)} s${aligned.failed.length ? `; ${aligned.failed.length} failed` : ''})`);

// The import stored pairs in the search backlog; alignment indexed each batch it wrote (its cost is in the
// align figure above). Anything left (pairs the aligner failed on) is indexed here.
const left = countSearchBacklog(db);
t = performance.now();
const indexedAfter = drainSearchBacklog(db);
console.log(`  search index: written during alignment; ${left} pairs were left, indexed in ${((performance.now() - t) / 1000).toFixed(1)} s (${indexedAfter})`);

// Baselines in the same run, on the corpus's first pairs: the naive import (parse on this thread, one
// transaction a pair, the search index written pair by pair: how a single pair is stored) and alignment
// on this thread only. The ratios are what the bulk paths buy on this machine, whatever its speed.
if (baselinePairs > 0) {
  const basePath = join(dir, 'baseline.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(basePath + suffix, { force: true });
  const base = openDb(basePath);
  const lines: { line: number; text: string }[] = [];
  for await (const chunk of readLineChunks(jsonl, 100)) {
    lines.push(...decodeLines(chunk));
    if (lines.length >= baselinePairs) break;
  }
  t = performance.now();
  for (const { line, text } of lines.slice(0, baselinePairs)) {
    const p = prepareLine(text, line);
    base.transaction(() => storePairRows(base, p.rows)).immediate();
  }
  const baselineImportRate = baselinePairs / ((performance.now() - t) / 1000);
  t = performance.now();
  const baseAligned = await alignPairs(base, { kind: 'all', force: false }, { workers: 0 });
  const baselineAlignRate = baseAligned.aligned / ((performance.now() - t) / 1000);
  base.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(basePath + suffix, { force: true });
  console.log(`  baseline (first ${baselinePairs} pairs): naive import ${baselineImportRate.toFixed(0)} pairs/s → bulk import is `
    + `${(imported.imported / importSeconds / baselineImportRate).toFixed(1)}×; align on one thread ${baselineAlignRate.toFixed(0)} pairs/s → `
    + `${workers} workers are ${(aligned.aligned / alignSeconds / baselineAlignRate).toFixed(1)}×`);
}

db.pragma('wal_checkpoint(TRUNCATE)');
const size = statSync(dbPath).size;
console.log(`  database:   ${mb(size)}`);

// 4. Pages, through the real app on a loopback port (local single-user mode).
const app = createApp({ db });
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
async function timePage(label: string, path: string, accept = 'text/html'): Promise<void> {
  await fetch(base + path, { headers: { Accept: accept } }).then((r) => r.text()); // warm the statement cache
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    const res = await fetch(base + path, { headers: { Accept: accept } });
    await res.text();
    status = res.status;
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(34)} median ${times[2]!.toFixed(1)} ms, worst ${times[4]!.toFixed(1)} ms (HTTP ${status}; target < 100 ms)`);
}
const middle = Math.max(1, Math.floor(count / 2));
const lastPage = Math.max(1, Math.ceil(count / 50));
await timePage('list page (first)', '/');
await timePage(`list page (${lastPage}, the oldest)`, `/?page=${lastPage}`);
await timePage(`review page (pair ${middle})`, `/pairs/${middle}`);
await timePage('search "budget" (English words)', '/search?q=budget');
await timePage('search "예산" (Korean)', `/search?q=${encodeURIComponent('예산')}`);
await timePage('search "Kim Min-ji 3,000"', `/search?q=${encodeURIComponent('"Kim Min-ji"')}`);
// The JSON twins (same route, Accept: application/json).
await timePage('list page (first), JSON', '/', 'application/json');
await timePage(`list page (${lastPage}), JSON`, `/?page=${lastPage}`, 'application/json');
await timePage(`review page (pair ${middle}), JSON`, `/pairs/${middle}`, 'application/json');
await timePage('search "budget", JSON', '/search?q=budget', 'application/json');
await timePage('search "예산", JSON', `/search?q=${encodeURIComponent('예산')}`, 'application/json');
await timePage('search "Kim Min-ji", JSON', `/search?q=${encodeURIComponent('"Kim Min-ji"')}`, 'application/json');
server.close();
db.close();

const peak = process.resourceUsage().maxRSS * 1024;
console.log(`  peak resident memory: ${mb(peak)} (target < 500 MB)`);
if (!values.keep && !values.dir) rmSync(dir, { recursive: true, force: true });
else console.log(`  kept ${dir}`);
