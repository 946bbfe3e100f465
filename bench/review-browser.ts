/**
 * bench:review-browser — the review screen in Chromium on a generated long pair (real-looking
 * sentences and evidence), beside the same page drawing every row at once (?all=1), in the same run:
 *  - time to interactive (navigation to the first key press answered), HTML bytes, DOM nodes;
 *  - key-to-screen p50/p95 of confirm (c), its undo (z), merge (m) and its undo;
 *  - Confirm up to here (C) on the last row and its undo; Realign rest (R);
 *  - time to interactive of a small article pair (19 rows) for scale.
 * "Key to screen" is measured inside the page: from the keydown to the first animation frame after
 * the page script has put the answer on screen. ROWS (default 400) and RUNS (default 15) set sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { chromium, type Page } from 'playwright-core';
import { openDb } from '../db/open.ts';
import { deletePair } from '../db/pairs.ts';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { insertFerryPair, insertLongPair } from '../test/fixtures/review/pairs.ts';

const ROWS = Number(process.env['ROWS'] ?? 400);
const RUNS = Number(process.env['RUNS'] ?? 15);
const CHROMIUM = process.env['JJAK_CHROMIUM'] ?? '/usr/bin/chromium';

const dir = mkdtempSync(join(tmpdir(), 'jjak-bench-rb-'));
const db = openDb(join(dir, 'bench.sqlite'));
const app = createApp({ db, config: loadConfig({}) });
const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
const addr = server.address();
const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
const profile = mkdtempSync(join(tmpdir(), 'jjak-chromium-rb-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const page: Page = context.pages()[0] ?? await context.newPage();
await page.setViewportSize({ width: 1366, height: 768 });

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN; };
const ms = (x: number) => `${x.toFixed(0).padStart(5)} ms`;

// In the page: keydown time, and the first frame after the page script's answer is on screen.
const PROBE = `(() => {
  const root = document.getElementById('review');
  window.__kt = { down: 0, done: 0 };
  document.addEventListener('keydown', () => { window.__kt = { down: performance.now(), done: 0 }; }, true);
  new MutationObserver(() => {
    if (!root.hasAttribute('aria-busy') && window.__kt.down && !window.__kt.done) {
      requestAnimationFrame(() => { window.__kt.done = performance.now(); });
    }
  }).observe(root, { attributes: true, attributeFilter: ['aria-busy'] });
})()`;

async function timedKey(key: string): Promise<number> {
  await page.evaluate('window.__kt = { down: 0, done: 0 }');
  await page.keyboard.press(key);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const t = await page.evaluate<{ down: number; done: number }>('window.__kt');
    if (t.done) return t.done - t.down;
    if (Date.now() > deadline) throw new Error(`no answer to ${key}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function focusRow(i: number) {
  await page.evaluate(`(() => { const r = document.getElementById('row-${i}'); r.scrollIntoView({ block: 'center' }); r.focus(); })()`);
  // a stub row is filled first; wait until it is a full row
  const deadline = Date.now() + 10_000;
  while (await page.evaluate<boolean>(`Boolean(document.getElementById('row-${i}').dataset.stub)`)) {
    if (Date.now() > deadline) throw new Error(`row ${i} never loaded`);
    await new Promise((r) => setTimeout(r, 10));
  }
  await page.evaluate(`document.getElementById('row-${i}').focus()`);
}

async function open(url: string) {
  const t0 = Date.now();
  const res = await page.goto(url, { waitUntil: 'load' });
  const bytes = (await res!.body()).length;
  await page.evaluate(PROBE);
  // interactive: the first key is handled (j focuses the first row)
  await page.keyboard.press('j');
  while (!(await page.evaluate<boolean>("document.activeElement?.classList.contains('link-row') === true"))) await new Promise((r) => setTimeout(r, 5));
  const tti = Date.now() - t0;
  const nodes = await page.evaluate<number>('document.getElementsByTagName("*").length');
  return { tti, bytes, nodes };
}

interface Figures { tti: number[]; bytes: number; nodes: number; confirm: number[]; undoConfirm: number[]; merge: number[]; undoMerge: number[]; upTo: number; undoUpTo: number; realign: number }

async function measure(all: boolean): Promise<Figures> {
  const tti: number[] = [];
  let bytes = 0;
  let nodes = 0;
  const id = insertLongPair(db, ROWS, 11);
  const url = `${base}/pairs/${id}${all ? '?all=1' : ''}`;
  for (let k = 0; k < 3; k++) {
    const o = await open(url);
    tti.push(o.tti);
    bytes = o.bytes;
    nodes = o.nodes;
  }
  const f: Figures = { tti, bytes, nodes, confirm: [], undoConfirm: [], merge: [], undoMerge: [], upTo: 0, undoUpTo: 0, realign: 0 };
  for (let k = 0; k < RUNS; k++) {
    const row = 5 + k * 3;
    await focusRow(row);
    f.confirm.push(await timedKey('c'));
    f.undoConfirm.push(await timedKey('z'));
    await focusRow(row);
    f.merge.push(await timedKey('m'));
    f.undoMerge.push(await timedKey('z'));
  }
  await focusRow(ROWS - 1);
  f.upTo = await timedKey('C');
  f.undoUpTo = await timedKey('z');
  // Realign rest three times (after confirming one more row each time); the median is reported
  const realign: number[] = [];
  for (let k = 0; k < 3; k++) {
    await focusRow(Math.floor(ROWS / 2) + k * 20);
    await timedKey('c');
    realign.push(await timedKey('R'));
  }
  f.realign = pct(realign, 50);
  deletePair(db, id);
  return f;
}

try {
  const small = insertFerryPair(db);
  const smallTti: number[] = [];
  for (let k = 0; k < 3; k++) smallTti.push((await open(`${base}/pairs/${small}`)).tti);
  const lazy = await measure(false);
  const every = await measure(true);
  const line = (name: string, a: string, b: string) => console.log(`${name.padEnd(34)} ${a.padStart(22)} ${b.padStart(22)}`);
  console.log(`bench:review-browser — ${ROWS}-row generated pair, Chromium at 1366x768, ${RUNS} runs per op`);
  line('', 'this page (stubs)', 'baseline (?all=1)');
  line('first HTML', `${(lazy.bytes / 1024).toFixed(0)} KB`, `${(every.bytes / 1024).toFixed(0)} KB`);
  line('DOM elements after load', String(lazy.nodes), String(every.nodes));
  line('time to interactive p50', ms(pct(lazy.tti, 50)), ms(pct(every.tti, 50)));
  for (const [name, k] of [['confirm (c)', 'confirm'], ['undo of confirm (z)', 'undoConfirm'], ['merge (m)', 'merge'], ['undo of merge (z)', 'undoMerge']] as const) {
    line(`${name} p50 / p95`, `${ms(pct(lazy[k], 50))} / ${ms(pct(lazy[k], 95))}`, `${ms(pct(every[k], 50))} / ${ms(pct(every[k], 95))}`);
  }
  line(`Confirm up to here, row ${ROWS}`, ms(lazy.upTo), ms(every.upTo));
  line('its undo', ms(lazy.undoUpTo), ms(every.undoUpTo));
  line('Realign rest (R), median of 3', ms(lazy.realign), ms(every.realign));
  line('small pair (19 rows) interactive', ms(pct(smallTti, 50)), '');
  console.log('targets: interactive < 1000 ms and < 2x the small pair; ops p95 < 100 ms; up-to and undo < 250 ms; realign < 500 ms');
} finally {
  await context.close();
  await new Promise<void>((r) => server.close(() => r()));
  server.closeAllConnections();
  db.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}
