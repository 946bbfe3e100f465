/**
 * Review screen features by pointer: a crossed link for a moved paragraph (both places, jump,
 * unlink), filters kept in the URL, "Confirm all at or above" showing the count first, "Next doubtful
 * row" moving on from the row last used, "Break paragraph here" at the typed position, a 400-row pair
 * that opens with a small page and fills rows as they come near, and the new-pair form refusing
 * pasted text plus a file for one side.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deletePair } from '../../db/pairs.ts';
import { openTestDb } from '../helpers.ts';
import { insertFerryPair, insertLongPair } from '../fixtures/review/pairs.ts';
import { browserForFile, clickOp, waitUntil } from './browser.ts';

const db = openTestDb();
const browser = browserForFile(db, { width: 1366, height: 768 });
let pairId = 0;

interface Link { en: number[]; ko: number[]; status: string; confidence: number | null; crossed?: boolean }
interface Api { version: number; en: { paragraphs: { text: string }[] }; links: Link[] }
const api = async (id = pairId): Promise<Api> => (await fetch(`${browser.base}/api/pairs/${id}`)).json() as Promise<Api>;

function fresh(): number {
  if (pairId) deletePair(db, pairId);
  return (pairId = insertFerryPair(db));
}

test('a moved paragraph becomes a crossed link: shown at both places, with a jump and an unlink', async () => {
  const id = fresh();
  const b = await api();
  const en = b.links.findIndex((l) => l.ko.length === 0);
  const ko = b.links.findIndex((l, i) => i > en + 1 && l.en.length === 0);
  assert.ok(en > 0 && ko > en, 'the fixture has the English paragraph moved away from its Korean source');
  await browser.page.goto(`${browser.base}/pairs/${id}`);
  await browser.page.locator(`#row-${en} .side-en button.sel`).click();
  await browser.page.locator(`#row-${ko} .side-ko button.sel`).click();
  await clickOp(browser.page, () => browser.page.locator(`#row-${ko}`).getByRole('button', { name: 'Link selected', exact: true }).click());
  await waitUntil(browser.page, "document.querySelectorAll('.ko-place').length === 1");
  const a = await api();
  const crossed = a.links.findIndex((l) => l.crossed === true);
  assert.deepEqual([a.links[crossed]!.en, a.links[crossed]!.ko], [b.links[en]!.en, b.links[ko]!.ko]);
  assert.equal(a.links.length, b.links.length - 1);
  // the Korean place jumps to the row; the row's tag jumps back
  await browser.page.locator('.ko-place .jump-crossed').click();
  assert.equal(await browser.page.evaluate<string>('document.activeElement?.id'), `row-${crossed}`);
  await browser.page.locator(`#row-${crossed} .crossed-tag`).click();
  assert.equal(await browser.page.evaluate<string>('document.activeElement?.id'), `ko-place-${b.links[ko]!.ko[0]}`);
  await browser.page.locator(`#row-${crossed}`).hover();
  await clickOp(browser.page, () => browser.page.locator(`#row-${crossed}`).getByRole('button', { name: 'Unlink crossed', exact: true }).click());
  assert.equal((await api()).links.some((l) => l.crossed), false);
  await waitUntil(browser.page, "document.querySelectorAll('.ko-place').length === 0");
});

test('filters are kept in the URL; Confirm all at or above shows the count, then confirms in one step', async () => {
  const id = fresh();
  await browser.page.goto(`${browser.base}/pairs/${id}`);
  await browser.page.getByLabel('Only doubtful').check();
  assert.match(browser.page.url(), /only=doubtful/);
  const shownRows = await browser.page.evaluate<number>("[...document.querySelectorAll('#rows > .link-row')].filter((r) => r.offsetParent).length");
  const doubtful = await browser.page.locator('#rows > .link-row[data-doubtful="1"]').count();
  assert.ok(doubtful > 0 && shownRows === doubtful && shownRows < (await api()).links.length, `${shownRows} shown, ${doubtful} doubtful`);
  await browser.page.reload();
  assert.equal(await browser.page.getByLabel('Only doubtful').isChecked(), true, 'the filter survives a reload');
  await browser.page.getByLabel('Only doubtful').uncheck();
  await browser.page.getByLabel('Hide confirmed').check();
  assert.match(browser.page.url(), /hide=confirmed/);

  await browser.page.locator('.bulk-confidence').fill('0.95');
  await browser.page.getByRole('button', { name: 'Confirm all at or above…' }).click();
  await waitUntil(browser.page, "/would be confirmed/.test(document.getElementById('flash').textContent)");
  const expected = (await api()).links.filter((l) => l.status !== 'confirmed' && (l.confidence ?? 0) >= 0.95).length;
  assert.match(await browser.page.locator('#flash').innerText(), new RegExp(`^${expected} unconfirmed rows`));
  assert.equal((await api()).links.filter((l) => l.status === 'confirmed').length, 0, 'nothing confirmed before the second click');
  await clickOp(browser.page, () => browser.page.getByRole('button', { name: `Confirm ${expected} rows` }).click());
  assert.equal((await api()).links.filter((l) => l.status === 'confirmed').length, expected);
  const hidden = await browser.page.evaluate<number>("[...document.querySelectorAll('#rows > .link-row')].filter((r) => !r.offsetParent).length");
  assert.equal(hidden, expected, 'confirmed rows are hidden');
  await clickOp(browser.page, () => browser.page.getByRole('button', { name: 'Undo', exact: true }).click());
  assert.equal((await api()).links.filter((l) => l.status === 'confirmed').length, 0, 'one undo step');
});

test('Next doubtful row moves on from the row last used, click after click', async () => {
  const id = fresh();
  await browser.page.goto(`${browser.base}/pairs/${id}`);
  const doubtful = await browser.page.evaluate<number[]>("[...document.querySelectorAll('#rows > .link-row[data-doubtful=\"1\"]')].map((r) => Number(r.dataset.link))");
  assert.ok(doubtful.length >= 2);
  const seen: number[] = [];
  for (let k = 0; k < doubtful.length; k++) {
    await browser.page.getByRole('link', { name: 'Next doubtful row' }).click();
    seen.push(await browser.page.evaluate<number>("Number(document.querySelector('.link-row.current').dataset.link)"));
  }
  assert.deepEqual(seen, doubtful);
});

/**
 * Opens a fresh pair at a 1:1 row past the first few and gives the row, its English paragraph, that
 * paragraph's text and the offset just after its first sentence (where the break tests break it).
 */
async function openAtOneToOneRow(): Promise<{ r: number; p: number; text: string; at: number }> {
  const id = fresh();
  await browser.page.goto(`${browser.base}/pairs/${id}`);
  const b = await api();
  const r = b.links.findIndex((l, i) => i > 5 && l.en.length === 1 && l.ko.length === 1);
  const p = b.links[r]!.en[0]!;
  const text = b.en.paragraphs[p]!.text;
  return { r, p, text, at: text.indexOf('. ') + 2 };
}

test('Break paragraph here breaks at the typed position, else at the caret', async () => {
  const { r, p, text, at } = await openAtOneToOneRow();
  await browser.page.locator(`#row-${r}`).hover();
  await browser.page.locator(`#row-${r} .side-en`).getByRole('link', { name: 'Edit text' }).click();
  await browser.page.locator(`#row-${r} textarea.edit-text`).click({ position: { x: 5, y: 5 } }); // caret elsewhere
  await browser.page.locator(`#row-${r} input.break-at`).fill(String(at));
  await clickOp(browser.page, () => browser.page.locator(`#row-${r}`).getByRole('button', { name: 'Break paragraph here' }).click());
  const a = await api();
  assert.equal(a.en.paragraphs[p]!.text, text.slice(0, at).trim());
});

test('a 400-row pair opens with a small first page; rows far down fill in as they come near and take clicks', async () => {
  const id = insertLongPair(db, 400, 5);
  const res = await browser.page.goto(`${browser.base}/pairs/${id}`);
  const bytes = (await res!.body()).length;
  assert.ok(bytes < 300 * 1024, `${bytes} bytes`);
  assert.equal(await browser.page.locator('#rows > .link-row').count(), 400);
  assert.ok(await browser.page.locator('#row-300').getAttribute('data-stub'));
  await browser.page.evaluate("document.getElementById('row-300').scrollIntoView()");
  await waitUntil(browser.page, "!document.getElementById('row-300').dataset.stub");
  await browser.page.locator('#row-300').hover();
  await clickOp(browser.page, () => browser.page.locator('#row-300').getByRole('button', { name: 'Confirm', exact: true }).click());
  assert.equal((await api(id)).links[300]!.status, 'confirmed');
  deletePair(db, id);
});

test('new pair form: pasted text and a file for the same side gives a clear error and keeps the text', async () => {
  await browser.page.goto(`${browser.base}/pairs/new`);
  await browser.page.locator('textarea[name="en"]').fill('A title\n\nSome English text.');
  await browser.page.locator('input[name="enFile"]').setInputFiles({ name: 'en.txt', mimeType: 'text/plain', buffer: Buffer.from('Other title\n\nOther text.') });
  await browser.page.locator('textarea[name="ko"]').fill('제목\n\n한국어 본문.');
  await Promise.all([browser.page.waitForLoadState('load'), browser.page.getByRole('button', { name: 'Import and align' }).click()]);
  assert.match(await browser.page.locator('.error').innerText(), /English: you pasted text and chose a file/);
  assert.equal(await browser.page.locator('textarea[name="en"]').inputValue(), 'A title\n\nSome English text.');
  assert.equal(await browser.page.locator('textarea[name="ko"]').inputValue(), '제목\n\n한국어 본문.');
});

test('leaving the page with an unsaved edit asks first and keeps the text', async () => {
  const id = fresh();
  const tab = await browser.context.newPage();
  try {
    await tab.setViewportSize({ width: 1366, height: 768 });
    await tab.goto(`${browser.base}/pairs/${id}`);
    await tab.locator('#row-7').focus();
    await tab.keyboard.press('e');
    await tab.locator('#row-7 textarea.edit-text').waitFor();
    await tab.keyboard.type(' unsaved words');
    const asked = new Promise<string>((resolve) => { tab.once('dialog', (d) => { resolve(d.type()); void d.dismiss(); }); });
    await tab.close({ runBeforeUnload: true });
    assert.equal(await asked, 'beforeunload');
    assert.equal(tab.isClosed(), false, 'dismissing the question keeps the page and the text');
    assert.match(await tab.locator('#row-7 textarea.edit-text').inputValue(), /unsaved words$/);
  } finally {
    if (!tab.isClosed()) await tab.close();
  }
});

test('keys alone: Ctrl+Shift+Enter in the editor breaks the paragraph at the caret', async () => {
  const { r, p, text, at } = await openAtOneToOneRow();
  await browser.page.locator(`#row-${r}`).focus();
  await browser.page.keyboard.press('e');
  const area = browser.page.locator(`#row-${r} textarea.edit-text`);
  await area.waitFor();
  await browser.page.keyboard.press('Control+Home');
  for (let k = 0; k < at; k++) await browser.page.keyboard.press('ArrowRight');
  await clickOp(browser.page, () => browser.page.keyboard.press('Control+Shift+Enter'));
  const a = await api();
  assert.equal(a.en.paragraphs[p]!.text, text.slice(0, at).trim());
  assert.equal(a.en.paragraphs[p + 1]!.text, text.slice(at).trim());
});

test('Next pair moves forward through the queue and never back to a pair skipped in this session', async () => {
  const ids = [insertLongPair(db, 12, 101), insertLongPair(db, 12, 102), insertLongPair(db, 12, 103)];
  try {
    await browser.page.goto(`${browser.base}/pairs/${ids[0]}`);
    const seen = [ids[0]!];
    for (let k = 0; k < 2; k++) {
      await Promise.all([browser.page.waitForURL((u) => /\/pairs\/\d+$/.test(u.pathname) && Number(u.pathname.split('/')[2]) !== seen.at(-1)), browser.page.keyboard.press('N')]);
      seen.push(Number(new URL(browser.page.url()).pathname.split('/')[2]));
    }
    assert.equal(new Set(seen).size, 3, `visited ${seen.join(' → ')}`);
    const skipped = await browser.page.evaluate<number[]>("JSON.parse(sessionStorage.getItem('jjak-skipped'))");
    assert.deepEqual(skipped.slice(-2), seen.slice(0, 2));
  } finally {
    for (const id of ids) deletePair(db, id);
  }
});
