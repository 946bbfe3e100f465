import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openTestDb } from '../helpers.ts';
import { startBrowser } from './browser.ts';

/**
 * Article text is hostile input. An invented pair full of markup, event handlers, a javascript:
 * URL and bidi overrides is imported through the real API, then every page that shows it is
 * opened in Chromium: no script may run (no dialog, no window flag), no injected element may
 * exist, the markup must show as text, and the bidi overrides must not reach the page (they are
 * stripped at import, see server/import/normalise.ts).
 */
const RLO = '\u202E';
const HOSTILE = {
  en: {
    title: `Harbour <script>window.__xss = 1; alert(1)</script> ferry fares rise`,
    url: 'javascript:alert(1)',
    format: 'text', // as plain text: the markup is the article's words, not a page to parse
    text: [
      `Harbour <script>window.__xss = 1; alert(1)</script> ferry fares rise`,
      `The port authority said <img src=x onerror="window.__xss = 2; alert(2)"> fares rise by 200 won from May.`,
      `A spokesman called it ${RLO}gnp.exe${'\u202C'} a modest change <a href="javascript:alert(3)">details</a>.`,
      `Commuters "><svg onload="window.__xss = 3; alert(4)"> were not consulted.`,
    ].join('\n\n'),
  },
  ko: {
    title: `항만 <script>window.__xss = 4</script> 여객선 요금 인상`,
    url: 'javascript:alert(5)',
    format: 'text',
    text: [
      `항만 <script>window.__xss = 4</script> 여객선 요금 인상`,
      `항만공사는 5월부터 요금을 200원 올린다고 <img src=x onerror="window.__xss = 5; alert(6)"> 밝혔다.`,
      `대변인은 ${RLO}gnp.exe 소폭 조정이라고 말했다 <a href="javascript:alert(7)">자세히</a>.`,
      `통근자들은 "><svg onload="window.__xss = 6"> 의견을 듣지 못했다.`,
    ].join('\n\n'),
  },
};

interface Findings { flag: unknown; injected: string[]; jsLinks: string[]; inlineScripts: number; bidi: boolean; text: string }

/** Runs in the page (a string: this project's type-check has no DOM library). */
const INSPECT = `(() => {
  const injected = [...document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], [onclick]')]
    .map((e) => e.outerHTML.slice(0, 80));
  const jsLinks = [...document.querySelectorAll('a[href], form[action], iframe[src]')]
    .map((e) => e.getAttribute('href') ?? e.getAttribute('action') ?? e.getAttribute('src') ?? '')
    .filter((h) => /^\\s*javascript:/i.test(h));
  return {
    flag: window.__xss,
    injected,
    jsLinks,
    inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
    bidi: /[\\u202A-\\u202E\\u2066-\\u2069]/.test(document.body.innerText),
    text: document.body.innerText,
  };
})()`;

const inspect = (page: Page): Promise<Findings> => page.evaluate<Findings>(INSPECT);

describe('hostile article text renders inert in a real browser', () => {
  let browser: Awaited<ReturnType<typeof startBrowser>>;
  let pairId = 0;
  const dialogs: string[] = [];
  const cspViolations: string[] = [];

  before(async () => {
    const db = openTestDb();
    browser = await startBrowser(db); // local mode: loopback, no account
    browser.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    browser.page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    const meta = await browser.page.goto(`${browser.base}/account`);
    assert.equal(meta?.status(), 200);
    const csrf = await browser.page.getAttribute('meta[name="csrf-token"]', 'content');
    const res = await browser.page.request.post(`${browser.base}/api/pairs`, {
      data: HOSTILE, headers: { 'X-CSRF-Token': csrf ?? '', Accept: 'application/json' },
    });
    assert.equal(res.status(), 201, await res.text());
    pairId = ((await res.json()) as { id: number }).id;
  });

  after(async () => {
    await browser?.close();
  });

  const pages: [string, () => string][] = [
    ['the pair list', () => '/'],
    ['the pair page', () => `/pairs/${pairId}`],
    ['the review queue', () => '/review'],
    ['the pair history', () => `/pairs/${pairId}/history`],
    ['the export preview', () => '/export?format=tmx&level=sentence&status=all&include-one-sided=1'],
    ['search results', () => '/search?q=fares'],
    ['the statistics page', () => '/stats'],
  ];

  for (const [name, path] of pages) {
    it(`${name}: no script runs, no dialog opens, the markup shows as text`, async () => {
      const res = await browser.page.goto(`${browser.base}${path()}`);
      assert.equal(res?.status(), 200);
      await browser.page.waitForLoadState('load');
      await browser.page.waitForTimeout(150); // let a stray onerror/onload fire if there were one
      const f = await inspect(browser.page);
      assert.equal(f.flag, undefined, 'a payload script ran');
      assert.deepEqual(dialogs, [], 'a dialog opened');
      assert.deepEqual(f.injected, [], 'payload elements reached the DOM');
      assert.deepEqual(f.jsLinks, [], 'a javascript: URL became a link');
      assert.equal(f.inlineScripts, 0, 'inline <script> element in the page');
      assert.equal(f.bidi, false, 'a bidi override reached the page');
      assert.deepEqual(cspViolations, [], 'the CSP had to block something: escaping failed somewhere');
      if (!['the pair history', 'the statistics page', 'search results'].includes(name)) assert.match(f.text, /Harbour <script>window\.__xss = 1; alert\(1\)<\/script> ferry fares rise/);
    });
  }

  it('the pair page shows the other hostile paragraphs as literal text', async () => {
    await browser.page.goto(`${browser.base}/pairs/${pairId}`);
    const f = await inspect(browser.page);
    assert.match(f.text, /<img src=x onerror="window\.__xss = 2; alert\(2\)">/);
    assert.match(f.text, /"><svg onload="window\.__xss = 6">/);
    assert.match(f.text, /gnp\.exe a modest change/, 'the override is gone, the text around it stays');
  });

  it('search results show the hostile sentences as text', async () => {
    await browser.page.goto(`${browser.base}/search?q=fares&level=sentence`);
    const f = await inspect(browser.page);
    assert.match(f.text, /onerror="window\.__xss = 2; alert\(2\)">/);
  });

  for (const q of ['<script>window.__xss=7;alert(7)</script>', '"><img src=x onerror="window.__xss=8;alert(8)">', "'><svg onload=alert(9)>"]) {
    it(`a hostile search query is echoed inert: ${q.slice(0, 24)}…`, async () => {
      const res = await browser.page.goto(`${browser.base}/search?q=${encodeURIComponent(q)}`);
      assert.ok(res && res.status() < 500);
      await browser.page.waitForTimeout(150);
      const f = await inspect(browser.page);
      assert.equal(f.flag, undefined);
      assert.deepEqual(dialogs, []);
      assert.deepEqual(f.injected, []);
      assert.equal(f.inlineScripts, 0);
      assert.deepEqual(cspViolations, []);
      assert.equal(await browser.page.inputValue('input[name="q"]'), q, 'the query stays in the box, as text');
    });
  }

  it('the export preview shows the hostile sentences as text', async () => {
    await browser.page.goto(`${browser.base}/export?format=tmx&level=sentence&status=all&include-one-sided=1`);
    const f = await inspect(browser.page);
    assert.match(f.text, /<img src=x onerror="window\.__xss = 2; alert\(2\)">/);
    assert.match(f.text, /<svg onload="window\.__xss = 6">/);
  });

  for (const format of ['tmx', 'tsv', 'jsonl']) {
    it(`the ${format} download is served as an attachment of a non-HTML type, markup escaped for its format`, async () => {
      const res = await browser.page.request.get(`${browser.base}/api/export?format=${format}&level=sentence&status=all&include-one-sided=1`);
      assert.equal(res.status(), 200);
      assert.doesNotMatch(res.headers()['content-type'] ?? '', /html/);
      assert.match(res.headers()['content-disposition'] ?? '', /^attachment/);
      const body = await res.text();
      assert.ok(body.includes('onerror'), 'the hostile sentence is in the export');
      if (format === 'tmx') {
        assert.ok(!body.includes('<img src=x'), 'markup escaped in XML');
        assert.ok(body.includes('&lt;img src=x onerror='));
      }
    });
  }

  it('an import job with a hostile file name and a hostile bad line is shown inert', async () => {
    const { page, base } = browser;
    await page.goto(`${base}/jobs/new`);
    const csrf = await page.getAttribute('meta[name="csrf-token"]', 'content');
    const lines = [
      JSON.stringify({ en: { text: 'Buses <script>window.__xss = 10</script> run late.', format: 'text' }, ko: { text: '버스가 늦게 다닌다.', format: 'text' } }),
      '{"en": "<img src=x onerror=\\"window.__xss = 11\\">" not json',
    ].join('\n');
    const res = await page.request.post(`${base}/jobs/import`, {
      headers: { 'X-CSRF-Token': csrf ?? '', Accept: 'application/json' },
      multipart: { file: { name: '<img src=x onerror="window.__xss=9">.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines) } },
    });
    assert.equal(res.status(), 202, await res.text());
    const jobId = ((await res.json()) as { id: number }).id;
    for (let i = 0; i < 50; i++) {
      const state = (await (await page.request.get(`${base}/jobs/${jobId}`, { headers: { Accept: 'application/json' } })).json()) as { status?: string };
      if (state.status !== 'running' && state.status !== 'queued') break;
      await page.waitForTimeout(100);
    }
    for (const path of ['/jobs', `/jobs/${jobId}`]) {
      await page.goto(`${base}${path}`);
      await page.waitForTimeout(150);
      const f = await inspect(page);
      assert.equal(f.flag, undefined, path);
      assert.deepEqual(dialogs, [], path);
      assert.deepEqual(f.injected, [], path);
      assert.equal(f.inlineScripts, 0, path);
      assert.deepEqual(cspViolations, [], path);
      assert.match(f.text, /<img src=x onerror="window.__xss=9">\.jsonl/, `${path} shows the file name as text`);
    }
  });

  it('control: the same payload unescaped does trigger the detectors', async () => {
    // proves this test can fail: without escaping (and without the CSP) the payload runs
    await browser.page.goto('about:blank'); // away from the app's CSP
    await browser.page.setContent(`<p>${HOSTILE.en.text}</p>`);
    await browser.page.waitForTimeout(150);
    const f = await inspect(browser.page);
    assert.notEqual(f.flag, undefined);
    assert.ok(dialogs.length > 0);
    assert.ok(f.injected.length > 0);
    dialogs.length = 0;
  });
});
