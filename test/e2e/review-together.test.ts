/**
 * Two reviewers signed in from two browsers on one pair: each sees the other's changes live and
 * who else is there, undo steps through one's own operations, and a text conflict keeps the typed
 * text beside the other version with "Save on top". Keys alone for Link selected and Reject.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { insertUser } from '../../db/users.ts';
import { openTestDb } from '../helpers.ts';
import { PASSWORD, testHash } from '../auth/helpers.ts';
import { insertFerryPair } from '../fixtures/review/pairs.ts';
import { CHROMIUM, clickOp, startBrowser, waitUntil } from './browser.ts';

const db = openTestDb();
let pairId = 0;
let browser: Awaited<ReturnType<typeof startBrowser>>;
let second: BrowserContext;
let profile = '';
let ada: Page;
let rin: Page;

interface Link { en: number[]; ko: number[]; status: string }
const api = (): Promise<{ version: number; links: Link[]; en: { paragraphs: { text: string }[] } }> =>
  ada.evaluate(`fetch('/api/pairs/${pairId}').then((r) => r.json())`);

async function login(page: Page, name: string) {
  await page.goto(`${browser.base}/login`);
  await page.fill('input[name="name"]', name);
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForLoadState('load'), page.click('form.auth-form button[type="submit"]')]);
}

before(async () => {
  const password = await testHash();
  insertUser(db, { name: 'ada', role: 'admin', password });
  insertUser(db, { name: 'rin', role: 'reviewer', password });
  pairId = insertFerryPair(db);
  browser = await startBrowser(db);
  ada = browser.page;
  profile = mkdtempSync(join(tmpdir(), 'jjak-chromium-b-'));
  second = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  rin = second.pages()[0] ?? await second.newPage();
  for (const p of [ada, rin]) await p.setViewportSize({ width: 1366, height: 768 });
  await login(ada, 'ada');
  await login(rin, 'rin');
});
after(async () => {
  await second?.close();
  rmSync(profile, { recursive: true, force: true });
  await browser?.close();
});

test('each screen shows who else has the pair open and the other\'s changes within a second, keeping focus', async () => {
  await ada.goto(`${browser.base}/pairs/${pairId}`);
  await rin.goto(`${browser.base}/pairs/${pairId}`);
  await waitUntil(ada, "document.querySelector('.presence').textContent.includes('rin')", 3000);
  await waitUntil(rin, "document.querySelector('.presence').textContent.includes('ada')", 3000);
  // rin works on row 10; ada confirms row 4
  await rin.locator('#row-10').focus();
  const t0 = Date.now();
  await clickOp(ada, () => ada.locator('#row-4').getByRole('button', { name: 'Confirm', exact: true }).click());
  await waitUntil(rin, "document.getElementById('row-4').dataset.confirmed === '1'", 2000);
  assert.ok(Date.now() - t0 < 2000);
  assert.equal(await rin.evaluate<string>("document.activeElement?.id ?? ''"), 'row-10', 'rin keeps focus');
  assert.match(await rin.locator('#flash').innerText(), /ada confirmed row 5/);
  assert.match(await ada.locator('.presence').innerText(), /Also open by rin/, 'presence stays after a redraw of the bar');
});

test('undo steps through one\'s own operations: ada\'s z undoes ada\'s confirm, not rin\'s later merge', async () => {
  const before = (await api()).links.length;
  await clickOp(rin, () => rin.locator('#row-12').getByRole('button', { name: 'Merge with next', exact: true }).click());
  await waitUntil(ada, `document.querySelectorAll('#rows > .link-row').length === ${before - 1}`, 2000);
  await ada.locator('#row-2').focus();
  await clickOp(ada, () => ada.keyboard.press('z'));
  const after = await api();
  assert.equal(after.links.length, before - 1, 'rin\'s merge stays');
  assert.equal(after.links[4]!.status, 'auto', 'ada\'s confirm is undone');
  await waitUntil(rin, "document.getElementById('row-4').dataset.confirmed === '0'", 2000);
});

test('a text conflict keeps the typed text beside the other version; Save on top stores it', async () => {
  await ada.goto(`${browser.base}/pairs/${pairId}`);
  await rin.goto(`${browser.base}/pairs/${pairId}`);
  await ada.locator('#row-7').focus();
  await ada.keyboard.press('e');
  const area = ada.locator('#row-7 textarea.edit-text');
  await area.waitFor();
  await area.press('End');
  await ada.keyboard.type(' Ada typed this.');
  // meanwhile rin confirms another row: ada's open editor survives the redraw
  await clickOp(rin, () => rin.locator('#row-8').getByRole('button', { name: 'Confirm', exact: true }).click());
  await waitUntil(ada, "document.getElementById('row-8').dataset.confirmed === '1'", 2000);
  assert.match(await area.inputValue(), /Ada typed this\.$/);
  // rin saves the same paragraph first (ada's screen has not seen it yet)
  const paragraph = Number(await ada.locator('#row-7 .editor').getAttribute('data-paragraph'));
  const v = (await api()).version;
  await rin.evaluate(`fetch('/api/pairs/${pairId}/ops', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': document.querySelector('meta[name="csrf-token"]').content }, body: JSON.stringify({ op: 'edit-text', side: 'en', paragraph: ${paragraph}, text: 'Rin rewrote this paragraph.', version: ${v} }) })`);
  // ada's screen hears of it at once: both versions on screen, the typed text still in the editor
  await waitUntil(ada, "document.querySelector('#row-7 .conflict') && !document.querySelector('#row-7 .conflict').hidden", 3000);
  assert.match(await ada.locator('#row-7 .conflict').innerText(), /Rin rewrote this paragraph\./);
  assert.match(await ada.locator('#row-7 textarea.edit-text').inputValue(), /Ada typed this\.$/);
  assert.equal((await api()).en.paragraphs[paragraph]!.text, 'Rin rewrote this paragraph.');
  await clickOp(ada, () => ada.getByRole('button', { name: 'Save on top', exact: true }).click());
  assert.match((await api()).en.paragraphs[paragraph]!.text, /Ada typed this\.$/);
  assert.equal(await ada.locator('#row-7 textarea').count(), 0, 'saved: the row shows text again');
});

test('a save on a stale version (no live update yet) answers 409 with both texts; the editor keeps the typed text', async () => {
  await ada.goto(`${browser.base}/pairs/${pairId}`);
  const now = await api();
  const r = now.links.findIndex((l, i) => i > 8 && l.en.length > 0 && l.status !== 'confirmed');
  await ada.locator(`#row-${r}`).focus();
  await ada.keyboard.press('e');
  const area = ada.locator(`#row-${r} textarea.edit-text`);
  await area.waitFor();
  await area.press('End');
  await ada.keyboard.type(' Stale but mine.');
  const paragraph = Number(await ada.locator(`#row-${r} .editor`).getAttribute('data-paragraph'));
  // a screen whose event stream lagged sends the version it had: the API answers 409 with both texts
  const v = (await api()).version;
  await rin.evaluate(`fetch('/api/pairs/${pairId}/ops', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': document.querySelector('meta[name="csrf-token"]').content }, body: JSON.stringify({ op: 'confirm', link: 0, version: ${v} }) })`);
  const res = await ada.evaluate<{ status: number; body: { error: { code: string; conflict: { theirs: string; yours: string } } } }>(`fetch('/api/pairs/${pairId}/ops', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': document.querySelector('meta[name="csrf-token"]').content }, body: JSON.stringify({ op: 'edit-text', side: 'en', paragraph: ${paragraph}, text: 'x', version: ${v} }) }).then(async (r) => ({ status: r.status, body: await r.json() }))`);
  assert.equal(res.status, 409);
  assert.equal(res.body.error.code, 'stale_version');
  assert.equal(res.body.error.conflict.yours, 'x');
  assert.match(await area.inputValue(), /Stale but mine\.$/, 'the redraw after rin\'s confirm kept the editor');
});

test('keys alone: v, V and l link paragraphs of two rows; r rejects; A shows the count before confirming', async () => {
  await ada.goto(`${browser.base}/pairs/${pairId}`);
  const before = await api();
  const r = before.links.findIndex((l, i) => i > 8 && l.en.length === 1 && l.ko.length === 1 && before.links[i + 1]!.ko.length === 1);
  await ada.locator(`#row-${r}`).focus();
  await ada.keyboard.press('v');
  await ada.keyboard.press('j');
  await ada.keyboard.press('V');
  await clickOp(ada, () => ada.keyboard.press('l'));
  const linked = await api();
  assert.ok(linked.links.some((l) => l.en.join() === before.links[r]!.en.join() && l.ko.join() === before.links[r + 1]!.ko.join()), 'exactly the selected paragraphs are one link');
  await ada.locator(`#row-${r}`).focus();
  await clickOp(ada, () => ada.keyboard.press('r'));
  assert.equal((await api()).links[r]!.status, 'rejected');
  await ada.keyboard.press('A');
  await waitUntil(ada, "/would be confirmed/.test(document.getElementById('flash').textContent)", 3000);
  const unconfirmed = (await api()).links.filter((l) => l.status === 'confirmed').length;
  await clickOp(ada, () => ada.keyboard.press('Enter')); // the bar's "Confirm N rows" has focus
  assert.ok((await api()).links.filter((l) => l.status === 'confirmed').length > unconfirmed);
});
