import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import request from 'supertest';
import { listApiTokens } from '../../db/tokens.ts';
import { listUsers } from '../../db/users.ts';
import { countPairs } from '../../db/pairs.ts';
import { usePrivateTmpdir } from '../helpers.ts';
import { appWithPair, type appFor, seededApp, seedPair, sessionFor, tokenFor } from '../auth/helpers.ts';

// Uploads go to $TMPDIR/jjak-uploads: a private TMPDIR shows whether a refused request wrote anything.
usePrivateTmpdir();
const uploadsLeft = (): string[] => {
  const dir = join(tmpdir(), 'jjak-uploads');
  return existsSync(dir) ? readdirSync(dir) : [];
};

const EVIL = 'http://evil.test';
const BIG = Buffer.alloc(3 * 1024 * 1024, 0x7b); // bigger than any buffer a refused request could sit in

/** Every way a cross-site page can shape a body without a CORS preflight, plus JSON and none. */
type Shape = (r: request.Test) => request.Test;
const SHAPES: [string, Shape][] = [
  ['multipart', (r) => r.field('x', '1').attach('file', BIG, 'a.jsonl')],
  ['multipart, no file', (r) => r.field('x', '1')],
  ['urlencoded', (r) => r.type('form').send({ x: '1' })],
  ['text/plain', (r) => r.type('text/plain').send('x=1')],
  ['json', (r) => r.send({ x: 1 })],
  ['no body', (r) => r],
];
const UNSAFE: [string, string][] = [
  ['post', '/pairs/1/delete'], ['post', '/jobs/import'], ['post', '/pairs'], ['post', '/api/pairs'],
  ['delete', '/api/pairs/1'], ['post', '/pairs/1/ops'], ['post', '/admin/users/2/remove'], ['put', '/pairs/1'], ['patch', '/pairs/1'],
];
const send = (app: ReturnType<typeof appFor>, method: string, path: string) =>
  (request(app) as unknown as Record<string, (p: string) => request.Test>)[method]!(path);

describe('CSRF: checked before any body is read, whatever the Content-Type', () => {
  it('local mode: another origin, or Sec-Fetch-Site cross-site/same-site, gets 403 on every unsafe route and shape; nothing changes or lands on disk', async () => {
    const { db, app } = appWithPair();
    for (const [method, path] of UNSAFE) {
      for (const [name, shape] of SHAPES) {
        for (const headers of [{ Origin: EVIL }, { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' }, { Origin: 'null' }]) {
          const res = await shape(send(app, method, path).set('Accept', 'application/json').set(headers)).ok(() => true);
          assert.equal(res.status, 403, `${method} ${path} ${name} ${JSON.stringify(headers)}`);
          assert.equal(res.body.error.code, 'csrf');
        }
      }
    }
    assert.equal(countPairs(db), 1, 'the pair is still there');
    assert.deepEqual(uploadsLeft(), [], 'no upload was written');
  });

  it('the reported curl (Origin evil, multipart, no token) no longer deletes a pair', async () => {
    const { db, pairId: id, app } = appWithPair();
    await request(app).post(`/pairs/${id}/delete`).set('Origin', EVIL).set('Accept', 'application/json').field('x', '1').expect(403);
    // same origin but no token: still refused, as a form without its token
    await request(app).post(`/pairs/${id}/delete`).set('Accept', 'application/json').field('x', '1').expect(403);
    await request(app).post(`/pairs/${id}/delete`).set('Cookie', 'jjak_csrf=' + 'a'.repeat(32)).type('form').send({ confirm: id }).expect(403);
    assert.equal(countPairs(db), 1);
  });

  it('with an admin session, a multipart body without a token removes no user and no token; a wrong query token is refused too', async () => {
    const { db, ids, app } = await seededApp('127.0.0.1');
    const admin = sessionFor(db, ids.admin);
    tokenFor(db, ids.reviewer);
    await request(app).post(`/admin/users/${ids.reviewer}/remove`).set('Cookie', admin.cookie).field('confirm', '1').expect(403);
    await request(app).post(`/admin/users/${ids.reviewer}/remove?_csrf=wrong`).set('Cookie', admin.cookie).field('confirm', '1').expect(403);
    await request(app).post('/jobs/import').set('Cookie', admin.cookie).attach('file', BIG, 'big.jsonl').expect(403);
    await request(app).post('/jobs/import').set('Cookie', admin.cookie).set('Origin', EVIL).set('X-CSRF-Token', admin.csrf)
      .attach('file', BIG, 'big.jsonl').expect(403);
    assert.equal(listUsers(db).length, 3);
    assert.equal(listApiTokens(db, ids.reviewer).filter((t) => !t.revokedAt).length, 1);
    assert.deepEqual(uploadsLeft(), []);
  });

  it('an anonymous upload is refused before it is read: nothing on disk', async () => {
    const { app } = await seededApp('127.0.0.1');
    await request(app).post('/jobs/import').set('Accept', 'application/json').attach('file', BIG, 'big.jsonl').expect(401);
    assert.deepEqual(uploadsLeft(), []);
  });

  it('a valid token in the header or the query passes; requests with an API token are exempt even with a foreign Origin', async () => {
    const { db, ids, app } = await seededApp('127.0.0.1');
    const admin = sessionFor(db, ids.admin);
    const token = tokenFor(db, ids.admin);
    const a = seedPair(db, 'A');
    const b = seedPair(db, 'B');
    await request(app).post(`/pairs/${a}/delete?_csrf=${admin.csrf}`).set('Cookie', admin.cookie).set('Accept', 'application/json')
      .field('confirm', 'yes').expect(200);
    assert.equal(countPairs(db), 1, 'the session with its token in the query deleted pair A');
    await request(app).delete(`/api/pairs/${b}`).set('Authorization', `Bearer ${token}`).set('Origin', EVIL).expect(204);
    assert.equal(countPairs(db), 0, 'the API-token request deleted pair B');
  });
});
