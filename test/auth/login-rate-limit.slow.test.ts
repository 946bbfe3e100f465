// Slow by nature (in `npm run test:slow`): the limiter answers repeated failures later on purpose.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { openTestDb } from '../helpers.ts';
import { insertUser } from '../../db/users.ts';
import { appFor, formCsrf, PASSWORD, seededApp, seedUsers, testHash } from './helpers.ts';


describe('login rate limit', () => {
  it('answers 429 with Retry-After after 5 failures for a name, even with the right password', async () => {
    const { app } = await seededApp();
    for (let i = 0; i < 5; i++) await request(app).post('/login').send({ name: 'ada', password: `guess number ${i}` }).expect(401);
    const res = await request(app).post('/login').send({ name: 'ada', password: PASSWORD }).expect(429);
    assert.equal(res.body.error.code, 'rate_limited');
    const after = Number(res.headers['retry-after']);
    assert.ok(after > 800 && after <= 900, `Retry-After ${after}`);
    // another name from the same address is not locked yet
    await request(app).post('/login').send({ name: 'rin', password: PASSWORD }).expect(200);
  });

  it('limits one address that tries many names (20 failures)', async () => {
    const db = openTestDb();
    await seedUsers(db);
    const password = await testHash();
    for (let u = 0; u < 4; u++) insertUser(db, { name: `user${u}`, role: 'reader', password });
    const app = appFor(db, '0.0.0.0');
    // 5 failures for each of 4 names: no name is over its own limit of 5, the address is at 20
    for (let i = 0; i < 20; i++) await request(app).post('/login').send({ name: `user${i % 4}`, password: 'wrong password' }).expect(401);
    await request(app).post('/login').send({ name: 'reo', password: PASSWORD }).expect(429).expect('Retry-After', /^\d+$/);
  });

  it('shows the limit on the login page too', async () => {
    const { app } = await seededApp();
    const agent = request.agent(app);
    const csrf = formCsrf((await agent.get('/login')).text);
    for (let i = 0; i < 5; i++) await agent.post('/login').type('form').send({ _csrf: csrf, name: 'reo', password: 'wrong password' }).expect(401);
    const page = await agent.post('/login').type('form').send({ _csrf: csrf, name: 'reo', password: PASSWORD }).expect(429);
    assert.match(page.text, /Too many failed logins. Try again in 15 minutes./);
    assert.match(page.headers['retry-after'] ?? '', /^\d+$/);
  });

  it('parallel guesses cannot slip past the limit while earlier ones are still being checked', async () => {
    const { app } = await seededApp();
    const statuses = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      request(app).post('/login').send({ name: 'ada', password: `parallel guess ${i}` }).then((r) => r.status)));
    assert.equal(statuses.filter((s) => s === 401).length, 5);
    assert.equal(statuses.filter((s) => s === 429).length, 5);
  });

  it('a successful login resets the name count', async () => {
    const { app } = await seededApp();
    for (let i = 0; i < 4; i++) await request(app).post('/login').send({ name: 'rin', password: 'wrong password' }).expect(401);
    await request(app).post('/login').send({ name: 'rin', password: PASSWORD }).expect(200);
    for (let i = 0; i < 4; i++) await request(app).post('/login').send({ name: 'rin', password: 'wrong password' }).expect(401);
    await request(app).post('/login').send({ name: 'rin', password: PASSWORD }).expect(200);
  });
});
