import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { openTestDb } from '../helpers.ts';
import { appFor, asJson, formCsrf, homeWithCookie, loginThroughForm, PASSWORD, seededApp, seededAppWithPair, seedUsers, sessionFor } from './helpers.ts';

const cookieOf = (res: request.Response, name: string): string | undefined =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`));

describe('login, sessions and logout', () => {
  it('logs in through the form with an HttpOnly, SameSite session cookie and stores only its hash', async () => {
    const { db, app } = await seededApp();
    const { agent, res } = await loginThroughForm(app, 'rin');
    assert.equal(res.status, 303);
    assert.equal(res.headers['location'], '/');
    const cookie = cookieOf(res, 'jjak_session') ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/, 'plain HTTP: no Secure flag');
    const token = /^jjak_session=([^;]+)/.exec(cookie)![1]!;
    const row = db.prepare<[], { id: string }>('SELECT id FROM sessions').get()!;
    assert.notEqual(row.id, token);
    assert.match(row.id, /^[0-9a-f]{64}$/);
    const me = await agent.get('/login').set('Accept', 'application/json').expect(200);
    assert.deepEqual(me.body, { user: { name: 'rin', role: 'reviewer' }, localMode: false });
  });

  it('marks the cookies Secure when served over HTTPS behind a loopback proxy', async () => {
    const { app } = await seededApp('127.0.0.1', { JJAK_TRUST_PROXY: 'loopback' });
    const page = await request(app).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
    const csrfCookie = cookieOf(page, 'jjak_csrf') ?? '';
    assert.match(csrfCookie, /; Secure/);
    const csrf = formCsrf(page.text);
    const res = await request(app).post('/login').set('X-Forwarded-Proto', 'https').set('Cookie', csrfCookie.split(';')[0]!)
      .type('form').send({ _csrf: csrf, name: 'ada', password: PASSWORD }).expect(303);
    assert.match(cookieOf(res, 'jjak_session') ?? '', /; Secure/);
  });

  it('refuses a wrong password or an unknown name with the same message', async () => {
    const { app } = await seededApp();
    const wrong = await request(app).post('/login').send({ name: 'ada', password: 'not the password' }).expect(401);
    const unknown = await request(app).post('/login').send({ name: 'nobody', password: 'not the password' }).expect(401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.body.error.code, 'invalid_credentials');
    assert.equal(cookieOf(wrong, 'jjak_session'), undefined);
  });

  it('redirects after login only to a same-site path', async () => {
    const { app } = await seededApp();
    const agent = request.agent(app);
    const page = await agent.get('/login?next=%2F%2Fevil.example%2F');
    assert.match(page.text, /name="next" value="\/"/);
    const csrf = formCsrf(page.text);
    await agent.post('/login').type('form').send({ _csrf: csrf, name: 'ada', password: PASSWORD, next: '//evil.example/' })
      .expect(303).expect('Location', '/');
  });

  it('logout ends the session: the old cookie no longer works', async () => {
    const { db, ids, app } = await seededApp();
    const { cookie, csrf } = sessionFor(db, ids.reviewer);
    await homeWithCookie(app, cookie).expect(200);
    const out = await request(app).post('/logout').set('Cookie', cookie).type('form').send({ _csrf: csrf }).expect(303);
    assert.equal(out.headers['location'], '/login');
    assert.match(cookieOf(out, 'jjak_session') ?? '', /Expires=Thu, 01 Jan 1970/);
    assert.equal(db.prepare('SELECT count(*) AS n FROM sessions').get()!['n' as never], 0);
    await homeWithCookie(app, cookie).expect(401);
  });

  it('logout without the CSRF token is refused and the session lives on', async () => {
    const { db, ids, app } = await seededApp();
    const { cookie } = sessionFor(db, ids.reader);
    const res = await request(app).post('/logout').set('Cookie', cookie).type('form').send({}).expect(403);
    assert.match(res.text, /expired or did not come from this site/);
    await homeWithCookie(app, cookie).expect(200);
  });

  it('an expired session is refused and its cookie cleared', async () => {
    const { db, ids, app } = await seededApp();
    const { cookie } = sessionFor(db, ids.reader);
    await homeWithCookie(app, cookie).expect(200);
    db.prepare('UPDATE sessions SET expires_at = ?').run(new Date(Date.now() - 1000).toISOString());
    const res = await homeWithCookie(app, cookie).expect(401);
    assert.match(cookieOf(res, 'jjak_session') ?? '', /Expires=Thu, 01 Jan 1970/);
    await request(app).get('/').set('Cookie', cookie).expect(303).expect('Location', '/login?next=%2F');
  });

  it('a session gives a 12-hour login, and the next login clears expired sessions', async () => {
    const db = openTestDb();
    const ids = await seedUsers(db);
    sessionFor(db, ids.reader);
    db.prepare('UPDATE sessions SET expires_at = ?').run('2000-01-01T00:00:00.000Z');
    const app = appFor(db, '0.0.0.0');
    await loginThroughForm(app, 'reo');
    const rows = db.prepare<[], { expires_at: string; created_at: string }>('SELECT expires_at, created_at FROM sessions').all();
    assert.equal(rows.length, 1);
    assert.equal(Date.parse(rows[0]!.expires_at) - Date.parse(rows[0]!.created_at), 12 * 3600 * 1000);
  });

  it('removing a user or resetting their password ends their sessions', async () => {
    const { db, ids, app } = await seededApp();
    const admin = sessionFor(db, ids.admin);
    const reader = sessionFor(db, ids.reader);
    const reviewer = sessionFor(db, ids.reviewer);
    await asJson(request(app).post(`/admin/users/${ids.reader}/password`), admin).send({ password: 'a brand new one' }).expect(200);
    await homeWithCookie(app, reader.cookie).expect(401);
    await asJson(request(app).post(`/admin/users/${ids.reviewer}/remove`), admin).expect(200);
    await homeWithCookie(app, reviewer.cookie).expect(401);
  });

  it('a disabled account cannot log in and its sessions stop working', async () => {
    const { db, ids, app } = await seededApp();
    const { cookie } = sessionFor(db, ids.reader);
    db.prepare('UPDATE users SET disabled = 1 WHERE id = ?').run(ids.reader);
    await homeWithCookie(app, cookie).expect(401);
    await request(app).post('/login').send({ name: 'reo', password: PASSWORD }).expect(401);
  });
});

describe('CSRF', () => {
  it('refuses a form post without the token (403) and accepts it with the token', async () => {
    const { db, ids, pairId, app } = await seededAppWithPair();
    const { cookie, csrf } = sessionFor(db, ids.admin);
    const refused = await request(app).post(`/pairs/${pairId}/delete`).set('Cookie', cookie).type('form').send({ confirm: 'yes' }).expect(403);
    assert.match(refused.text, /did not come from this site/);
    await request(app).post(`/pairs/${pairId}/delete`).set('Cookie', cookie).type('form').send({ confirm: 'yes', _csrf: 'x'.repeat(43) }).expect(403);
    assert.equal(db.prepare('SELECT count(*) AS n FROM pairs').get()!['n' as never], 1);
    await request(app).post(`/pairs/${pairId}/delete`).set('Cookie', cookie).type('form').send({ confirm: 'yes', _csrf: csrf })
      .expect(303).expect('Location', '/');
    assert.equal(db.prepare('SELECT count(*) AS n FROM pairs').get()!['n' as never], 0);
  });

  it("refuses another session's token", async () => {
    const { db, ids, app } = await seededApp();
    const mine = sessionFor(db, ids.admin);
    const theirs = sessionFor(db, ids.reader);
    await request(app).post('/account/tokens').set('Cookie', mine.cookie).type('form').send({ name: 'x', _csrf: theirs.csrf }).expect(403);
  });

  it('refuses a JSON request carrying the session cookie without the header, and a foreign Origin', async () => {
    const { db, ids, pairId, app } = await seededAppWithPair();
    const { cookie, csrf } = sessionFor(db, ids.admin);
    await request(app).delete(`/api/pairs/${pairId}`).set('Cookie', cookie).expect(403);
    await request(app).post('/account/tokens').set('Cookie', cookie).send({ name: 'x' }).expect(403);
    await request(app).delete(`/api/pairs/${pairId}`).set('Cookie', cookie).set('X-CSRF-Token', csrf)
      .set('Origin', 'http://evil.example').expect(403);
    await request(app).delete(`/api/pairs/${pairId}`).set('Cookie', cookie).set('X-CSRF-Token', csrf).expect(204);
  });

  it('the login form itself needs the token (no login CSRF)', async () => {
    const { app } = await seededApp();
    await request(app).post('/login').type('form').send({ name: 'ada', password: PASSWORD }).expect(403);
  });
});
