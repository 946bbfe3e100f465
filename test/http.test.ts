import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { AppError } from '../server/errors.ts';
import { answer, answerError } from '../server/http.ts';
import { errorHandler } from '../server/middleware/error-handler.ts';

/** A page a browser's Accept header asks for (Chromium's, for a navigation). */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

/** A small app over answer(): its own views, so the test reads exactly what was rendered. */
function appWith() {
  const views = mkdtempSync(join(tmpdir(), 'jjak-answer-'));
  writeFileSync(join(views, 'thing.ejs'), '<p>thing <%= name %></p>');
  mkdirSync(join(views, 'errors'));
  writeFileSync(join(views, 'errors', 'error.ejs'), '<p>error <%= status %>: <%= message %></p>');
  const calls = { json: 0, locals: 0 };
  const app = express();
  app.set('views', views);
  app.set('view engine', 'ejs');
  app.use(express.json());
  app.use(express.urlencoded({ extended: false }));
  app.all('/thing', (req, res) => {
    const status = typeof req.query['status'] === 'string' ? Number(req.query['status']) : undefined;
    answer(req, res, {
      ...(status ? { status } : {}),
      json: () => { calls.json++; return { name: 'mina', n: 1 }; },
      page: ['thing', () => { calls.locals++; return { name: 'mina' }; }],
    });
  });
  app.post('/made', (req, res) => answer(req, res, { status: 201, json: () => ({ id: 7 }), redirect: '/thing/7' }));
  app.get('/bytes', (req, res) => answer(req, res, { json: () => Buffer.from('{"pre":"built"}'), page: ['thing', { name: 'bytes' }] }));
  app.post('/refused', (req, res) => {
    answerError(req, res, new AppError(409, 'taken', 'The name <b> is taken.'), ['thing', { name: 'form again' }], { holder: 3 });
  });
  app.post('/thrown', () => { throw new AppError(422, 'bad_thing', 'That thing is bad.'); });
  app.use(errorHandler);
  return { app, calls };
}

describe('answer(): a page or its JSON twin', () => {
  test('Accept decides: JSON when JSON is preferred, the page for browsers, */* and no Accept at all', async () => {
    const { app } = appWith();
    const json = await request(app).get('/thing').set('Accept', 'application/json').expect(200);
    assert.match(String(json.headers['content-type']), /^application\/json/);
    assert.deepEqual(json.body, { name: 'mina', n: 1 });
    const preferred = await request(app).get('/thing').set('Accept', 'application/json, text/html;q=0.5').expect(200);
    assert.deepEqual(preferred.body, { name: 'mina', n: 1 });
    for (const accept of [BROWSER_ACCEPT, '*/*', 'text/html', 'text/html, application/json;q=0.9']) {
      const page = await request(app).get('/thing').set('Accept', accept).expect(200);
      assert.match(String(page.headers['content-type']), /^text\/html/, accept);
      assert.equal(page.text, '<p>thing mina</p>', accept);
    }
    const none = await request(app).get('/thing').unset('Accept').expect(200);
    assert.equal(none.text, '<p>thing mina</p>');
  });

  test('a JSON body gets JSON even without Accept (scripts); a form post gets the page', async () => {
    const { app } = appWith();
    const script = await request(app).post('/thing').unset('Accept').send({ any: 'thing' }).expect(200);
    assert.deepEqual(script.body, { name: 'mina', n: 1 });
    const form = await request(app).post('/thing').set('Accept', BROWSER_ACCEPT).type('form').send({ any: 'thing' }).expect(200);
    assert.equal(form.text, '<p>thing mina</p>');
  });

  test('the status goes with both answers', async () => {
    const { app } = appWith();
    const json = await request(app).get('/thing?status=201').set('Accept', 'application/json').expect(201);
    assert.equal(json.body.name, 'mina');
    const page = await request(app).get('/thing?status=202').expect(202);
    assert.equal(page.text, '<p>thing mina</p>');
  });

  test('only the chosen side is built: no page locals for JSON, no JSON for the page', async () => {
    const { app, calls } = appWith();
    await request(app).get('/thing').set('Accept', 'application/json').expect(200);
    assert.deepEqual(calls, { json: 1, locals: 0 });
    await request(app).get('/thing').expect(200);
    assert.deepEqual(calls, { json: 1, locals: 1 });
  });

  test('a redirect is 303 for the page whatever the JSON status; JSON keeps its status and body', async () => {
    const { app } = appWith();
    const page = await request(app).post('/made').type('form').send({}).expect(303);
    assert.equal(page.headers['location'], '/thing/7');
    const json = await request(app).post('/made').send({}).expect(201);
    assert.deepEqual(json.body, { id: 7 });
    assert.equal(json.headers['location'], undefined);
  });

  test('prebuilt JSON bytes are sent as they are, typed as JSON', async () => {
    const { app } = appWith();
    const res = await request(app).get('/bytes').set('Accept', 'application/json').expect(200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(res.text, '{"pre":"built"}');
  });
});

describe('answerError() and the error handler: an error as page or JSON', () => {
  test('JSON: the status, code, message and extra fields', async () => {
    const { app } = appWith();
    const res = await request(app).post('/refused').send({}).expect(409);
    assert.deepEqual(res.body, { error: { code: 'taken', message: 'The name <b> is taken.', holder: 3 } });
  });

  test('page: the form page again with the same status', async () => {
    const { app } = appWith();
    const res = await request(app).post('/refused').type('form').send({}).expect(409);
    assert.equal(res.text, '<p>thing form again</p>');
  });

  test('a thrown AppError answers JSON to a JSON body without Accept, the escaped error page to a form', async () => {
    const { app } = appWith();
    const json = await request(app).post('/thrown').unset('Accept').send({ x: 1 }).expect(422);
    assert.deepEqual(json.body, { error: { code: 'bad_thing', message: 'That thing is bad.' } });
    const page = await request(app).post('/thrown').set('Accept', BROWSER_ACCEPT).type('form').send({ x: '1' }).expect(422);
    assert.equal(page.text, '<p>error 422: That thing is bad.</p>');
  });
});
