import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { getPair } from '../../db/pairs.ts';
import { openTestDb } from '../helpers.ts';
import { insertFiveRowPair } from '../review/fixtures.ts';
import { startBrowser, waitUntil } from './browser.ts';

const db = openTestDb();
const pairId = insertFiveRowPair(db);
let browser: Awaited<ReturnType<typeof startBrowser>>;
let page: Page;

before(async () => {
  browser = await startBrowser(db);
  page = browser.page;
  await page.setViewportSize({ width: 1300, height: 900 });
});
after(async () => { await browser?.close(); });

const rowCount = () => page.locator('#rows > .link-row').count();
const shape = () => getPair(db, pairId)!.links.map((l) => `${l.en.join(',') || '-'}/${l.ko.join(',') || '-'}`).join(' ');
// page-side code is given as strings: the project's tsconfig has no DOM library
const untilRows = (n: number) => waitUntil(page, `document.querySelectorAll('#rows > .link-row').length === ${n}`);
const js = <T>(expression: string) => page.evaluate<T>(expression);
const button = (row: number, name: string, side = '') =>
  page.locator(`#row-${row}${side ? ` .side-${side}` : ''}`).getByRole('button', { name, exact: true }).first();
/** Clicks and waits for the operation's answer and the DOM update that follows it. */
async function op(click: () => Promise<void>) {
  const answered = page.waitForResponse((r) => r.url().includes('/ops'));
  await click();
  await answered;
  await waitUntil(page, "!document.getElementById('review').hasAttribute('aria-busy')");
}

test('load, merge, split, move, confirm, undo, redo without a page reload; a reload shows the same state', async () => {
  await page.goto(`${browser.base}/pairs/${pairId}`);
  assert.equal(await rowCount(), 5);
  assert.equal(await page.locator('#row-1 .cell-ko').getAttribute('lang'), 'ko');
  assert.match(await page.locator('#row-1 .cell-ko').innerText(), /목포리는 금요일/);
  await js('window.marker = 42');

  await op(() => button(1, 'Merge with next').click());
  await untilRows(4);
  assert.equal(shape(), '0/0 1,2/1,2 3/3 4/4');

  await page.locator('#row-1 select[name="en"]').selectOption('1');
  await page.locator('#row-1 select[name="ko"]').selectOption('1');
  await op(() => button(1, 'Split').click());
  await untilRows(5);
  assert.equal(shape(), '0/0 1/1 2/2 3/3 4/4');

  await op(() => button(3, 'Move up', 'ko').click());
  assert.equal(shape(), '0/0 1/1 2/2,3 3/- 4/4');
  assert.match(await page.locator('#row-3').innerText(), /No Korean counterpart/);

  await op(() => button(0, 'Confirm').click());
  assert.equal(await page.locator('#row-0').getAttribute('data-confirmed'), '1');
  assert.match(await page.locator('.progress-text').innerText(), /^1 \/ 5 confirmed/);

  await op(() => page.getByRole('button', { name: 'Undo', exact: true }).click());
  assert.equal(await page.locator('#row-0').getAttribute('data-confirmed'), '0');
  await op(() => page.getByRole('button', { name: 'Redo', exact: true }).click());
  assert.equal(await page.locator('#row-0').getAttribute('data-confirmed'), '1');
  assert.equal(await js<number>('window.marker'), 42, 'the page never reloaded');

  await page.reload();
  assert.equal(await rowCount(), 5);
  assert.equal(await page.locator('#row-0').getAttribute('data-confirmed'), '1');
  assert.match(await page.locator('#row-3').innerText(), /No Korean counterpart/);
  assert.equal(await page.locator('.version-number').innerText(), String(getPair(db, pairId)!.version));
  // and undo still works after the reload: the history is on the server
  await op(() => page.getByRole('button', { name: 'Undo', exact: true }).click());
  assert.equal(await page.locator('#row-0').getAttribute('data-confirmed'), '0');
});

test('another reviewer\'s change arrives live; an op on a stale version still gets 409 and the screen catches up', async () => {
  await page.goto(`${browser.base}/pairs/${pairId}`);
  const before = await rowCount();
  const v = getPair(db, pairId)!.version;
  // someone else merges the last two rows: the open screen shows it without any action here
  const other = await fetch(`${browser.base}/api/pairs/${pairId}/ops`, {
    method: 'POST', body: JSON.stringify({ op: 'merge', link: before - 2, version: v }), headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(other.status, 200);
  await untilRows(before - 1);
  assert.match(await page.locator('#flash').innerText(), /merged rows/);
  assert.equal(await js<string>("document.getElementById('review').dataset.version"), String(v + 1));
  // a stale version (as a screen whose event stream is cut would send) is refused with 409
  const stale = await fetch(`${browser.base}/api/pairs/${pairId}/ops`, {
    method: 'POST', body: JSON.stringify({ op: 'confirm', link: 0, version: v }), headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(stale.status, 409);
  assert.equal(getPair(db, pairId)!.links[0]!.status, 'auto', 'the stale change was not applied');
  await op(() => page.keyboard.press('z')); // undo the merge (local mode: one user)
  await untilRows(before);
});

test('keyboard only: move between rows, merge, confirm, undo, open sentences, and ? for help', async () => {
  await page.goto(`${browser.base}/pairs/${pairId}`);
  const before = await rowCount();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  assert.equal(await js<string>('document.activeElement?.id'), 'row-1');
  await op(() => page.keyboard.press('m'));
  await untilRows(before - 1);
  assert.equal(await js<string>("document.activeElement?.closest('.link-row')?.id"), 'row-1', 'focus stays on the merged row');
  await op(() => page.keyboard.press('z'));
  await untilRows(before);
  await page.keyboard.press('k');
  assert.equal(await js<string>('document.activeElement?.id'), 'row-0');
  await op(() => page.keyboard.press('c'));
  assert.equal(await page.locator('#row-0').getAttribute('data-confirmed'), '1');
  assert.equal(await js<string>('document.activeElement?.id'), 'row-1', 'confirm moves on to the next row');
  await page.keyboard.press('o');
  await page.locator('#row-1 .sent-row').first().waitFor();
  assert.equal(await page.locator('#row-1 .sent-row').count(), 2);
  await page.keyboard.press('?');
  const help = page.locator('dialog#help');
  await help.waitFor({ state: 'visible' });
  assert.match(await help.innerText(), /merge with next/);
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
  await page.keyboard.press('n');
  const focused = await js<string>("document.activeElement?.getAttribute('data-doubtful')");
  assert.equal(focused, '1', 'n jumps to a doubtful row');
  if (process.env['JJAK_SCREENSHOTS']) await page.screenshot({ path: `${process.env['JJAK_SCREENSHOTS']}/review.png` });
});

test('an invalid operation shows the server\'s message on screen', async () => {
  await page.goto(`${browser.base}/pairs/${pairId}`);
  const last = (await rowCount()) - 1;
  await page.locator(`#row-${last}`).focus();
  const answer = page.waitForResponse((r) => r.url().includes('/ops'));
  await page.keyboard.press('m');
  assert.equal((await answer).status(), 422);
  await page.locator('#flash').waitFor({ state: 'visible' });
  assert.match(await page.locator('#flash').innerText(), /is the last one/);
});

test('text editing from the keyboard: E opens the Korean paragraph, Ctrl+Enter saves and re-segments it', async () => {
  await page.goto(`${browser.base}/pairs/${pairId}`);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('E');
  const area = page.locator('#row-1 textarea.edit-text');
  await area.waitFor();
  assert.equal(await js<string>('document.activeElement?.tagName'), 'TEXTAREA');
  await page.keyboard.press('End');
  await page.keyboard.type(' 개관식에는 주민 300명이 모였다.');
  await op(() => page.keyboard.press('Control+Enter'));
  const ko = getPair(db, pairId)!.ko.paragraphs[1]!;
  assert.match(ko.text, /주민 300명이 모였다\.$/);
  assert.equal(ko.sentences.length, 3);
  assert.equal(await page.locator('#row-1 textarea').count(), 0, 'the row is shown again, not in edit mode');
  assert.match(await page.locator('#row-1 .cell-ko').innerText(), /주민 300명이 모였다/);
});
