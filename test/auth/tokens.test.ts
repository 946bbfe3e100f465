import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { openTestDb } from '../helpers.ts';
import { appFor, asJson, createToken, localAgentOn, seededApp, seededAppWithPair, sessionFor } from './helpers.ts';

describe('API tokens', () => {
  it('the owner creates a token, scripts use it with their role, and revoking it gives 401', async () => {
    const { db, ids, pairId, app } = await seededAppWithPair();
    const { cookie, csrf } = sessionFor(db, ids.reviewer);
    const created = await createToken(app, { cookie, csrf }, 'nightly export');
    const token = created.body.token as string;
    assert.match(token, /^jjak_[A-Za-z0-9_-]{43}$/);
    const stored = db.prepare<[], { token_hash: string }>('SELECT token_hash FROM api_tokens').get()!;
    assert.notEqual(stored.token_hash, token);
    assert.ok(!JSON.stringify(db.prepare('SELECT * FROM api_tokens').all()).includes(token.slice(5)), 'only the hash is stored');

    const auth = { Authorization: `Bearer ${token}` };
    await request(app).get(`/pairs/${pairId}`).set(auth).set('Accept', 'application/json').expect(200);
    // a token carries no CSRF burden: a browser never adds the header on its own
    await request(app).post('/api/pairs').set(auth).send({}).expect((r) => assert.ok(r.status !== 401 && r.status !== 403, String(r.status)));
    // ...and no more than its owner's role
    const denied = await request(app).delete(`/api/pairs/${pairId}`).set(auth).expect(403);
    assert.equal(denied.body.error.code, 'forbidden');
    const listed = await request(app).get('/account').set(auth).set('Accept', 'application/json').expect(200);
    assert.equal(listed.body.tokens.length, 1);
    assert.ok(listed.body.tokens[0].lastUsedAt, 'last use is recorded');
    assert.equal(listed.body.tokens[0].token, undefined);

    await request(app).post(`/account/tokens/${created.body.id}/revoke`).set('Cookie', cookie).set('X-CSRF-Token', csrf)
      .set('Accept', 'application/json').expect(200);
    const refused = await request(app).get(`/pairs/${pairId}`).set(auth).set('Accept', 'application/json').expect(401);
    assert.equal(refused.body.error.code, 'invalid_token');
    assert.match(refused.headers['www-authenticate'] ?? '', /Bearer/);
  });

  it('refuses a malformed or unknown Bearer token instead of falling back to the session or local mode', async () => {
    const db = openTestDb();
    const app = appFor(db, '127.0.0.1'); // local mode: no accounts
    await request(app).get('/').set('Accept', 'application/json').expect(200);
    await request(app).get('/').set('Authorization', 'Bearer nonsense').set('Accept', 'application/json').expect(401);
    await request(app).get('/').set('Authorization', `Bearer jjak_${'A'.repeat(43)}`).set('Accept', 'application/json').expect(401);
    await request(app).get('/').set('Authorization', 'Bearer').set('Accept', 'application/json').expect(401);
  });

  it("ignores another scheme's Authorization header (a proxy's Basic auth) and goes on to the session", async () => {
    const { db, ids, app } = await seededApp();
    const { cookie } = sessionFor(db, ids.reader);
    await request(app).get('/').set('Authorization', 'Basic YTpi').set('Accept', 'application/json').expect(401)
      .expect((r) => assert.equal(r.body.error.code, 'unauthenticated'));
    await request(app).get('/').set('Authorization', 'Basic YTpi').set('Cookie', cookie).set('Accept', 'application/json').expect(200);
  });

  it("only the owner revokes a token: another user's revoke is 404 and the token still works", async () => {
    const { db, ids, app } = await seededApp();
    const owner = sessionFor(db, ids.reader);
    const other = sessionFor(db, ids.admin);
    const created = await createToken(app, owner, 'mine');
    await asJson(request(app).post(`/account/tokens/${created.body.id}/revoke`), other).expect(404);
    await request(app).get('/').set('Authorization', `Bearer ${created.body.token}`).set('Accept', 'application/json').expect(200);
  });

  it('a token of a removed user stops working', async () => {
    const { db, ids, app } = await seededApp();
    const owner = sessionFor(db, ids.reader);
    const created = await createToken(app, owner, 'mine');
    db.prepare('DELETE FROM users WHERE id = ?').run(ids.reader);
    await request(app).get('/').set('Authorization', `Bearer ${created.body.token}`).set('Accept', 'application/json').expect(401);
  });

  it('shows a new token once on the account page, and the revoke form lists it', async () => {
    const { db, ids, app } = await seededApp();
    const { cookie, csrf } = sessionFor(db, ids.reader);
    const page = await request(app).post('/account/tokens').set('Cookie', cookie).type('form').send({ _csrf: csrf, name: 'laptop <b>' }).expect(201);
    const token = /<code class="token">(jjak_[^<]+)<\/code>/.exec(page.text)?.[1];
    assert.ok(token);
    assert.match(page.text, /laptop &lt;b&gt;/);
    const again = await request(app).get('/account').set('Cookie', cookie).expect(200);
    assert.ok(!again.text.includes(token), 'never shown again');
    assert.match(again.text, /action="\/account\/tokens\/\d+\/revoke"/);
  });

  it('the local user of local mode has no account and so no tokens (409)', async () => {
    const { agent, page, csrf } = await localAgentOn('/account');
    assert.equal(page.status, 200);
    assert.match(page.text, /Local mode/);
    const res = await agent.post('/account/tokens').set('X-CSRF-Token', csrf).set('Accept', 'application/json').send({ name: 'x' }).expect(409);
    assert.equal(res.body.error.code, 'no_account');
  });
});

describe('the change log names the author', () => {
  it('an import through the API with a token is logged under the token owner', async () => {
    const { db, ids, app } = await seededApp();
    const { cookie, csrf } = sessionFor(db, ids.reviewer);
    const created = await createToken(app, { cookie, csrf }, 'importer');
    const res = await request(app).post('/api/pairs').set('Authorization', `Bearer ${created.body.token}`).send({
      en: { text: 'Ferries return to the island.\n\nTickets cost 5,000 won.', format: 'text' },
      ko: { text: '여객선이 섬으로 돌아온다.\n\n표는 5000원이다.', format: 'text' },
    }).expect(201);
    const log = db.prepare<[number], { user_name: string; action: string }>('SELECT user_name, action FROM change_log WHERE pair_id = ? ORDER BY id').all(res.body.id);
    assert.deepEqual(log.find((l) => l.action === 'import'), { user_name: 'rin', action: 'import' });
  });
});
