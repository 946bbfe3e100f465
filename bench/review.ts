/**
 * bench:review — how fast the review screen is for a long article.
 *
 * Builds a 300-paragraph pair (invented text, 3 sentences a paragraph, hand-made 1:1 links with
 * evidence) in a temporary file database, serves the app on a loopback port and measures:
 *  - the time to render GET /pairs/:id (the whole HTML page) and GET /api/pairs/:id;
 *  - the round trip of review operations over loopback (POST /api/pairs/:id/ops, answered with the
 *    whole new state), plain and with ?fragment=1 as the page script calls it.
 * Targets (issue 4): render < 100 ms, operation p95 < 20 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { openDb } from '../db/open.ts';
import { insertPair, saveAlignment, type DocumentInput } from '../db/pairs.ts';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';

const PARAGRAPHS = 300;
const RENDER_RUNS = 30;
const OP_RUNS = 300;

function document(lang: 'en' | 'ko'): DocumentInput {
  const paragraphs = Array.from({ length: PARAGRAPHS }, (_, i) => {
    const sentences = lang === 'en'
      ? [`Officials in district ${i} said on Monday that ${1000 + i} households would get new water meters.`,
        `The work will cost ${i + 3} billion won and finish by March.`,
        `Residents of Gangbuk asked for night-time work to be kept short.`]
      : [`${i}구 관계자는 월요일 ${1000 + i}가구에 새 수도계량기를 달겠다고 밝혔다.`,
        `공사비는 ${i + 3}0억원이며 3월까지 끝난다.`,
        `강북 주민들은 야간 공사를 줄여 달라고 요청했다.`];
    return { kind: i === 0 ? 'title' as const : 'body' as const, text: sentences.join(' '), sentences };
  });
  return {
    lang, format: 'text', raw: paragraphs.map((p) => p.text).join('\n\n'), paragraphs,
    meta: { title: paragraphs[0]!.text.slice(0, 60), subtitles: [], section: null, published: null, modified: null, authors: [], url: null },
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jjak-bench-review-'));
  const db = openDb(join(dir, 'bench.db'));
  try {
    const id = insertPair(db, document('en'), document('ko'));
    const evidence = (i: number) => [{ type: 'number', en: String(1000 + i), ko: String(1000 + i) }, { type: 'name', en: 'Gangbuk', ko: '강북' }];
    saveAlignment(db, id, {
      paragraphs: Array.from({ length: PARAGRAPHS }, (_, i) => ({ en: [i, i + 1] as const, ko: [i, i + 1] as const, confidence: 0.5 + (i % 50) / 100, evidence: evidence(i) })),
      sentences: Array.from({ length: PARAGRAPHS * 3 }, (_, i) => ({ en: [i, i + 1] as const, ko: [i, i + 1] as const, confidence: 0.9 })),
    });
    const app = createApp({ db, config: loadConfig({}) });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    // server share of an operation: from the request event to the answer handed to the socket
    const serverSpan: Record<string, number[]> = {};
    server.prependListener('request', (req, res) => {
      const t = performance.now();
      res.once('finish', () => { if (req.method === 'POST') (serverSpan[bucket] ??= []).push(performance.now() - t); });
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // wall time, and the process's CPU time (server and client share it): on a loaded machine the
    // CPU figure shows the work, the wall figure the wait
    const cpu: Record<string, number[]> = {};
    let bucket = '';
    const time = async (f: () => Promise<void>) => {
      const c = process.cpuUsage();
      const t = performance.now();
      await f();
      const u = process.cpuUsage(c);
      (cpu[bucket] ??= []).push((u.user + u.system) / 1000);
      return performance.now() - t;
    };
    const html: number[] = [];
    const api: number[] = [];
    let bytes = 0;
    for (let k = 0; k < RENDER_RUNS + 3; k++) {
      bucket = 'html';
      const t1 = await time(async () => { const r = await fetch(`${base}/pairs/${id}`); bytes = (await r.text()).length; });
      bucket = 'api';
      const t2 = await time(async () => { await (await fetch(`${base}/api/pairs/${id}`)).json(); });
      if (k >= 3) { html.push(t1); api.push(t2); } // first runs warm up the JIT and the template cache
    }

    // cold: the pair re-read from the database (its stamp touched), so no row comes from the render cache
    const cold: number[] = [];
    bucket = 'cold';
    for (let k = 0; k < 10; k++) {
      db.prepare('UPDATE pairs SET updated_at = ? WHERE id = ?').run(new Date(Date.now() + k).toISOString(), id);
      cold.push(await time(async () => { await (await fetch(`${base}/pairs/${id}`)).text(); }));
    }

    let version = ((await (await fetch(`${base}/api/pairs/${id}`)).json()) as { version: number }).version;
    const post = async (body: object, fragment: boolean) => {
      const r = await fetch(`${base}/api/pairs/${id}/ops${fragment ? '?fragment=1' : ''}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...body, version }),
      });
      const j = (await r.json()) as { version?: number; error?: { message: string } };
      if (!r.ok || j.version === undefined) throw new Error(`op failed: ${r.status} ${JSON.stringify(j.error)}`);
      version = j.version;
    };
    // a realistic mix: confirm / unconfirm, merge then undo, move then redo-able undo
    const cycle = (k: number): object[] => {
      const row = 10 + ((k * 37) % 250);
      return [{ op: 'confirm', link: row }, { op: 'unconfirm', link: row }, { op: 'merge', link: row }, { op: 'undo' },
        { op: 'move', link: row, side: 'ko', dir: 'up' }, { op: 'undo' }];
    };
    const plain: number[] = [];
    const fragment: number[] = [];
    bucket = 'plain';
    for (let k = 0; plain.length < OP_RUNS; k++) for (const o of cycle(k)) plain.push(await time(() => post(o, false)));
    bucket = 'fragment';
    for (let k = 0; fragment.length < OP_RUNS; k++) for (const o of cycle(k)) fragment.push(await time(() => post(o, true)));
    server.close();
    server.closeAllConnections();

    const cpuFmt = (k: string) => `cpu p50 ${pct(cpu[k]!, 50).toFixed(1)} ms`;
    console.log(`bench:review: ${PARAGRAPHS}-paragraph pair (${PARAGRAPHS * 3} sentences a side), loopback HTTP, Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}`);
    console.log(`  render GET /pairs/:id (HTML, ${(bytes / 1024).toFixed(0)} KiB, warm)  ${fmt(html)}   target < 100 ms: ${pct(html, 95) < 100 ? 'met' : 'MISSED'}  (${cpuFmt('html')})`);
    console.log(`  render, cold (pair re-read, no cached rows) ${fmt(cold)}   target < 100 ms: ${pct(cold, 95) < 100 ? 'met' : 'MISSED'}  (${cpuFmt('cold')})`);
    console.log(`  GET /api/pairs/:id (JSON)                 ${fmt(api)}  (${cpuFmt('api')})`);
    console.log(`  op round trip (JSON state), n=${plain.length}       ${fmt(plain)}   target p95 < 20 ms: ${pct(plain, 95) < 20 ? 'met' : 'MISSED'}  (${cpuFmt('plain')})`);
    console.log(`  op round trip (?fragment=1, page), n=${fragment.length} ${fmt(fragment)}  (${cpuFmt('fragment')})`);
    console.log(`  op, server side only (request -> answer written): JSON state ${fmt(serverSpan['plain']!)}; fragment ${fmt(serverSpan['fragment']!)}`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
