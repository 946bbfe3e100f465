/**
 * bench:import — imports 1,000 generated pairs through the JSONL path (parse, segment, store,
 * align) into a fresh database file and prints pairs/second and the peak resident memory.
 * Baseline in the same run: the naive loop — parse, segment and store each pair in a transaction of
 * its own on one thread, without aligning — against the real path (batched transactions, parsing
 * and alignment on worker threads).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../db/open.ts';
import { importJsonl } from '../server/commands/import.ts';
import { insertPair } from '../db/pairs.ts';
import { parseJsonlLine } from '../server/import/index.ts';
import { withSentences } from '../server/services/import-pair.ts';
import { generatePairRecord } from './generate.ts';

const count = Number(process.argv[2] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'jjak-bench-import-'));
const jsonl = join(dir, 'pairs.jsonl');
writeFileSync(jsonl, Array.from({ length: count }, (_, i) => JSON.stringify(generatePairRecord(i))).join('\n') + '\n');
const silent = { stdout: () => {}, stderr: () => {}, env: {} };

// Baseline: the naive loop, one transaction a pair, no alignment.
const baseDb = openDb(join(dir, 'baseline.db'));
let t = performance.now();
const lines = (await import('node:fs')).readFileSync(jsonl, 'utf8').split('\n').filter(Boolean);
for (const line of lines) {
  const rec = parseJsonlLine(line);
  insertPair(baseDb, withSentences(rec.en), withSentences(rec.ko));
}
const baseSeconds = (performance.now() - t) / 1000;
baseDb.close();

const db = openDb(join(dir, 'bench.db'));
t = performance.now();
const summary = await importJsonl(db, jsonl, silent, { quiet: true });
const seconds = (performance.now() - t) / 1000;
db.close();
const peakMb = process.resourceUsage().maxRSS / 1024;

console.log(`bench:import — ${count} generated pairs (~15 paragraphs a side) through jjak import --jsonl`);
console.log(`  imported ${summary.imported}, duplicates ${summary.duplicates}, rejected ${summary.rejected.length}`);
console.log(`  jjak import --jsonl (store + align):      ${(count / seconds).toFixed(0)} pairs/s (${seconds.toFixed(2)} s)`);
console.log(`  baseline, naive loop (store, no align):  ${(count / baseSeconds).toFixed(0)} pairs/s (${baseSeconds.toFixed(2)} s)`);
console.log(`  speed-up over the baseline: ${(baseSeconds / seconds).toFixed(2)}×`);
console.log(`  peak resident memory:  ${peakMb.toFixed(0)} MB`);
console.log(`  database size:         ${(statSync(join(dir, 'bench.db')).size / 1e6).toFixed(1)} MB`);
rmSync(dir, { recursive: true, force: true });
