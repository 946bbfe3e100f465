import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertPair } from '../../db/pairs.ts';
import { doc, openTestDb } from '../helpers.ts';
import { storeTalks } from '../search/fixtures.ts';
import { browserForFile, waitUntil } from './browser.ts';

/** Screenshots go here for a person to look at (JJAK_SHOTS=dir), by default a temporary folder. */
const SHOTS = process.env['JJAK_SHOTS'] ?? '/tmp';

const db = openTestDb();
const talks = storeTalks(db, { published: '2024-03-12T09:00:00+09:00', section: 'North Korea' });
// A few more pairs, confirmed on different days, so the dashboard has something to draw.
for (let k = 0; k < 4; k++) {
  const en = Array.from({ length: 6 }, (_, i) => `Report ${k}.${i}: the ministry said exports rose ${i + k} percent in the ${k % 2 ? 'second' : 'first'} quarter.`);
  const ko = Array.from({ length: 6 }, (_, i) => `보고서 ${k}.${i}: 산업부는 ${k % 2 ? '2' : '1'}분기 수출이 ${i + k}% 늘었다고 밝혔다.`);
  insertPair(db, doc('en', [['title', `Exports report ${k}`], ['body', ...en] as ['body', ...string[]]]),
    doc('ko', [['title', `수출 보고서 ${k}`], ['body', ...ko] as ['body', ...string[]]]), {
      paragraphs: [{ en: [0, 1], ko: [0, 1], confidence: 0.9 }, { en: [1, 2], ko: [1, 2], confidence: 0.7 }],
      sentences: Array.from({ length: 7 }, (_, i) => ({
        en: [i, i + 1] as const, ko: [i, i + 1] as const, confidence: 0.35 + ((i * 7 + k * 3) % 10) / 16,
        ...(i <= k ? { status: 'confirmed' as const, confirmedBy: 'kim', confirmedAt: `2024-03-1${k}T0${i}:00:00Z` } : {}),
      })),
    });
}

const browser = browserForFile(db, { width: 1280, height: 900 });

test('a Korean two-character search shows the hit marked beside its English counterpart', async () => {
  await browser.page.goto(`${browser.base}/search`);
  await browser.page.getByLabel('Word or phrase').fill('북한');
  await Promise.all([browser.page.waitForURL(/\/search\?q=/), browser.page.getByRole('button', { name: 'Search' }).click()]);
  assert.match(await browser.page.locator('.search-count').innerText(), /^1 sentence found/);
  const hit = browser.page.locator('li.hit').first();
  assert.equal(await hit.locator('.hit-side[lang="ko"] mark').innerText(), '북한');
  assert.equal(await hit.locator('.hit-side[lang="en"]').innerText(), 'North Korea agreed to new talks on Monday.');
  // marks read without colour: bold and underlined
  // evaluated in the page (a string: the type-check has no DOM lib)
  const style = await browser.page.evaluate('(() => { const s = getComputedStyle(document.querySelector("li.hit mark")); return s.fontWeight + " " + s.textDecorationLine; })()');
  assert.equal(style, '700 underline');
  await browser.page.screenshot({ path: `${SHOTS}/jjak-search.png`, fullPage: true });
});

test('the filters narrow the hits and the review link opens the pair at that row', async () => {
  await browser.page.goto(`${browser.base}/search?q=exports&status=confirmed`);
  assert.match(await browser.page.locator('.search-count').innerText(), /^10 sentences found/);
  await browser.page.goto(`${browser.base}/search?q=talks`);
  const link = browser.page.locator('li.hit').nth(1).getByRole('link', { name: /review row 2/ });
  await Promise.all([browser.page.waitForURL(new RegExp(`/pairs/${talks}#row-1$`)), link.click()]);
  await waitUntil(browser.page, "document.activeElement && document.activeElement.id === 'row-1'");
  const row = browser.page.locator('#row-1');
  assert.match(await row.innerText(), /North Korea agreed to new talks on Monday/);
  assert.ok(await row.isVisible());
  await browser.page.screenshot({ path: `${SHOTS}/jjak-search-review-row.png` });
});

test('the dashboard draws its SVG charts with their numbers in tables', async () => {
  const errors: string[] = [];
  browser.page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await browser.page.goto(`${browser.base}/stats`);
  const charts = browser.page.locator('svg.chart[role="img"]');
  assert.equal(await charts.count(), 6);
  for (let i = 0; i < 6; i++) {
    const box = await charts.nth(i).boundingBox();
    assert.ok(box && box.width > 200 && box.height > 100, `chart ${i} is drawn at a readable size`);
  }
  assert.equal(await browser.page.locator('#chart-links rect[fill^="url(#chart-links-"]').count(), 6);
  assert.ok(await browser.page.locator('#chart-progress circle').count() >= 4, 'a marker for each day with confirmations');
  assert.match(await browser.page.locator('#h-low + .chart-with-table table').innerText(), /Exports report|Talks on/);
  assert.deepEqual(errors, [], 'no CSP or script errors');
  await browser.page.screenshot({ path: `${SHOTS}/jjak-stats.png`, fullPage: true });
});
