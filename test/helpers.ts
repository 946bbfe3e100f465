import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { DocumentInput } from '../db/pairs.ts';
import type { Lang, ParagraphKind } from '../server/model.ts';

export { openTestDb } from '../db/open.ts';

/** A stored-document input built by hand (no importer involved), for data-layer tests. */
export function doc(lang: Lang, paragraphs: [ParagraphKind, ...string[]][], url: string | null = null): DocumentInput {
  const title = paragraphs.find(([k]) => k === 'title')?.[1] ?? null;
  return {
    lang, format: 'text', raw: paragraphs.map(([, ...s]) => s.join(' ')).join('\n\n'),
    meta: { title, subtitles: [], section: null, published: '2024-03-12T16:21:00+09:00', modified: null, authors: [{ name: 'Kim Min-ji', role: 'staff reporter' }], url },
    paragraphs: paragraphs.map(([kind, ...sentences]) => ({ kind, text: sentences.join(' '), sentences })),
  };
}

/** A temporary folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'jjak-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `fn` in a fresh temporary folder and removes the folder afterwards, whether `fn` passed or threw. */
export async function inTempDir(fn: (dir: string) => void | Promise<void>): Promise<void> {
  const { dir, cleanup } = tempDir();
  try {
    await fn(dir);
  } finally {
    cleanup();
  }
}

/** Runs `fn` with console.error silenced (a 500 handler logs there), putting it back afterwards. */
export async function withQuietConsoleError(fn: () => Promise<void>): Promise<void> {
  const original = console.error;
  console.error = () => {};
  try {
    await fn();
  } finally {
    console.error = original;
  }
}

/** Points TMPDIR at a fresh folder for this test file (restored and removed after), so a test sees what a run left there. */
export function usePrivateTmpdir(): void {
  const tmp = tempDir();
  const saved = process.env['TMPDIR'];
  before(() => { process.env['TMPDIR'] = tmp.dir; });
  after(() => {
    if (saved === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = saved;
    tmp.cleanup();
  });
}

const JJAK = fileURLToPath(new URL('../bin/jjak.js', import.meta.url));

/** Starts `jjak serve` on a free port over `dbPath` as a child process; resolves once it prints its address. */
export async function startServer(dbPath: string): Promise<{ child: ChildProcessByStdio<null, Readable, Readable>; port: number; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [JJAK, 'serve', '--port', '0', '--no-demo', '--db', dbPath], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, JJAK_FROM_SOURCE: '1' } });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', () => reject(new Error(`server exited early: ${out}`)));
  });
  return { child, port, exited };
}

/** The short English/Korean article pair used across route and CLI tests (invented text). */
export const SHORT_EN = `Seoul opens night buses to the airport

The city of Seoul will run four night bus lines to Incheon airport from April 1, officials said on Monday.

The buses will leave every 30 minutes between midnight and 4 a.m. A single fare will cost 3,000 won.

Mayor Park Seo-yeon said the plan answers complaints from airline staff.`;

export const SHORT_KO = `서울시, 공항 심야버스 4개 노선 운행

서울시는 4월 1일부터 인천공항으로 가는 심야버스 4개 노선을 운행한다고 월요일 밝혔다.

버스는 자정부터 새벽 4시까지 30분 간격으로 출발한다. 요금은 3000원이다.

시는 올해 예산 12억원을 이 사업에 배정했다.

박서연 시장은 "항공사 직원들의 요청을 반영한 계획"이라고 말했다.`;
