import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { openTestDb, SHORT_EN, SHORT_KO } from '../helpers.ts';

const appWith = (env: NodeJS.ProcessEnv = {}) => {
  const db = openTestDb();
  return { db, app: createApp({ db, config: loadConfig(env) }) };
};

const pairJson = { en: { text: SHORT_EN, url: 'https://example.org/en/1' }, ko: { text: SHORT_KO, url: 'https://example.org/ko/1' } };

test('POST /api/pairs stores and aligns a pair and answers 201 with its id', async () => {
  const { app } = appWith();
  const res = await request(app).post('/api/pairs').send(pairJson).expect(201);
  assert.equal(typeof res.body.id, 'number');
  const pair = await request(app).get(`/pairs/${res.body.id}`).set('Accept', 'application/json').expect(200);
  assert.ok(pair.body.en.paragraphs.length >= 4);
  assert.ok(pair.body.links.length > 0, 'the new pair is aligned');
});

test('the same pair posted again adds nothing and names the stored pair', async () => {
  const { app } = appWith();
  const first = await request(app).post('/api/pairs').send(pairJson).expect(201);
  const again = await request(app).post('/api/pairs').send(pairJson).expect(200);
  assert.deepEqual([again.body.id, again.body.duplicate], [first.body.id, true]);
  const list = await request(app).get('/').set('Accept', 'application/json').expect(200);
  assert.equal(list.body.length, 1);
});

test('POST /api/pairs errors: 415 not JSON, 400 broken JSON, 422 wrong language, 413 too large', async () => {
  const { app } = appWith({ JJAK_MAX_BODY_BYTES: '20000' });
  const notJson = await request(app).post('/api/pairs').type('text/plain').send('hello').expect(415);
  assert.equal(notJson.body.error.code, 'unsupported_media_type');
  const broken = await request(app).post('/api/pairs').type('application/json').send('{"en": ').expect(400);
  assert.equal(broken.body.error.code, 'bad_json');
  const swapped = await request(app).post('/api/pairs').send({ en: { text: SHORT_KO }, ko: { text: SHORT_EN } }).expect(422);
  assert.equal(swapped.body.error.code, 'wrong_language');
  assert.match(swapped.body.error.message, /English/);
  const huge = await request(app).post('/api/pairs').send({ en: { text: 'x'.repeat(30000) }, ko: { text: SHORT_KO } }).expect(413);
  assert.equal(huge.body.error.code, 'too_large');
  const list = await request(app).get('/').set('Accept', 'application/json').expect(200);
  assert.deepEqual(list.body, [], 'no partial pair was left behind');
});

test('GET / lists pairs newest first, as HTML and as JSON', async () => {
  const { app } = appWith();
  await request(app).post('/api/pairs').send(pairJson).expect(201);
  await request(app).post('/api/pairs').send({ en: { paragraphs: ['Second story about the port.'] }, ko: { paragraphs: ['항구에 관한 두 번째 기사다.'] } }).expect(201);
  const json = await request(app).get('/').set('Accept', 'application/json').expect(200);
  assert.equal(json.body.length, 2);
  assert.ok(json.body[0].id > json.body[1].id);
  assert.equal(json.body[1].enTitle, 'Seoul opens night buses to the airport');
  const html = await request(app).get('/').expect(200);
  assert.match(html.text, /Seoul opens night buses to the airport/);
  assert.match(html.headers['content-security-policy'] ?? '', /script-src 'self'/);
});

test('the new-pair form posts with its CSRF token, redirects to the pair, and keeps input on error', async () => {
  const { app } = appWith();
  const agent = request.agent(app);
  const form = await agent.get('/pairs/new').expect(200);
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
  assert.ok(token);
  const bad = await agent.post('/pairs').set('X-CSRF-Token', token).field('en', SHORT_KO).field('ko', SHORT_KO).field('format', 'auto').expect(422);
  assert.match(bad.text, /English slot/);
  assert.match(bad.text, /공항 심야버스/, 'the pasted text is kept in the form');
  // as a browser submits it: the token in the form's action URL (the body is never read before the check)
  const action = /<form method="post" action="([^"]+)"/.exec(form.text)?.[1] ?? '';
  assert.match(action, /^\/pairs\?_csrf=/);
  const ok = await agent.post(action).field('en', SHORT_EN).field('ko', SHORT_KO).field('format', 'text').expect(303);
  assert.match(ok.headers['location'] ?? '', /^\/pairs\/\d+$/);
  const page = await agent.get(ok.headers['location']!).expect(200);
  assert.match(page.text, /lang="ko"/);
});

test('an upload form post without the CSRF token is refused', async () => {
  const { app } = appWith();
  await request(app).post('/pairs').field('en', SHORT_EN).field('ko', SHORT_KO).expect(403);
  await request(app).post('/pairs').type('form').send({ en: SHORT_EN, ko: SHORT_KO }).expect(403);
});

test('uploaded files are read as strict UTF-8', async () => {
  const { app } = appWith();
  const agent = request.agent(app);
  const form = await agent.get('/pairs/new');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  const res = await agent.post('/pairs').set('Accept', 'application/json').set('X-CSRF-Token', token)
    .attach('enFile', Buffer.from([0x41, 0xff, 0xfe, 0x42]), 'en.txt')
    .attach('koFile', Buffer.from(SHORT_KO), 'ko.txt').expect(422);
  assert.equal(res.body.error.code, 'invalid_utf8');
});

test('unknown pairs and paths answer 404 in the format asked for', async () => {
  const { app } = appWith();
  const json = await request(app).get('/pairs/999').set('Accept', 'application/json').expect(404);
  assert.equal(json.body.error.code, 'not_found');
  await request(app).get('/pairs/abc').expect(404);
  await request(app).get('/nowhere').expect(404);
});
