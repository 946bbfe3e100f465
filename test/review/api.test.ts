import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { getPair, insertPair, saveAlignment } from '../../db/pairs.ts';
import { insertApiToken } from '../../db/tokens.ts';
import { insertUser } from '../../db/users.ts';
import { hashToken, newApiToken } from '../../server/auth/tokens.ts';
import { doc, openTestDb } from '../helpers.ts';
import { fiveRowPairDb, insertFiveRowPair } from './fixtures.ts';
import { fiveRowPairApp } from './api-helpers.ts';

type Link = { en: number[]; ko: number[]; status: string; confidence: number | null; evidence: unknown[]; sentences: Link[] };
type Api = { id: number; version: number; status: string; en: { paragraphs: { text: string; sentences: string[] }[] }; ko: { paragraphs: { text: string }[] }; links: Link[] };

const rows = (b: Api) => b.links.map((l) => `${l.en.join(',') || '-'}/${l.ko.join(',') || '-'}`).join(' ');

function setup() {
  const { db, id, app, get } = fiveRowPairApp<Api>();
  /** Posts an operation with the current version; returns the response. */
  const op = async (body: Record<string, unknown>, status = 200) => {
    const version = (await get()).version;
    const res = await request(app).post(`/api/pairs/${id}/ops`).send({ version, ...body });
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res;
  };
  return { db, id, app, get, op };
}

test('GET /api/pairs/:id answers id, version, both sides and nested links in reading order', async () => {
  const { get } = setup();
  const b = await get();
  assert.deepEqual(Object.keys(b).filter((k) => ['id', 'version', 'en', 'ko', 'links'].includes(k)).sort(), ['en', 'id', 'ko', 'links', 'version']);
  assert.equal(b.links.length, 5);
  assert.deepEqual(b.links[1], {
    en: [1], ko: [1], status: 'auto', confidence: b.links[1]!.confidence, evidence: [], confirmedBy: null, confirmedAt: null,
    sentences: [
      { en: [1], ko: [1], status: 'auto', confidence: 0.95, evidence: [], confirmedBy: null, confirmedAt: null },
      { en: [2], ko: [2], status: 'auto', confidence: 0.95, evidence: [], confirmedBy: null, confirmedAt: null },
    ],
  });
  assert.equal(b.en.paragraphs[1]!.sentences.length, 2);
});

test('merge answers the new state with a bumped version', async () => {
  const { op, get } = setup();
  const before = await get();
  const res = await op({ op: 'merge', link: 1 });
  assert.equal(rows(res.body as Api), '0/0 1,2/1,2 3/3 4/4');
  assert.equal(res.body.version, before.version + 1);
  assert.deepEqual(await get().then((b) => rows(b)), '0/0 1,2/1,2 3/3 4/4');
});

test('merging the last row is refused with 422 and changes nothing', async () => {
  const { op, get } = setup();
  const before = await get();
  const res = await op({ op: 'merge', link: 4 }, 422);
  assert.equal(res.body.error.code, 'no_next');
  assert.match(res.body.error.message, /last/);
  assert.deepEqual(await get(), before);
});

test('split takes split points per side; splitting a one-paragraph row is refused', async () => {
  const { op } = setup();
  await op({ op: 'merge', link: 1 });
  const res = await op({ op: 'split', link: 1, en: 1, ko: 1 });
  assert.equal(rows(res.body as Api), '0/0 1/1 2/2 3/3 4/4');
  await op({ op: 'split', link: 1 });
  const refused = await op({ op: 'split', link: 1 }, 422);
  assert.equal(refused.body.error.code, 'cannot_split');
  assert.equal((await op({ op: 'split', link: 0, en: 3, ko: 0 }, 422)).body.error.code, 'bad_split');
});

test('move up and down; moving a confirmed paragraph is refused', async () => {
  const { op } = setup();
  let res = await op({ op: 'move', link: 2, side: 'en', dir: 'up' });
  assert.equal(rows(res.body as Api), '0/0 1,2/1 -/2 3/3 4/4');
  res = await op({ op: 'move', link: 1, side: 'en', dir: 'down' });
  assert.equal(rows(res.body as Api), '0/0 1/1 2/2 3/3 4/4');
  await op({ op: 'confirm', link: 3 });
  const refused = await op({ op: 'move', link: 3, side: 'ko', dir: 'up' }, 422);
  assert.equal(refused.body.error.code, 'confirmed');
  assert.match(refused.body.error.message, /confirmed/);
  assert.equal((await op({ op: 'move', link: 0, side: 'en', dir: 'up' }, 422)).body.error.code, 'no_previous');
});

test('no-counterpart makes a paragraph one-sided', async () => {
  const { op } = setup();
  const res = await op({ op: 'no-counterpart', link: 4, side: 'ko' });
  assert.equal(rows(res.body as Api), '0/0 1/1 2/2 3/3 4/- -/4');
  assert.equal((await op({ op: 'no-counterpart', link: 5, side: 'ko' }, 422)).body.error.code, 'already_one_sided');
});

test('confirm sets in_review, confirming every row sets reviewed, unconfirm goes back', async () => {
  const { op, get } = setup();
  let res = await op({ op: 'confirm', link: 2 });
  assert.equal(res.body.status, 'in_review');
  assert.equal(res.body.links[2].status, 'confirmed');
  assert.equal(res.body.links[2].confirmedBy, 'local');
  res = await op({ op: 'confirm-up-to', link: 4 });
  assert.equal(res.body.status, 'reviewed');
  assert.ok(res.body.links.every((l: Link) => l.status === 'confirmed'));
  res = await op({ op: 'unconfirm', link: 0 });
  assert.equal(res.body.status, 'in_review');
  assert.equal((await op({ op: 'confirm', link: 1 }, 422)).body.error.code, 'already_confirmed');
  assert.equal((await get()).links[0]!.status, 'auto');
});

test('realign-rest realigns after the last confirmed row and keeps the confirmed rows', async () => {
  const { op } = setup();
  await op({ op: 'merge', link: 3 });
  await op({ op: 'confirm', link: 1 });
  const res = await op({ op: 'realign-rest' });
  const b = res.body as Api;
  assert.deepEqual(b.links.slice(0, 2).map((l) => [l.en, l.ko, l.status]), [[[0], [0], 'auto'], [[1], [1], 'confirmed']]);
  assert.deepEqual(b.links.flatMap((l) => l.en), [0, 1, 2, 3, 4]);
  assert.deepEqual(b.links.flatMap((l) => l.ko), [0, 1, 2, 3, 4]);
});

test('edit-text, split-paragraph and join-paragraphs change the text and re-segment it', async () => {
  const { op, get } = setup();
  let res = await op({ op: 'edit-text', side: 'en', paragraph: 2, text: 'Children may borrow five books. They keep them for two weeks.' });
  assert.deepEqual(res.body.en.paragraphs[2].sentences, ['Children may borrow five books.', 'They keep them for two weeks.']);
  assert.deepEqual(res.body.links[2].sentences.map((s: Link) => [s.en, s.ko]), [[[3, 4], [3]]]);
  const text = (await get()).en.paragraphs[2]!.text;
  res = await op({ op: 'split-paragraph', side: 'en', paragraph: 2, at: text.indexOf('They') });
  assert.equal(res.body.en.paragraphs.length, 6);
  assert.deepEqual(res.body.links[2].en, [2, 3]);
  res = await op({ op: 'join-paragraphs', side: 'en', paragraph: 2 });
  assert.equal(res.body.en.paragraphs[2].text, text);
  assert.equal((await op({ op: 'edit-text', side: 'ko', paragraph: 1, text: ' ' }, 422)).body.error.code, 'empty_text');
  assert.equal((await op({ op: 'join-paragraphs', side: 'ko', paragraph: 1 }, 422)).body.error.code, 'different_rows');
});

test('sentence-level operations work inside one row', async () => {
  const { op } = setup();
  let res = await op({ op: 'merge', link: 1, sentence: 0 });
  assert.deepEqual(res.body.links[1].sentences.map((s: Link) => [s.en, s.ko]), [[[1, 2], [1, 2]]]);
  res = await op({ op: 'split', link: 1, sentence: 0, en: 1, ko: 1 });
  assert.equal(res.body.links[1].sentences.length, 2);
  res = await op({ op: 'move', link: 1, sentence: 0, side: 'ko', dir: 'down' });
  assert.deepEqual(res.body.links[1].sentences.map((s: Link) => [s.en, s.ko]), [[[1], []], [[2], [1, 2]]]);
  res = await op({ op: 'no-counterpart', link: 1, sentence: 1, side: 'ko', index: 2 });
  assert.equal(res.body.links[1].sentences.length, 3);
  res = await op({ op: 'confirm', link: 1, sentence: 0 });
  assert.equal(res.body.links[1].sentences[0].status, 'confirmed');
  assert.equal(res.body.links[1].status, 'auto');
  assert.equal((await op({ op: 'merge', link: 1, sentence: 2 }, 422)).body.error.code, 'no_next');
});

test('undo and redo restore the states before and after, and survive a fresh app (a reload)', async () => {
  const { db, id, op, get } = setup();
  const original = await get();
  await op({ op: 'merge', link: 0 });
  await op({ op: 'edit-text', side: 'ko', paragraph: 4, text: '한지우 군수는 배를 더 띄우겠다고 밝혔다.' });
  let res = await op({ op: 'undo' });
  assert.equal(res.body.ko.paragraphs[4].text, original.ko.paragraphs[4]!.text);
  res = await op({ op: 'undo' });
  assert.deepEqual(res.body.links, original.links);
  assert.equal((await op({ op: 'undo' }, 422)).body.error.code, 'nothing_to_undo');
  // a new app on the same database: the history is on the server
  const again = createApp({ db });
  const version = (await request(again).get(`/api/pairs/${id}`)).body.version;
  res = await request(again).post(`/api/pairs/${id}/ops`).send({ op: 'redo', version }).expect(200);
  assert.equal(rows(res.body as Api), '0,1/0,1 2/2 3/3 4/4');
  res = await op({ op: 'redo' });
  assert.equal(res.body.ko.paragraphs[4].text, '한지우 군수는 배를 더 띄우겠다고 밝혔다.');
  assert.equal((await op({ op: 'redo' }, 422)).body.error.code, 'nothing_to_redo');
});

test('a new operation after an undo drops the redo branch', async () => {
  const { op } = setup();
  await op({ op: 'merge', link: 0 });
  await op({ op: 'undo' });
  await op({ op: 'confirm', link: 0 });
  assert.equal((await op({ op: 'redo' }, 422)).body.error.code, 'nothing_to_redo');
});

test('a stale version is refused with 409, says what changed, and changes nothing', async () => {
  const { app, id, op, get } = setup();
  const seen = await get();
  await op({ op: 'merge', link: 2 });
  const now = await get();
  const res = await request(app).post(`/api/pairs/${id}/ops`).send({ op: 'confirm', link: 0, version: seen.version }).expect(409);
  assert.equal(res.body.error.code, 'stale_version');
  assert.equal(res.body.error.currentVersion, now.version);
  assert.match(res.body.error.changes[0].summary, /merged rows 3 and 4/);
  assert.deepEqual(await get(), now);
});

test('malformed requests get 400: unknown op, missing version, bad argument; 415 for a form post; 404 for no pair', async () => {
  const { app, id, get } = setup();
  const { version } = await get();
  const post = (body: unknown) => request(app).post(`/api/pairs/${id}/ops`).send(body as object);
  assert.equal((await post({ op: 'explode', version }).expect(400)).body.error.code, 'unknown_op');
  assert.equal((await post({ op: 'merge', link: 0 }).expect(400)).body.error.code, 'missing_version');
  assert.equal((await post({ op: 'merge', link: 'first', version }).expect(400)).body.error.code, 'bad_argument');
  assert.equal((await post({ op: 'move', link: 1, side: 'fr', dir: 'up', version }).expect(400)).body.error.code, 'bad_argument');
  assert.equal((await post({ op: 'confirm', link: 99, version }).expect(422)).body.error.code, 'no_such_link');
  // the API takes JSON only (a form-encoded post is refused: 415, or 403 by the CSRF check first)
  const form = await request(app).post(`/api/pairs/${id}/ops`).type('form').send({ op: 'merge', link: '0', version: String(version) });
  assert.ok(form.status === 415 || form.status === 403, `got ${form.status}`);
  await request(app).post('/api/pairs/999/ops').send({ op: 'merge', link: 0, version: 1 }).expect(404);
  assert.equal((await get()).version, version);
});

test('a reader may look but not change: 403 on operations', async () => {
  const { db, id } = fiveRowPairDb();
  const hash = { hash: 'x', salt: 'y' };
  insertUser(db, { name: 'boss', role: 'admin', password: hash });
  const readerId = insertUser(db, { name: 'rita', role: 'reader', password: hash });
  const token = newApiToken();
  insertApiToken(db, readerId, 'test', hashToken(token));
  const app = createApp({ db });
  const auth = { Authorization: `Bearer ${token}` };
  const { version } = (await request(app).get(`/api/pairs/${id}`).set(auth).expect(200)).body as Api;
  await request(app).post(`/api/pairs/${id}/ops`).set(auth).send({ op: 'confirm', link: 0, version }).expect(403);
});

test('the page shows rows with lang attributes, named buttons, escaped evidence marks and a one-sided marker', async () => {
  const db = openTestDb();
  const id = insertPair(db,
    doc('en', [['body', 'Price <b>rose</b> to 3,000 won.'], ['body', 'Extra English line.']]),
    doc('ko', [['body', '가격이 <b>올라</b> 3000원이 됐다.']]));
  saveAlignment(db, id, {
    paragraphs: [
      { en: [0, 1], ko: [0, 1], confidence: 0.42, evidence: [{ type: 'number', en: '3,000', ko: '3000' }, { type: 'latin', en: '<b>', ko: '<b>' }] },
      { en: [1, 2], ko: [1, 1], confidence: 0.9 },
    ],
    sentences: [{ en: [0, 1], ko: [0, 1] }, { en: [1, 2], ko: [1, 1] }],
  });
  const html = (await request(createApp({ db })).get(`/pairs/${id}`).expect(200)).text;
  assert.match(html, /<div class="cell cell-en" lang="en">/);
  assert.match(html, /<div class="cell cell-ko" lang="ko">/);
  for (const name of ['Merge with next', 'Move up', 'Move down', 'No counterpart', 'Confirm', 'Confirm up to here', 'Realign rest', 'Undo', 'Redo']) {
    assert.ok(html.includes(`>${name}</button>`), `button "${name}"`);
  }
  assert.ok(html.includes('<mark class="ev ev-number">3,000</mark>'));
  assert.ok(html.includes('<mark class="ev ev-latin">&lt;b&gt;</mark>rose'), 'evidence text is escaped inside its mark');
  assert.ok(!html.includes('<b>rose'), 'paragraph text is never injected as HTML');
  assert.match(html, /No Korean counterpart/);
  assert.match(html, /class="conf conf-low"[^>]*>0\.42</);
});

test('form posts without JavaScript: 303 back to the row; errors re-render the page with the message', async () => {
  const { app, id, get } = setup();
  const agent = request.agent(app);
  const page = await agent.get(`/pairs/${id}`).expect(200);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  const { version } = await get();
  const ok = await agent.post(`/pairs/${id}/ops`).type('form')
    .send({ _csrf: token, version: String(version), link: '2', do: 'move side=ko dir=up' }).expect(303);
  assert.equal(ok.headers['location'], `/pairs/${id}#row-2`);
  assert.equal(rows(await get()), '0/0 1/1,2 2/- 3/3 4/4');
  const bad = await agent.post(`/pairs/${id}/ops`).type('form')
    .send({ _csrf: token, version: String(version + 1), link: '4', do: 'merge' }).expect(422);
  assert.match(bad.text, /is the last one; there is nothing to merge it with/);
  const stale = await agent.post(`/pairs/${id}/ops`).type('form')
    .send({ _csrf: token, version: String(version), link: '0', do: 'confirm' }).expect(409);
  assert.match(stale.text, /changed since you loaded it/);
  await agent.post(`/pairs/${id}/ops`).type('form').send({ version: String(version + 1), link: '0', do: 'confirm' }).expect(403);
});

test('the history page lists operations with who and what; the JSON twin too', async () => {
  const { app, id, op } = setup();
  await op({ op: 'merge', link: 0 });
  await op({ op: 'undo' });
  const json = (await request(app).get(`/pairs/${id}/history`).set('Accept', 'application/json').expect(200)).body;
  assert.equal(json.operations.length, 1);
  assert.equal(json.operations[0].user, 'local');
  assert.equal(json.operations[0].undone, true);
  assert.deepEqual(json.changes.map((c: { action: string }) => c.action).slice(0, 2), ['review.undo', 'review.merge']);
  const html = (await request(app).get(`/pairs/${id}/history`).expect(200)).text;
  assert.match(html, /merged rows 1 and 2/);
});

test('the review queue puts unfinished, least confident pairs first and /review/next skips the current one', async () => {
  const db = openTestDb();
  const a = insertFiveRowPair(db, ' A');
  const b = insertFiveRowPair(db, ' B');
  const app = createApp({ db });
  // pair b gets a weaker row; pair a gets fully reviewed
  db.prepare("UPDATE links SET confidence = 0.1 WHERE pair_id = ? AND level = 'paragraph' AND position = 2").run(b);
  const va = getPair(db, a)!.version;
  await request(app).post(`/api/pairs/${a}/ops`).send({ op: 'confirm-up-to', link: 4, version: va }).expect(200);
  const q = (await request(app).get('/review').set('Accept', 'application/json').expect(200)).body;
  assert.deepEqual(q.pairs.map((p: { id: number }) => p.id), [b, a]);
  assert.equal(q.totals.confirmedLinks, 5);
  assert.equal(q.totals.links, 10);
  assert.equal(q.totals.reviewedPairs, 1);
  assert.equal((await request(app).get(`/review/next?after=${b}`).set('Accept', 'application/json')).body.next, null);
  const go = await request(app).get(`/review/next?after=${a}`).expect(303);
  assert.equal(go.headers['location'], `/pairs/${b}`);
  assert.match((await request(app).get('/review').expect(200)).text, /5<\/b> \/ 10 rows confirmed overall/);
});

test('GET /pairs/:id still answers 404 for unknown pairs and keeps the duplicate notice', async () => {
  const { app, id } = setup();
  await request(app).get('/pairs/999').expect(404);
  assert.match((await request(app).get(`/pairs/${id}?duplicate=1`).expect(200)).text, /already stored/);
});

test('a pair that is not aligned yet shows its paragraphs with a notice and refuses row operations clearly', async () => {
  const db = openTestDb();
  const id = insertPair(db, doc('en', [['body', 'One line.']]), doc('ko', [['body', '한 줄.']]));
  const app = createApp({ db });
  const page = (await request(app).get(`/pairs/${id}`).expect(200)).text;
  assert.match(page, /not aligned yet/);
  assert.match(page, /<p class="text">한 줄\.<\/p>/);
  const { version } = (await request(app).get(`/api/pairs/${id}`).expect(200)).body as Api;
  const res = await request(app).post(`/api/pairs/${id}/ops`).send({ op: 'merge', link: 0, version }).expect(422);
  assert.match(res.body.error.message, /not aligned yet/);
});

test('?fragment=1 (the page\'s own calls) answers the changed rows as HTML and where they go', async () => {
  const { app, id, get } = setup();
  const { version } = await get();
  const res = await request(app).post(`/api/pairs/${id}/ops?fragment=1`).send({ op: 'confirm', link: 3, version }).expect(200);
  assert.equal(res.body.version, version + 1);
  const { patch, rows: html, summary } = res.body.fragment as { patch: { start: number; removed: number; inserted: number }; rows: string[]; summary: string };
  // the confirmed row, widened by one row each side so first/last markers stay right
  assert.deepEqual(patch, { start: 2, removed: 3, inserted: 3 });
  assert.equal(html.length, 3);
  assert.match(html[1]!, /id="row-3"[^>]*data-confirmed="1"/);
  assert.match(summary, /<b class="confirmed-count">1<\/b> \/ 5 confirmed/);
});

test('cached rows still carry each visitor\'s own CSRF token and the current version', async () => {
  const { app, id, op } = setup();
  const one = request.agent(app);
  const two = request.agent(app);
  const first = (await one.get(`/pairs/${id}`).expect(200)).text;
  await op({ op: 'confirm', link: 4 });
  const second = (await two.get(`/pairs/${id}`).expect(200)).text;
  const tokens = (html: string) => new Set([...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]));
  const versions = (html: string) => new Set([...html.matchAll(/name="version" value="([^"]+)"/g)].map((m) => m[1]));
  assert.equal(tokens(first).size, 1);
  assert.equal(tokens(second).size, 1);
  assert.notDeepEqual(tokens(first), tokens(second));
  assert.deepEqual(versions(second), new Set([String(Number([...versions(first)][0]) + 1)]));
});
