import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { openTestDb } from '../helpers.ts';
import { insertUser } from '../../db/users.ts';
import { appFor, appWithPair, homeWithCookie, seededApp, sessionFor, testHash } from './helpers.ts';

describe('local mode, account mode, non-loopback host', () => {
  it('runs every request as the local admin on loopback with no account', async () => {
    const { pairId: id, app } = appWithPair();
    const res = await request(app).get('/login').set('Accept', 'application/json').expect(200);
    assert.deepEqual(res.body, { user: { name: 'local', role: 'admin' }, localMode: true });
    await request(app).get(`/pairs/${id}`).set('Accept', 'application/json').expect(200);
    await request(app).get('/admin/users').set('Accept', 'application/json').expect(200);
    const page = await request(app).get('/').expect(200);
    assert.match(page.text, /local<\/a> \(admin\)/);
    assert.doesNotMatch(page.text, /Log out/, 'nothing to log out of in local mode');
  });

  it('requires login on loopback as soon as one account exists', async () => {
    const { db, app } = appWithPair();
    await request(app).get('/').set('Accept', 'application/json').expect(200);
    insertUser(db, { name: 'ada', role: 'admin', password: await testHash() });
    const res = await request(app).get('/').set('Accept', 'application/json').expect(401);
    assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'message']);
    assert.equal(res.body.error.code, 'unauthenticated');
    const page = await request(app).get('/pairs/1?x=1').expect(303);
    assert.equal(page.headers['location'], '/login?next=%2Fpairs%2F1%3Fx%3D1');
  });

  it('requires login on a non-loopback host even with no account', async () => {
    const db = openTestDb();
    for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
      const app = appFor(db, host);
      await request(app).get('/').set('Accept', 'application/json').expect(401);
      await request(app).get('/').expect(303).expect('Location', '/login?next=%2F');
      await request(app).post('/api/pairs').send({}).expect(401);
      await request(app).get('/login').expect(200);
    }
  });

  it('does not grant local mode to a request relayed by a proxy (X-Forwarded-For)', async () => {
    const db = openTestDb();
    const app = appFor(db);
    await request(app).get('/').set('Accept', 'application/json').set('X-Forwarded-For', '203.0.113.9').expect(401);
    await request(app).get('/').set('Accept', 'application/json').set('Forwarded', 'for=203.0.113.9').expect(401);
  });

  it('does not grant local mode to a request addressed to another name (DNS rebinding)', async () => {
    const db = openTestDb();
    const app = appFor(db);
    for (const host of ['evil.example', 'evil.example:3000', '127.0.0.1.evil.example']) {
      await request(app).get('/').set('Host', host).set('Accept', 'application/json').expect(401);
    }
    for (const host of ['localhost:3000', '127.0.0.1', '[::1]:8080']) {
      await request(app).get('/').set('Host', host).set('Accept', 'application/json').expect(200);
    }
  });

  it('lets a session or a token in on a non-loopback host', async () => {
    const { db, ids, app } = await seededApp();
    const { cookie } = sessionFor(db, ids.reader);
    const res = await homeWithCookie(app, cookie).expect(200);
    assert.ok(Array.isArray(res.body));
    const page = await request(app).get('/').set('Cookie', cookie).expect(200);
    assert.match(page.text, /reo<\/a> \(reader\)/);
    assert.match(page.text, /<form method="post" action="\/logout"/);
    assert.doesNotMatch(page.text, /href="\/admin\/users"/, 'readers see no Users link');
  });
});
