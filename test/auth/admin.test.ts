import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { openTestDb, withQuietConsoleError } from '../helpers.ts';
import { getPair } from '../../db/pairs.ts';
import { errorHandler } from '../../server/middleware/error-handler.ts';
import { appFor, asJson, localAgentOn, loginThroughForm, seededApp, seededAppWithPair, seedPair, sessionFor } from './helpers.ts';

describe('/admin/users', () => {
  it('an admin adds a user who can then log in with that role', async () => {
    const { db, ids, app } = await seededApp();
    const admin = sessionFor(db, ids.admin);
    const added = await asJson(request(app).post('/admin/users'), admin).send({ name: 'mina', role: 'reviewer', password: 'mina password' }).expect(201);
    assert.equal(added.body.role, 'reviewer');
    const { res } = await loginThroughForm(app, 'mina', 'mina password');
    assert.equal(res.status, 303);
    const list = await asJson(request(app).get('/admin/users'), admin).expect(200);
    assert.deepEqual(list.body.map((u: { name: string }) => u.name), ['ada', 'mina', 'reo', 'rin']);
    assert.ok(!JSON.stringify(list.body).includes('scrypt'), 'no hashes in the list');
  });

  it('refuses bad names, roles, short passwords and duplicates (case-insensitive)', async () => {
    const { db, ids, app } = await seededApp();
    const admin = sessionFor(db, ids.admin);
    for (const [body, status, code] of [
      [{ name: '<x>', role: 'reader', password: 'long enough' }, 422, 'bad_user'],
      [{ name: 'ok', role: 'owner', password: 'long enough' }, 422, 'bad_user'],
      [{ name: 'ok', role: 'reader', password: 'short' }, 422, 'bad_user'],
      [{ name: 'ADA', role: 'reader', password: 'long enough' }, 409, 'duplicate_user'],
    ] as const) {
      const res = await asJson(request(app).post('/admin/users'), admin).send(body).expect(status);
      assert.equal(res.body.error.code, code);
    }
  });

  it('changes a role, and never demotes or removes the last admin', async () => {
    const { db, ids, app } = await seededApp();
    const admin = sessionFor(db, ids.admin);
    await asJson(request(app).post(`/admin/users/${ids.reader}/role`), admin).send({ role: 'reviewer' }).expect(200);
    const reader = sessionFor(db, ids.reader);
    await asJson(request(app).get('/pairs/new'), reader).expect(200);
    const demote = await asJson(request(app).post(`/admin/users/${ids.admin}/role`), admin).send({ role: 'reader' }).expect(409);
    assert.equal(demote.body.error.code, 'last_admin');
    await asJson(request(app).post(`/admin/users/${ids.admin}/remove`), admin).expect(409);
    await asJson(request(app).post('/admin/users/999/remove'), admin).expect(404);
  });

  it('in local mode the first account must be an admin, and creating it ends local mode', async () => {
    const { agent, page, csrf } = await localAgentOn('/admin/users');
    assert.equal(page.status, 200);
    const reader = await agent.post('/admin/users').type('form').send({ _csrf: csrf, name: 'reo', role: 'reader', password: 'long enough' }).expect(422);
    assert.match(reader.text, /The first account must be an admin/);
    await agent.post('/admin/users').type('form').send({ _csrf: csrf, name: 'ada', role: 'admin', password: 'long enough' })
      .expect(303).expect('Location', '/login?next=%2Fadmin%2Fusers');
    await agent.get('/admin/users').set('Accept', 'application/json').expect(401);
  });

  it('renders the users page with forms that carry the CSRF token', async () => {
    const { db, ids, app } = await seededApp();
    const admin = sessionFor(db, ids.admin);
    const page = await request(app).get('/admin/users').set('Cookie', admin.cookie).expect(200);
    const forms = page.text.match(/<form method="post"/g) ?? [];
    const tokens = page.text.match(new RegExp(`name="_csrf" value="${admin.csrf}"`, 'g')) ?? [];
    assert.ok(forms.length >= 10);
    assert.equal(tokens.length, forms.length, 'every form has the session token');
  });
});

describe('deleting pairs (admin only)', () => {
  it('DELETE /api/pairs/:id removes the pair and logs who did it', async () => {
    const { db, ids, pairId, app } = await seededAppWithPair();
    await asJson(request(app).delete(`/api/pairs/${pairId}`), sessionFor(db, ids.reviewer)).expect(403);
    await asJson(request(app).delete(`/api/pairs/${pairId}`), sessionFor(db, ids.admin)).expect(204);
    assert.equal(getPair(db, pairId), null);
    const log = db.prepare<[], { user_name: string; action: string; detail: string }>("SELECT user_name, action, detail FROM change_log WHERE action = 'delete_pair'").get()!;
    assert.equal(log.user_name, 'ada');
    assert.equal(JSON.parse(log.detail).pairId, pairId);
    await asJson(request(app).delete(`/api/pairs/${pairId}`), sessionFor(db, ids.admin)).expect(404);
  });

  it('the form needs the confirmation box ticked', async () => {
    const { db, ids, pairId, app } = await seededAppWithPair();
    const admin = sessionFor(db, ids.admin);
    await request(app).post(`/pairs/${pairId}/delete`).set('Cookie', admin.cookie).type('form').send({ _csrf: admin.csrf }).expect(422);
    assert.ok(getPair(db, pairId));
  });

  it('the pair page shows the delete form to admins only', async (t) => {
    const { db, ids, pairId, app } = await seededAppWithPair();
    const show = await request(app).get(`/pairs/${pairId}`).set('Cookie', sessionFor(db, ids.admin).cookie).expect(200);
    if (!show.text.includes('danger-zone')) return t.todo('pairs/show.ejs does not include admin/delete-pair yet');
    assert.match(show.text, new RegExp(`action="/pairs/${pairId}/delete"`));
    const asReviewer = await request(app).get(`/pairs/${pairId}`).set('Cookie', sessionFor(db, ids.reviewer).cookie).expect(200);
    assert.doesNotMatch(asReviewer.text, /danger-zone/);
  });
});

describe('errors never leak stacks or SQL', () => {
  const leaks = /SELECT|no such table|SqliteError|\bat [\w.<>]+ \(|\.ts:\d+/;

  it('a route that throws a SQLite error answers a plain 500 in JSON and HTML', async () => {
    const db = openTestDb();
    const app = express();
    app.get('/boom', () => { db.prepare('SELECT secret FROM no_such_table').get(); });
    app.set('views', new URL('../../views/', import.meta.url).pathname);
    app.set('view engine', 'ejs');
    app.use(errorHandler);
    await withQuietConsoleError(async () => {
      const json = await request(app).get('/boom').set('Accept', 'application/json').expect(500);
      assert.deepEqual(Object.keys(json.body), ['error']);
      assert.equal(json.body.error.code, 'internal');
      assert.doesNotMatch(json.text, leaks);
      const html = await request(app).get('/boom').expect(500);
      assert.doesNotMatch(html.text, leaks);
    });
  });

  it('the real app answers a broken database with a plain 500', async () => {
    const db = openTestDb();
    seedPair(db);
    db.exec('ALTER TABLE links RENAME TO links_gone');
    const app = appFor(db);
    await withQuietConsoleError(async () => {
      const res = await request(app).get('/pairs/1').set('Accept', 'application/json').expect(500);
      assert.deepEqual(res.body, { error: { code: 'internal', message: res.body.error.message } });
      assert.doesNotMatch(res.text, leaks);
      assert.doesNotMatch(res.text, /links/);
    });
  });

  it('a body over the limit is 413 with a JSON error', async () => {
    const db = openTestDb();
    const app = appFor(db);
    const big = JSON.stringify({ en: { text: 'x'.repeat(7 * 1024 * 1024) } });
    const res = await request(app).post('/api/pairs').set('Content-Type', 'application/json').send(big).expect(413);
    assert.equal(res.body.error.code, 'too_large');
  });

  it('sends the security headers: a CSP without inline script or style, no framing', async () => {
    const db = openTestDb();
    const res = await request(appFor(db)).get('/login');
    const csp = res.headers['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-powered-by'], undefined);
    assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
    assert.equal(res.headers['cache-control'], 'no-store');
    const https = await request(appFor(db, '127.0.0.1', { JJAK_TRUST_PROXY: 'loopback' })).get('/login').set('X-Forwarded-Proto', 'https');
    assert.match(https.headers['strict-transport-security'] ?? '', /max-age=\d+/);
  });
});

describe('upload limits', () => {
  it('a file over the article limit is 413 and an extra file field is 400, both JSON errors', async () => {
    const { agent, csrf } = await localAgentOn('/account');
    const big = await agent.post('/pairs').set('Accept', 'application/json').set('X-CSRF-Token', csrf)
      .attach('enFile', Buffer.alloc(2 * 1024 * 1024 + 1, 65), 'en.txt').expect(413);
    assert.equal(big.body.error.code, 'too_large');
    const extra = await agent.post('/pairs').set('Accept', 'application/json').set('X-CSRF-Token', csrf)
      .attach('other', Buffer.from('x'), 'x.txt').expect(400);
    assert.equal(extra.body.error.code, 'bad_upload');
  });
});
