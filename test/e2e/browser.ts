import { after, before } from 'node:test';
import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Db } from '../../db/open.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';

/** Debian's chromium; browser tests never download a browser of their own. */
export const CHROMIUM = process.env['JJAK_CHROMIUM'] ?? '/usr/bin/chromium';

export interface BrowserSession { base: string; page: Page; context: BrowserContext; close: () => Promise<void> }

/** Starts the app on a random loopback port and a headless chromium; `close` stops both. */
export async function startBrowser(db: Db): Promise<BrowserSession> {
  const app = createApp({ db, config: loadConfig({}) });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const profile = mkdtempSync(join(tmpdir(), 'jjak-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  return {
    base, page, context,
    close: async () => {
      await context.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until a page expression is true. Page.waitForFunction polls a string predicate with eval inside
 * the page, which the app's CSP (no 'unsafe-eval') refuses whenever the first check is false; this polls
 * from here with page.evaluate, which the CSP does not govern.
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate<boolean>(`Boolean(${expression})`)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * One browser for a whole test file: started before its first test with the given window size and
 * closed after its last. The returned session is filled in by then, so tests may read it directly.
 */
export function browserForFile(db: Db, viewport: { width: number; height: number }): BrowserSession {
  const session = {} as BrowserSession;
  let started = false;
  before(async () => {
    Object.assign(session, await startBrowser(db));
    started = true;
    await session.page.setViewportSize(viewport);
  });
  after(async () => { if (started) await session.close(); });
  return session;
}

/** Runs a click that sends a review operation, then waits for its answer and the DOM update after it. */
export async function clickOp(page: Page, click: () => Promise<void>): Promise<Response> {
  const answered = page.waitForResponse((r) => r.url().includes('/ops'));
  await click();
  const res = await answered;
  await waitUntil(page, "!document.getElementById('review').hasAttribute('aria-busy')");
  return res;
}
