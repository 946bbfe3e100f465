/**
 * bench:responsive — does the server keep answering while it streams exports?
 *
 * Builds N pairs (default 10,000; --pairs N for a quick run) of invented text with hand-made 1:1
 * links in a temporary file database, serves the app on a loopback port (local mode), and every
 * 50 ms times GET / and one review operation (confirm/unconfirm, POST /api/pairs/:id/ops):
 * first while the server is idle (the baseline), then while --exports K (default 3) JSONL exports of
 * every sentence unit stream over HTTP at once. Prints p50/p95 of both phases side by side.
 * Target (issue 14): p95 < 100 ms during exports.
 *   npm run bench:responsive -- --pairs 2000 --exports 3
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { openDb } from '../db/open.ts';
import { insertPairRows, type DocumentInput } from '../db/pairs.ts';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';

const { values } = parseArgs({ options: { pairs: { type: 'string', default: '10000' }, exports: { type: 'string', default: '3' }, idle: { type: 'string', default: '3' } } });
const PAIRS = Number(values.pairs);
const EXPORTS = Number(values.exports);
const IDLE_SECONDS = Number(values.idle);
const PROBE_EVERY_MS = 50;
/** A download thread: fetches the URL in workerData, counts the bytes, posts the count. */
const DOWNLOAD = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const r = await fetch(workerData);
  if (!r.ok) throw new Error('export answered ' + r.status);
  let n = 0;
  for await (const chunk of r.body) n += chunk.byteLength;
  parentPort.postMessage(n);
})();
`;
const PARAGRAPHS = 12;

function document(lang: 'en' | 'ko', n: number): DocumentInput {
  const paragraphs = Array.from({ length: PARAGRAPHS }, (_, i) => {
    const sentences = lang === 'en'
      ? [`District ${n} officials said on Monday that ${1000 + i} households in block ${i} would get new water meters.`,
        `The work will cost ${i + 3} billion won and finish by March, they said.`]
      : [`${n}구 관계자는 월요일 ${i}블록의 ${1000 + i}가구에 새 수도계량기를 달겠다고 밝혔다.`,
        `공사비는 ${i + 3}0억원이며 3월까지 끝난다고 관계자들은 말했다.`];
    return { kind: i === 0 ? 'title' as const : 'body' as const, text: sentences.join(' '), sentences };
  });
  return {
    lang, format: 'text', raw: paragraphs.map((p) => p.text).join('\n\n'), paragraphs,
    meta: { title: paragraphs[0]!.text.slice(0, 60), subtitles: [], section: null, published: null, modified: null, authors: [], url: null },
  };
}

const alignment = {
  paragraphs: Array.from({ length: PARAGRAPHS }, (_, i) => ({ en: [i, i + 1] as [number, number], ko: [i, i + 1] as [number, number], confidence: 0.9 })),
  sentences: Array.from({ length: PARAGRAPHS * 2 }, (_, i) => ({ en: [i, i + 1] as [number, number], ko: [i, i + 1] as [number, number], confidence: 0.8 })),
};

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1).padStart(7)} ms  p95 ${pct(xs, 95).toFixed(1).padStart(7)} ms  max ${Math.max(...xs).toFixed(1).padStart(7)} ms  (n=${xs.length})`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jjak-bench-responsive-'));
  const db = openDb(join(dir, 'bench.db'));
  try {
    let t = performance.now();
    const store = db.transaction((from: number, to: number) => {
      for (let n = from; n < to; n++) insertPairRows(db, document('en', n), document('ko', n), alignment);
    });
    for (let from = 0; from < PAIRS; from += 500) store.immediate(from, Math.min(PAIRS, from + 500));
    console.log(`built ${PAIRS} pairs (${PARAGRAPHS * 2} sentence links each) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const app = createApp({ db, config: { ...loadConfig({}), host: '127.0.0.1' } });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pairId = 1;
    let version = ((await (await fetch(`${base}/api/pairs/${pairId}`, { headers: { Accept: 'application/json' } })).json()) as { version: number }).version;
    let confirm = true;

    const timeGet = async (): Promise<number> => {
      const s = performance.now();
      const r = await fetch(`${base}/`, { headers: { Accept: 'text/html' } });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`GET / answered ${r.status}`);
      return performance.now() - s;
    };
    const timeOp = async (): Promise<number> => {
      const s = performance.now();
      const r = await fetch(`${base}/api/pairs/${pairId}/ops`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ op: confirm ? 'confirm' : 'unconfirm', link: 0, version }),
      });
      const body = (await r.json()) as { version?: number };
      if (r.status !== 200) throw new Error(`review op answered ${r.status}: ${JSON.stringify(body)}`);
      version = body.version ?? version;
      confirm = !confirm;
      return performance.now() - s;
    };
    /** Probes every 50 ms until `until()` says stop; each probe's GET and op run one after the other. */
    const probe = async (until: () => boolean) => {
      const get: number[] = [];
      const op: number[] = [];
      while (!until()) {
        const tick = performance.now();
        get.push(await timeGet());
        op.push(await timeOp());
        const wait = PROBE_EVERY_MS - (performance.now() - tick);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      return { get, op };
    };

    await timeGet(); await timeOp(); // warm up templates and statements
    const idleEnd = performance.now() + IDLE_SECONDS * 1000;
    const idle = await probe(() => performance.now() > idleEnd);

    let running = EXPORTS;
    let bytes = 0;
    t = performance.now();
    // The downloads run on their own threads, as other users' browsers would: reading 200 MB here
    // would slow this thread's probes and blame the server for it.
    const exportsDone = Promise.all(Array.from({ length: EXPORTS }, () => new Promise<void>((resolve, reject) => {
      const worker = new Worker(DOWNLOAD, { eval: true, workerData: `${base}/api/export?format=jsonl&level=sentence&status=all` });
      worker.once('message', (n: number) => { bytes += n; running--; resolve(); });
      worker.once('error', reject);
    })));
    const busy = await probe(() => running === 0);
    await exportsDone;
    const exportSeconds = (performance.now() - t) / 1000;

    console.log(`${EXPORTS} concurrent JSONL exports: ${(bytes / 1024 ** 2).toFixed(0)} MB in ${exportSeconds.toFixed(1)} s`);
    console.log(`GET /        idle:            ${fmt(idle.get)}`);
    console.log(`GET /        during exports:  ${fmt(busy.get)}`);
    console.log(`review op    idle:            ${fmt(idle.op)}`);
    console.log(`review op    during exports:  ${fmt(busy.op)}`);
    const worst = Math.max(pct(busy.get, 95), pct(busy.op, 95));
    console.log(`target p95 < 100 ms during exports: ${worst < 100 ? 'met' : 'NOT met'} (${worst.toFixed(1)} ms)`);
    console.log(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
