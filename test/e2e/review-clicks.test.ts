/**
 * Every control kind of the review screen, at paragraph and sentence level, clicked with the real
 * pointer (Playwright's mouse, never element.click() in page script) at 1366×768 on an article pair
 * in the Hankyoreh layouts whose rows carry evidence: on a row that is not focused, just after
 * another row was focused, and after scrolling. Each click's effect is checked through the API.
 * Prints the click table (attempts / effects by control kind and focus state).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { deletePair } from '../../db/pairs.ts';
import { openTestDb } from '../helpers.ts';
import { insertFerryPair } from '../fixtures/review/pairs.ts';
import { browserForFile, waitUntil } from './browser.ts';

const db = openTestDb();
const browser = browserForFile(db, { width: 1366, height: 768 });

interface Link { en: number[]; ko: number[]; status: string; confidence: number | null; sentences: Link[] }
interface Api { version: number; en: { paragraphs: { text: string }[] }; ko: { paragraphs: { text: string }[] }; links: Link[] }

const api = async (id: number): Promise<Api> => (await fetch(`${browser.base}/api/pairs/${id}`)).json() as Promise<Api>;

type State = 'not focused' | 'other row focused' | 'after scrolling';
const STATES: State[] = ['not focused', 'other row focused', 'after scrolling'];

interface Kind {
  name: string;
  level: 'paragraph' | 'sentence';
  /** The row to act on, from the pair as the API shows it. */
  row: (a: Api) => number;
  /** Clicks; returns how many clicks it took. */
  act: (r: number) => Promise<number>;
  /** The effect, checked on the API (or, for pure view controls, on the screen). */
  check: (b: Api, a: Api, r: number) => boolean | Promise<boolean>;
}

const rowLoc = (r: number) => browser.page.locator(`#row-${r}`);
const btn = (r: number, name: string, side = '') =>
  browser.page.locator(`#row-${r} > form > .row-head${side ? ` .side-${side}` : ''}`).getByRole('button', { name, exact: true }).first();
const sentBtn = (r: number, j: number, name: string, side = '') =>
  browser.page.locator(`#row-${r} .sent-row[data-sentence="${j}"]${side ? ` .side-${side}` : ''}`).getByRole('button', { name, exact: true }).first();

/** Clicks and waits for the operation's answer and the redraw (false when nothing was sent). */
async function clickOp(click: () => Promise<void>): Promise<boolean> {
  const answered = browser.page.waitForResponse((res) => res.url().includes('/ops'), { timeout: 4000 }).then(() => true, () => false);
  await click();
  const ok = await answered;
  await waitUntil(browser.page, "!document.getElementById('review').hasAttribute('aria-busy')");
  return ok;
}

// rows of the ferry pair: a plain 1:1 body row in the middle, and the 1:2 row (two Korean paragraphs)
const oneToOne = (l: Link | undefined) => l !== undefined && l.en.length === 1 && l.ko.length === 1;
const plainRow = (a: Api) => a.links.findIndex((l, i) => i > 5 && oneToOne(l) && oneToOne(a.links[i - 1]) && oneToOne(a.links[i + 1]));
const twoKoRow = (a: Api) => a.links.findIndex((l) => l.en.length === 1 && l.ko.length === 2);
const sentenceRow = (a: Api) => a.links.findIndex((l) => l.sentences.length >= 2 && l.sentences.every((s) => s.en.length && s.ko.length));

const KINDS: Kind[] = [
  { name: 'Confirm', level: 'paragraph', row: plainRow, act: async (r) => Number(await clickOp(() => btn(r, 'Confirm').click())), check: (_b, a, r) => a.links[r]!.status === 'confirmed' },
  { name: 'Confirm up to here', level: 'paragraph', row: plainRow, act: async (r) => Number(await clickOp(() => btn(r, 'Confirm up to here').click())), check: (_b, a, r) => a.links.slice(0, r + 1).every((l) => l.status === 'confirmed') },
  { name: 'Merge with next', level: 'paragraph', row: plainRow, act: async (r) => Number(await clickOp(() => btn(r, 'Merge with next').click())), check: (b, a) => a.links.length === b.links.length - 1 },
  { name: 'Split', level: 'paragraph', row: twoKoRow, act: async (r) => Number(await clickOp(() => btn(r, 'Split').click())), check: (b, a) => a.links.length === b.links.length + 1 },
  { name: 'Move up (EN)', level: 'paragraph', row: plainRow, act: async (r) => Number(await clickOp(() => btn(r, 'Move up', 'en').click())), check: (b, a, r) => a.links[r - 1]!.en.includes(b.links[r]!.en[0]!) },
  { name: 'Move down (KO)', level: 'paragraph', row: plainRow, act: async (r) => Number(await clickOp(() => btn(r, 'Move down', 'ko').click())), check: (b, a, r) => a.links[r]!.ko.length === 0 || a.links[r + 1]!.ko.includes(b.links[r]!.ko.at(-1)!) || a.links.some((l) => l.ko.includes(b.links[r]!.ko.at(-1)!) && l.ko.length > 1) },
  { name: 'No counterpart (EN)', level: 'paragraph', row: plainRow, act: async (r) => Number(await clickOp(() => btn(r, 'No counterpart', 'en').click())), check: (b, a) => a.links.length === b.links.length + 1 },
  { name: 'Reject', level: 'paragraph', row: plainRow, act: async (r) => Number(await clickOp(() => btn(r, 'Reject').click())), check: (_b, a, r) => a.links[r]!.status === 'rejected' },
  { name: 'Join (KO)', level: 'paragraph', row: twoKoRow, act: async (r) => Number(await clickOp(() => btn(r, 'Join', 'ko').click())), check: (b, a) => a.ko.paragraphs.length === b.ko.paragraphs.length - 1 },
  {
    name: 'Edit text + Save text', level: 'paragraph', row: plainRow,
    act: async (r) => {
      await browser.page.locator(`#row-${r} > form > .row-head .side-en`).getByRole('link', { name: 'Edit text', exact: true }).click();
      const area = browser.page.locator(`#row-${r} textarea.edit-text`);
      try { await area.waitFor({ timeout: 3000 }); } catch { return 0; }
      await area.press('End');
      await browser.page.keyboard.type(' (Corrected.)');
      return 1 + Number(await clickOp(() => browser.page.locator(`#row-${r}`).getByRole('button', { name: 'Save text', exact: true }).click()));
    },
    check: (b, a, r) => a.en.paragraphs[b.links[r]!.en[0]!]!.text.endsWith('(Corrected.)'),
  },
  {
    name: 'Show sentences', level: 'paragraph', row: plainRow,
    act: async (r) => {
      await browser.page.locator(`#row-${r} .toggle-sentences`).click();
      try { await browser.page.locator(`#row-${r} .sent-row`).first().waitFor({ timeout: 3000 }); return 1; } catch { return 0; }
    },
    check: async (_b, _a, r) => (await browser.page.locator(`#row-${r} .sent-row`).count()) > 0 && (await browser.page.locator(`#row-${r} > form > .row-grid`).count()) === 0,
  },
  {
    name: 'Link selected (¶ + ¶ + Link)', level: 'paragraph', row: plainRow,
    act: async (r) => {
      await btn(r, `Select English paragraph ${(await api(currentPair)).links[r]!.en[0]! + 1}`, 'en').click();
      await btn(r + 1, `Select Korean paragraph ${(await api(currentPair)).links[r + 1]!.ko[0]! + 1}`, 'ko').click();
      const pressed = await browser.page.locator('button.sel[aria-pressed="true"]').count();
      return (pressed === 2 ? 2 : 0) + Number(await clickOp(() => btn(r + 1, 'Link selected').click()));
    },
    check: (b, a, r) => a.links.some((l) => l.en.join() === b.links[r]!.en.join() && l.ko.join() === b.links[r + 1]!.ko.join()),
  },
  { name: 'Confirm', level: 'sentence', row: sentenceRow, act: async (r) => Number(await clickOp(() => sentBtn(r, 0, 'Confirm').click())), check: (_b, a, r) => a.links[r]!.sentences[0]!.status === 'confirmed' },
  { name: 'Merge with next', level: 'sentence', row: sentenceRow, act: async (r) => Number(await clickOp(() => sentBtn(r, 0, 'Merge with next').click())), check: (b, a, r) => a.links[r]!.sentences.length === b.links[r]!.sentences.length - 1 },
  { name: 'Split', level: 'sentence', row: sentenceRow, act: async (r) => Number(await clickOp(() => sentBtn(r, 0, 'Split').click())), check: (b, a, r) => a.links[r]!.sentences.length === b.links[r]!.sentences.length + 1 },
  { name: 'Move down (EN)', level: 'sentence', row: sentenceRow, act: async (r) => Number(await clickOp(() => sentBtn(r, 0, 'Move down', 'en').click())), check: (b, a, r) => a.links[r]!.sentences.some((s) => s.en.includes(b.links[r]!.sentences[0]!.en.at(-1)!) && s.ko.join() !== b.links[r]!.sentences[0]!.ko.join()) },
  { name: 'No counterpart (KO)', level: 'sentence', row: sentenceRow, act: async (r) => Number(await clickOp(() => sentBtn(r, 0, 'No counterpart', 'ko').click())), check: (b, a, r) => a.links[r]!.sentences.length === b.links[r]!.sentences.length + 1 },
  { name: 'Reject', level: 'sentence', row: sentenceRow, act: async (r) => Number(await clickOp(() => sentBtn(r, 0, 'Reject').click())), check: (_b, a, r) => a.links[r]!.sentences[0]!.status === 'rejected' },
];

let currentPair = 0;

/** Brings the page into one of the three focus states around row `r`. */
async function setState(state: State, r: number): Promise<void> {
  if (state === 'other row focused') {
    // a click on the text of a neighbouring row focuses that row (its text then floats over row r)
    const other = r > 0 ? r - 1 : r + 1;
    const box = (await rowLoc(other).locator('.row-grid, .sentences').first().boundingBox())!;
    await browser.page.mouse.click(box.x + 40, box.y + Math.min(10, box.height / 2));
    assert.equal(await browser.page.evaluate<string>("document.activeElement?.closest('.link-row')?.id ?? ''"), `row-${other}`);
  } else if (state === 'after scrolling') {
    // scroll by wheel so that the row ends up low on the screen, then move the mouse away
    const box = (await rowLoc(r).boundingBox())!;
    await browser.page.mouse.move(10, 700);
    await browser.page.mouse.wheel(0, box.y - 480);
    await waitUntil(browser.page, `Math.abs(document.getElementById('row-${r}').getBoundingClientRect().top - 480) < 40 || window.scrollY + innerHeight >= document.documentElement.scrollHeight - 2`);
  } else {
    await browser.page.evaluate('document.activeElement && document.activeElement.blur()');
  }
}

const table = new Map<string, { attempts: number; effects: number }>();

test('every control kind takes effect on the first real click, in every focus state', async () => {
  const failures: string[] = [];
  for (const kind of KINDS) {
    for (const state of STATES) {
      if (currentPair) deletePair(db, currentPair); // the same texts again would be a duplicate
      const id = insertFerryPair(db);
      currentPair = id;
      const b = await api(id);
      const r = kind.row(b);
      assert.ok(r > 0, `${kind.name}: a suitable row`);
      await browser.page.goto(`${browser.base}/pairs/${id}${kind.level === 'sentence' ? `?open=${r}` : ''}`);
      await setState(state, r);
      const clicks = kind.name.startsWith('Link selected') ? 3 : kind.name.startsWith('Edit text') ? 2 : 1;
      const landed = await kind.act(r);
      const a = await api(id);
      const ok = landed === clicks && await kind.check(b, a, r);
      const key = `${kind.level}\t${kind.name}\t${state}`;
      const cell = table.get(key) ?? { attempts: 0, effects: 0 };
      cell.attempts += clicks;
      cell.effects += ok ? clicks : landed;
      table.set(key, cell);
      if (!ok) failures.push(`${kind.level} ${kind.name} (${state}): ${landed}/${clicks} clicks answered, effect ${ok}`);
    }
  }
  const lines = ['level\tcontrol\tfocus state\tattempts\teffects', ...[...table].map(([k, v]) => `${k}\t${v.attempts}\t${v.effects}`)];
  console.log(lines.join('\n'));
  if (process.env['JJAK_CLICK_TABLE']) writeFileSync(process.env['JJAK_CLICK_TABLE'], `${lines.join('\n')}\n`);
  assert.deepEqual(failures, []);
});

const freshPair = (): number => {
  if (currentPair) deletePair(db, currentPair);
  return (currentPair = insertFerryPair(db));
};

test('nothing moves under the pointer: hovering, focusing and pressing on a row keep every row and button in place', async () => {
  const id = freshPair();
  await browser.page.goto(`${browser.base}/pairs/${id}`);
  const layout = () => browser.page.evaluate<string>(`JSON.stringify([...document.querySelectorAll('#rows > .link-row, #rows > .link-row button')].map((e) => { const r = e.getBoundingClientRect(); return [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)]; }))`);
  const start = await layout();
  await rowLoc(5).hover();
  assert.equal(await layout(), start, 'hover');
  const box = (await rowLoc(5).locator('.row-grid').boundingBox())!;
  await browser.page.mouse.move(box.x + 30, box.y + 5);
  await browser.page.mouse.down();
  assert.equal(await layout(), start, 'pointer down on the text');
  await browser.page.mouse.up();
  assert.equal(await layout(), start, 'focused');
  await rowLoc(6).hover();
  assert.equal(await layout(), start, 'hovering the next row while one is focused');
  // the evidence of the focused row shows in the bar, not in the row (the hovered row's while hovering)
  assert.match(await browser.page.locator('#evidence-line').innerText(), /Evidence, row 7/);
  await browser.page.mouse.move(5, 5);
  await rowLoc(5).focus();
  assert.match(await browser.page.locator('#evidence-line').innerText(), /Evidence, row 6/);
});

test('the dense screen: at least 8 rows visible at 1366×768, at most 2 Tab stops per closed row, sentence view without the paragraph text', async () => {
  const id = freshPair();
  await browser.page.goto(`${browser.base}/pairs/${id}`);
  const visible = await browser.page.evaluate<number>(`[...document.querySelectorAll('#rows > .link-row')].filter((r) => { const b = r.getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight; }).length`);
  assert.ok(visible >= 8, `${visible} whole rows visible`);
  const tabStops = await browser.page.evaluate<number[]>(`[...document.querySelectorAll('#rows > .link-row')].map((r) => [r, ...r.querySelectorAll('a, button, input, select, textarea, [tabindex]')].filter((e) => e.tabIndex >= 0 && !e.disabled && !(e.type === 'hidden')).length)`);
  assert.ok(tabStops.every((n) => n <= 3), `tab stops per row: ${tabStops.join(',')}`);
  await browser.page.goto(`${browser.base}/pairs/${id}?open=7`);
  assert.equal(await browser.page.locator('#row-7 .row-grid').count() - await browser.page.locator('#row-7 .sent-row .row-grid').count(), 0, 'no paragraph text above the sentence links');
  if (process.env['JJAK_SCREENSHOTS']) await browser.page.screenshot({ path: `${process.env['JJAK_SCREENSHOTS']}/review-dense.png` });
});

test('at 1024×768 the tools of an n:m row wrap instead of being cut off, and their clicks land', async () => {
  await browser.page.setViewportSize({ width: 1024, height: 768 });
  try {
    const id = freshPair();
    const b = await api(id);
    const r = twoKoRow(b);
    await browser.page.goto(`${browser.base}/pairs/${id}`);
    await rowLoc(r).hover();
    const cut = await browser.page.evaluate<number>(`[...document.querySelectorAll('#row-${r} > form > .row-head .tools button, #row-${r} > form > .row-head .tools a')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth).length`);
    assert.equal(cut, 0, 'no control is outside the window');
    assert.ok(await clickOp(() => btn(r, 'Join', 'ko').click()));
    assert.equal((await api(id)).ko.paragraphs.length, b.ko.paragraphs.length - 1);
    assert.ok(await browser.page.getByRole('link', { name: /Next pair/ }).isVisible());
  } finally {
    await browser.page.setViewportSize({ width: 1366, height: 768 });
  }
});
