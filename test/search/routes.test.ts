import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { insertPair } from '../../db/pairs.ts';
import { doc, openTestDb } from '../helpers.ts';
import { appFor, seedUsers, sessionFor } from '../auth/helpers.ts';
import { storeTalks, talksDb } from './fixtures.ts';
import { LOW_CONFIDENCE } from '../../server/model.ts';

const json = (app: ReturnType<typeof createApp>, url: string) => request(app).get(url).set('Accept', 'application/json');

describe('GET /search', () => {
  it('answers JSON with the exact total, highlighted segments and the review row link', async () => {
    const { db, id } = talksDb();
    const res = await json(createApp({ db }), `/search?q=${encodeURIComponent('협상')}`).expect(200);
    assert.equal(res.body.total, 2);
    assert.deepEqual(res.body.query.sides, ['ko']);
    const hit = res.body.hits[1];
    assert.equal(hit.href, `/pairs/${id}#row-1`);
    assert.deepEqual(hit.ko.segments[0], [{ text: '북한은 월요일 새 ', match: false }, { text: '협상', match: true }, { text: '에 동의했다.', match: false }]);
    assert.deepEqual(hit.en.texts, ['North Korea agreed to new talks on Monday.']);
  });

  it('shows each hit beside its counterpart with the match marked, and a link to the review row', async () => {
    const { db, id } = talksDb();
    const res = await request(createApp({ db })).get('/search?q=%EB%B6%81%ED%95%9C').expect(200);
    assert.match(res.text, /<mark>북한<\/mark>은 월요일/);
    assert.match(res.text, /North Korea agreed to new talks on Monday\./);
    assert.match(res.text, new RegExp(`href="/pairs/${id}#row-1"`));
    assert.match(res.text, /<strong>1<\/strong> sentence found/);
  });

  it('prints text with markup in it as inert text', async () => {
    const db = openTestDb();
    insertPair(db,
      doc('en', [['body', 'Officials said <script>alert("talks")</script> & <img src=x onerror=alert(1)> talks.']]),
      doc('ko', [['body', '당국자들은 <b>협상</b>이라고 말했다.']]),
      { paragraphs: [{ en: [0, 1], ko: [0, 1] }], sentences: [{ en: [0, 1], ko: [0, 1] }] });
    const res = await request(createApp({ db })).get('/search?q=talks').expect(200);
    assert.ok(!res.text.includes('<script>alert'), 'no live script element');
    assert.ok(!res.text.includes('<img src=x'), 'no live img element');
    assert.ok(!res.text.includes('<b>협상'), 'the counterpart is escaped too');
    assert.match(res.text, /&lt;script&gt;alert\(&#34;<mark>talks<\/mark>&#34;\)&lt;\/script&gt; &amp; &lt;img src=x onerror=alert\(1\)&gt; <mark>talks<\/mark>\./);
    const marked = await request(createApp({ db })).get(`/search?q=${encodeURIComponent('"<script>"')}`).expect(200);
    assert.ok(!marked.text.includes('<mark><script>'), 'a query with markup does not inject it either');
  });

  it('turns an empty or absurd query into a helpful message, not an error', async () => {
    const { db } = talksDb();
    const app = createApp({ db });
    const empty = await request(app).get('/search').expect(200);
    assert.match(empty.text, /Search English or Korean text/);
    for (const [q, pattern] of [['!!!', /no letters or digits/], ['a'.repeat(300), /at most 200/], ['북', /at least two characters/], ['zebra', /No sentences contain “zebra”/]] as const) {
      const res = await json(app, `/search?q=${encodeURIComponent(q)}`).expect(200);
      assert.match(res.body.message, pattern, q.slice(0, 10));
      assert.equal(res.body.total, 0);
    }
  });

  it('applies filters from the query string and reports values it had to ignore', async () => {
    const db = openTestDb();
    storeTalks(db, { published: '2019-02-27T09:00:00+09:00', section: 'Politics', tag: ' (Hanoi)' });
    storeTalks(db, { published: '2024-03-12T09:00:00+09:00' });
    const app = createApp({ db });
    assert.equal((await json(app, '/search?q=talks&status=confirmed&from=2024-01-01').expect(200)).body.total, 1);
    assert.equal((await json(app, '/search?q=date&type=2:1&section=politics').expect(200)).body.total, 1);
    assert.equal((await json(app, '/search?q=follow&level=paragraph').expect(200)).body.hits[0].level, 'paragraph');
    const odd = await json(app, '/search?q=talks&status=maybe&from=2024-02-30&type=wide').expect(200);
    assert.equal(odd.body.total, 4);
    assert.equal(odd.body.notices.length, 3);
  });

  it('pages through the hits with links that keep the filters', async () => {
    const db = openTestDb();
    const sentences = Array.from({ length: 45 }, (_, i) => `Sentence ${i} mentions the summit.`);
    const ko = Array.from({ length: 45 }, (_, i) => `문장 ${i}은 정상회담을 언급한다.`);
    insertPair(db, doc('en', [['body', ...sentences] as ['body', ...string[]]]), doc('ko', [['body', ...ko] as ['body', ...string[]]]), {
      paragraphs: [{ en: [0, 1], ko: [0, 1] }], sentences: sentences.map((_, i) => ({ en: [i, i + 1] as const, ko: [i, i + 1] as const })),
    });
    const app = createApp({ db });
    const p3 = await json(app, '/search?q=summit&status=auto&page=3').expect(200);
    assert.equal(p3.body.total, 45);
    assert.equal(p3.body.pages, 3);
    assert.equal(p3.body.hits.length, 5);
    assert.equal(p3.body.hits[0].en.texts[0], 'Sentence 40 mentions the summit.');
    const html = await request(app).get('/search?q=summit&status=auto&page=2').expect(200);
    assert.match(html.text, /href="\/search\?q=summit&amp;status=auto&amp;page=3"/);
    assert.match(html.text, /href="\/search\?q=summit&amp;status=auto"/);
    const past = await json(app, '/search?q=summit&page=9').expect(200);
    assert.match(past.body.message, /past the last one/);
  });

  it('counts a frequent word only up to 10,000, says there are more, and counts them all on request', async () => {
    const db = openTestDb();
    const lines = Array.from({ length: 10_050 }, (_, i) => `Line ${i} of the budget.`);
    insertPair(db, doc('en', [['body', ...lines] as ['body', ...string[]]]), doc('ko', [['body', '예산 보고서.']]));
    const app = createApp({ db });
    const first = await json(app, '/search?q=budget').expect(200);
    assert.deepEqual([first.body.total, first.body.totalExact, first.body.hasMore, first.body.pages, first.body.hits.length], [10_000, false, true, 501, 20]);
    assert.deepEqual(first.body.hits.map((h: { position: number }) => h.position).slice(0, 3), [0, 1, 2], 'reading order');
    const html = await request(app).get('/search?q=budget').expect(200);
    assert.match(html.text, /more than <strong>10,000<\/strong> sentences found · hits 1–20 · page 1 of 501 or more/);
    assert.match(html.text, /<a href="\/search\?q=budget&amp;count=exact">count them all<\/a>/);
    assert.match(html.text, /rel="next" href="\/search\?q=budget&amp;page=2"/);
    const exact = await json(app, '/search?q=budget&count=exact').expect(200);
    assert.deepEqual([exact.body.total, exact.body.totalExact, exact.body.pages, exact.body.form.count], [10_050, true, 503, 'exact']);
    const exactHtml = await request(app).get('/search?q=budget&count=exact').expect(200);
    assert.match(exactHtml.text, /<strong>10,050<\/strong> sentences found/);
    assert.doesNotMatch(exactHtml.text, /count them all/);
    assert.match(exactHtml.text, /href="\/search\?q=budget&amp;count=exact&amp;page=2"/, 'the next page keeps counting');
    const last = await json(app, '/search?q=budget&page=503').expect(200);
    assert.deepEqual([last.body.total, last.body.totalExact, last.body.hasMore, last.body.hits.length], [10_050, true, false, 10], 'the last page knows the total');
    assert.equal(last.body.hits[9].en.texts[0], 'Line 10049 of the budget.');
    for (const sort of ['date', 'confidence']) {
      const capped = await json(app, `/search?q=budget&sort=${sort}`).expect(200);
      assert.deepEqual([capped.body.total, capped.body.totalExact, capped.body.hasMore], [10_000, false, true], `${sort} stops counting too`);
      const counted = await json(app, `/search?q=budget&sort=${sort}&count=exact`).expect(200);
      assert.deepEqual([counted.body.total, counted.body.totalExact], [10_050, true], sort);
      assert.deepEqual(counted.body.hits, capped.body.hits, sort);
    }
  });

  it('lists the newest pair first by default, and by publication date with sort=date', async () => {
    const db = openTestDb();
    const recent = storeTalks(db, { published: '2024-03-12T09:00:00+09:00' });
    const older = storeTalks(db, { published: '2019-02-27T09:00:00+09:00', tag: ' (Hanoi)' });
    const app = createApp({ db });
    const byAdded = await json(app, '/search?q=Geneva').expect(200);
    assert.equal(byAdded.body.form.sort, 'added');
    assert.deepEqual(byAdded.body.hits.map((h: { pairId: number }) => h.pairId), [older, recent]);
    const byDate = await json(app, '/search?q=Geneva&sort=date').expect(200);
    assert.deepEqual(byDate.body.hits.map((h: { pairId: number }) => h.pairId), [recent, older]);
    const html = await request(app).get('/search?q=Geneva&sort=date').expect(200);
    assert.match(html.text, /<option value="date" selected>publication date, newest first<\/option>/);
  });

  it('lets a reader search and refuses anonymous requests', async () => {
    const { db } = talksDb();
    const users = await seedUsers(db);
    const app = appFor(db);
    await json(app, '/search?q=talks').expect(401);
    const { cookie } = sessionFor(db, users.reader);
    const res = await json(app, '/search?q=talks').set('Cookie', cookie).expect(200);
    assert.equal(res.body.total, 2);
    await json(app, '/stats').set('Cookie', cookie).expect(200);
  });
});

describe('GET /stats', () => {
  it('answers JSON with counts, progress, confidence, length ratios and the pairs needing review', async () => {
    const { db, id } = talksDb();
    const res = await json(createApp({ db }), '/stats').expect(200);
    const s = res.body;
    assert.equal(s.counts.pairs, 1);
    assert.deepEqual(s.counts.sentences, { en: 5, ko: 4 });
    assert.deepEqual(s.counts.links.sentence, { auto: 2, confirmed: 1, rejected: 1 });
    assert.deepEqual(s.counts.linkTypes.sentence, [{ type: '1:1', count: 3 }, { type: '2:1', count: 1 }]);
    assert.deepEqual(s.reviewProgress, [{ day: '2024-03-13', paragraph: 1, sentence: 1 }]);
    assert.equal(s.confidence.bins[9].sentence, 1);
    assert.equal(s.confidence.bins[4].sentence, 1);
    assert.equal(s.lengthRatio.links, 1);
    const ratio = 'Talks on denuclearization resume in Geneva'.length / '제네바에서 비핵화 협상 재개'.length;
    assert.ok(Math.abs(s.lengthRatio.median - ratio) < 1e-9);
    // the fixture's automatic links score 0.9, 0.6, 0.85 and 0.55 (the rejected 0.4 does not count)
    const low = [0.9, 0.6, 0.85, 0.55].filter((c) => c < LOW_CONFIDENCE).length;
    assert.deepEqual(s.lowConfidencePairs.map((p: { pairId: number; lowLinks: number }) => [p.pairId, p.lowLinks]), [[id, low]]);
  });

  it('draws every chart as inline SVG with a title, and the numbers in tables', async () => {
    const { db } = talksDb();
    const res = await request(createApp({ db })).get('/stats').expect(200);
    const svgs = res.text.match(/<svg [^>]*role="img"[^>]*>/g) ?? [];
    assert.equal(svgs.length, 6);
    assert.equal((res.text.match(/<title id="chart-[a-z]+-title">/g) ?? []).length, 6);
    assert.match(res.text, /<th scope="row">2:1<\/th>/);
    assert.doesNotMatch(res.text, /<script(?![^>]*src=)/);
  });

  it('shows an empty corpus without failing', async () => {
    const res = await request(createApp({ db: openTestDb() })).get('/stats').expect(200);
    assert.match(res.text, /no data yet/);
  });
});
