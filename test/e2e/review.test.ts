import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getPair } from '../../db/pairs.ts';
import { openTestDb } from '../helpers.ts';
import { insertFiveRowPair } from '../review/fixtures.ts';
import { browserForFile, clickOp, waitUntil } from './browser.ts';

const db = openTestDb();
const pairId = insertFiveRowPair(db);
const browser = browserForFile(db, { width: 1300, height: 900 });

const rowCount = () => browser.page.locator('#rows > .link-row').count();
const shape = () => getPair(db, pairId)!.links.map((l) => `${l.en.join(',') || '-'}/${l.ko.join(',') || '-'}`).join(' ');
// page-side code is given as strings: the project's tsconfig has no DOM library
const untilRows = (n: number) => waitUntil(browser.page, `document.querySelectorAll('#rows > .link-row').length === ${n}`);
const js = <T>(expression: string) => browser.page.evaluate<T>(expression);
const button = (row: number, name: string, side = '') =>
  browser.page.locator(`#row-${row}${side ? ` .side-${side}` : ''}`).getByRole('button', { name, exact: true }).first();
const op = (click: () => Promise<void>) => clickOp(browser.page, click);

test('load, merge, split, move, confirm, undo, redo without a page reload; a reload shows the same state', async () => {
  await browser.page.goto(`${browser.base}/pairs/${pairId}`);
  assert.equal(await rowCount(), 5);
  assert.equal(await browser.page.locator('#row-1 .cell-ko').getAttribute('lang'), 'ko');
  assert.match(await browser.page.locator('#row-1 .cell-ko').innerText(), /목포리는 금요일/);
  await js('window.marker = 42');

  await op(() => button(1, 'Merge with next').click());
  await untilRows(4);
  assert.equal(shape(), '0/0 1,2/1,2 3/3 4/4');

  await browser.page.locator('#row-1 select[name="en"]').selectOption('1');
  await browser.page.locator('#row-1 select[name="ko"]').selectOption('1');
  await op(() => button(1, 'Split').click());
  await untilRows(5);
  assert.equal(shape(), '0/0 1/1 2/2 3/3 4/4');

  await op(() => button(3, 'Move up', 'ko').click());
  assert.equal(shape(), '0/0 1/1 2/2,3 3/- 4/4');
  assert.match(await browser.page.locator('#row-3').innerText(), /No Korean counterpart/);

  await op(() => button(0, 'Confirm').click());
  assert.equal(await browser.page.locator('#row-0').getAttribute('data-confirmed'), '1');
  assert.match(await browser.page.locator('.progress-text').innerText(), /^1 \/ 5 confirmed/);

  await op(() => browser.page.getByRole('button', { name: 'Undo', exact: true }).click());
  assert.equal(await browser.page.locator('#row-0').getAttribute('data-confirmed'), '0');
  await op(() => browser.page.getByRole('button', { name: 'Redo', exact: true }).click());
  assert.equal(await browser.page.locator('#row-0').getAttribute('data-confirmed'), '1');
  assert.equal(await js<number>('window.marker'), 42, 'the page never reloaded');

  await browser.page.reload();
  assert.equal(await rowCount(), 5);
  assert.equal(await browser.page.locator('#row-0').getAttribute('data-confirmed'), '1');
  assert.match(await browser.page.locator('#row-3').innerText(), /No Korean counterpart/);
  assert.equal(await browser.page.locator('.version-number').innerText(), String(getPair(db, pairId)!.version));
  // and undo still works after the reload: the history is on the server
  await op(() => browser.page.getByRole('button', { name: 'Undo', exact: true }).click());
  assert.equal(await browser.page.locator('#row-0').getAttribute('data-confirmed'), '0');
});

test('another reviewer\'s change arrives live; an op on a stale version still gets 409 and the screen catches up', async () => {
  await browser.page.goto(`${browser.base}/pairs/${pairId}`);
  const before = await rowCount();
  const v = getPair(db, pairId)!.version;
  // someone else merges the last two rows: the open screen shows it without any action here
  const other = await fetch(`${browser.base}/api/pairs/${pairId}/ops`, {
    method: 'POST', body: JSON.stringify({ op: 'merge', link: before - 2, version: v }), headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(other.status, 200);
  await untilRows(before - 1);
  assert.match(await browser.page.locator('#flash').innerText(), /merged rows/);
  assert.equal(await js<string>("document.getElementById('review').dataset.version"), String(v + 1));
  // a stale version (as a screen whose event stream is cut would send) is refused with 409
  const stale = await fetch(`${browser.base}/api/pairs/${pairId}/ops`, {
    method: 'POST', body: JSON.stringify({ op: 'confirm', link: 0, version: v }), headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(stale.status, 409);
  assert.equal(getPair(db, pairId)!.links[0]!.status, 'auto', 'the stale change was not applied');
  await op(() => browser.page.keyboard.press('z')); // undo the merge (local mode: one user)
  await untilRows(before);
});

test('keyboard only: move between rows, merge, confirm, undo, open sentences, and ? for help', async () => {
  await browser.page.goto(`${browser.base}/pairs/${pairId}`);
  const before = await rowCount();
  await browser.page.keyboard.press('j');
  await browser.page.keyboard.press('j');
  assert.equal(await js<string>('document.activeElement?.id'), 'row-1');
  await op(() => browser.page.keyboard.press('m'));
  await untilRows(before - 1);
  assert.equal(await js<string>("document.activeElement?.closest('.link-row')?.id"), 'row-1', 'focus stays on the merged row');
  await op(() => browser.page.keyboard.press('z'));
  await untilRows(before);
  await browser.page.keyboard.press('k');
  assert.equal(await js<string>('document.activeElement?.id'), 'row-0');
  await op(() => browser.page.keyboard.press('c'));
  assert.equal(await browser.page.locator('#row-0').getAttribute('data-confirmed'), '1');
  assert.equal(await js<string>('document.activeElement?.id'), 'row-1', 'confirm moves on to the next row');
  await browser.page.keyboard.press('o');
  await browser.page.locator('#row-1 .sent-row').first().waitFor();
  assert.equal(await browser.page.locator('#row-1 .sent-row').count(), 2);
  await browser.page.keyboard.press('?');
  const help = browser.page.locator('dialog#help');
  await help.waitFor({ state: 'visible' });
  assert.match(await help.innerText(), /merge with next/);
  await browser.page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
  await browser.page.keyboard.press('n');
  const focused = await js<string>("document.activeElement?.getAttribute('data-doubtful')");
  assert.equal(focused, '1', 'n jumps to a doubtful row');
  if (process.env['JJAK_SCREENSHOTS']) await browser.page.screenshot({ path: `${process.env['JJAK_SCREENSHOTS']}/review.png` });
});

test('an invalid operation shows the server\'s message on screen', async () => {
  await browser.page.goto(`${browser.base}/pairs/${pairId}`);
  const last = (await rowCount()) - 1;
  await browser.page.locator(`#row-${last}`).focus();
  const answer = browser.page.waitForResponse((r) => r.url().includes('/ops'));
  await browser.page.keyboard.press('m');
  assert.equal((await answer).status(), 422);
  await browser.page.locator('#flash').waitFor({ state: 'visible' });
  assert.match(await browser.page.locator('#flash').innerText(), /is the last one/);
});

test('text editing from the keyboard: E opens the Korean paragraph, Ctrl+Enter saves and re-segments it', async () => {
  await browser.page.goto(`${browser.base}/pairs/${pairId}`);
  await browser.page.keyboard.press('j');
  await browser.page.keyboard.press('j');
  await browser.page.keyboard.press('E');
  const area = browser.page.locator('#row-1 textarea.edit-text');
  await area.waitFor();
  assert.equal(await js<string>('document.activeElement?.tagName'), 'TEXTAREA');
  await browser.page.keyboard.press('End');
  await browser.page.keyboard.type(' 개관식에는 주민 300명이 모였다.');
  await op(() => browser.page.keyboard.press('Control+Enter'));
  const ko = getPair(db, pairId)!.ko.paragraphs[1]!;
  assert.match(ko.text, /주민 300명이 모였다\.$/);
  assert.equal(ko.sentences.length, 3);
  assert.equal(await browser.page.locator('#row-1 textarea').count(), 0, 'the row is shown again, not in edit mode');
  assert.match(await browser.page.locator('#row-1 .cell-ko').innerText(), /주민 300명이 모였다/);
});
