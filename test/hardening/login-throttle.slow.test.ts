import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import type { appFor} from '../auth/helpers.ts';
import { PASSWORD, seededApp } from '../auth/helpers.ts';

/** A JSON login (a script: no cookie, no Origin) from `address` when the app trusts its proxy. */
const login = (app: ReturnType<typeof appFor>, password: string, address?: string) => {
  const r = request(app).post('/login').set('Accept', 'application/json');
  if (address) r.set('X-Forwarded-For', address);
  return r.send({ name: 'rin', password });
};

describe('login throttling cannot lock the real user out', () => {
  it('wrong passwords from five addresses slow the name down but the right password still logs in', { timeout: 60_000 }, async () => {
    const { app } = await seededApp('127.0.0.1', { JJAK_TRUST_PROXY: 'loopback' });
    for (let i = 1; i <= 5; i++) await login(app, 'wrong guess', `198.51.100.${i}`).expect(401);
    const real = await login(app, PASSWORD, '203.0.113.7');
    assert.equal(real.status, 200, JSON.stringify(real.body));
  });

  it('one address that keeps guessing one name is refused (429) while the user logs in from elsewhere', { timeout: 60_000 }, async () => {
    const { app } = await seededApp('127.0.0.1', { JJAK_TRUST_PROXY: 'loopback' });
    for (let i = 0; i < 5; i++) await login(app, 'wrong guess', '198.51.100.1').expect(401);
    const refused = await login(app, PASSWORD, '198.51.100.1').expect(429);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    await login(app, PASSWORD, '203.0.113.7').expect(200);
  });

  it('without a trusted-proxy setting, rotating X-Forwarded-For does not escape the per-address limit', { timeout: 60_000 }, async () => {
    const { app } = await seededApp('127.0.0.1');
    let status = 0;
    for (let i = 1; i <= 6 && status !== 429; i++) status = (await login(app, 'wrong guess', `198.51.100.${i}`)).status;
    assert.equal(status, 429, 'the sixth guess from this machine is refused whatever it claims to forward');
  });
});
