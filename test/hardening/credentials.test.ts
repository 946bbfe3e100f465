import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { deleteUser, setUserPassword, setUserRole } from '../../db/users.ts';
import type { openTestDb } from '../helpers.ts';
import { createToken, seededApp, sessionFor, testHash, tokenFor } from '../auth/helpers.ts';

describe('credentials end with the password, role or account they were issued under', () => {
  for (const [what, change] of [
    ['a password change', async (db: ReturnType<typeof openTestDb>, id: number) => { setUserPassword(db, id, await testHash()); }],
    ['a role change', (db: ReturnType<typeof openTestDb>, id: number) => { setUserRole(db, id, 'reader'); }],
    ['removing the user', (db: ReturnType<typeof openTestDb>, id: number) => { deleteUser(db, id); }],
  ] as const) {
    it(`${what} ends the user's sessions and API tokens`, async () => {
      const { db, ids, app } = await seededApp('127.0.0.1');
      const token = tokenFor(db, ids.reviewer);
      const session = sessionFor(db, ids.reviewer);
      await request(app).get('/api/pairs').set('Authorization', `Bearer ${token}`).expect((r) => assert.notEqual(r.status, 401));
      await request(app).get('/account').set('Cookie', session.cookie).set('Accept', 'application/json').expect(200);
      await change(db, ids.reviewer);
      await request(app).get('/').set('Authorization', `Bearer ${token}`).set('Accept', 'application/json').expect(401);
      await request(app).get('/account').set('Cookie', session.cookie).set('Accept', 'application/json').expect(401);
      // the other users keep theirs
      const other = tokenFor(db, ids.reader);
      await request(app).get('/').set('Authorization', `Bearer ${other}`).set('Accept', 'application/json').expect(200);
    });
  }

  it('an API token cannot create tokens; a signed-in session can', async () => {
    const { db, ids, app } = await seededApp('127.0.0.1');
    const token = tokenFor(db, ids.reviewer);
    const refused = await request(app).post('/account/tokens').set('Authorization', `Bearer ${token}`).set('Accept', 'application/json').send({ name: 'child' }).expect(403);
    assert.equal(refused.body.error.code, 'session_required');
    const session = sessionFor(db, ids.reviewer);
    await createToken(app, session, 'laptop');
  });
});
