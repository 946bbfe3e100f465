import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from '../../server/auth/password.ts';
import { FailureLimiter } from '../../server/auth/rate-limit.ts';
import { isLoopbackHost, roleAtLeast, userNameProblem } from '../../server/auth/roles.ts';
import { csrfTokenFor, hashToken, looksLikeApiToken, looksLikeSessionToken, newApiToken, newSessionToken } from '../../server/auth/tokens.ts';
import { readCookie } from '../../server/auth/cookies.ts';
import { safeNext } from '../../server/routes/auth.ts';

const CHEAP = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('open sesame 123', CHEAP);
    assert.equal(await verifyPassword('open sesame 123', stored), true);
    assert.equal(await verifyPassword('open sesame 124', stored), false);
  });

  it('salts each hash: the same password twice gives different salts and hashes', async () => {
    const a = await hashPassword('same password', CHEAP);
    const b = await hashPassword('same password', CHEAP);
    assert.notEqual(a.salt, b.salt);
    assert.notEqual(a.hash, b.hash);
    assert.match(a.hash, /^scrypt\$1024\$8\$1\$/);
  });

  it('uses the default cost of 2^17 and stores it with the hash', async () => {
    const stored = await hashPassword('default cost!');
    assert.match(stored.hash, /^scrypt\$131072\$8\$1\$[A-Za-z0-9+/]{43}=$/);
    assert.equal(await verifyPassword('default cost!', stored), true);
  });

  it('matches no password against the dummy hash or a malformed one', async () => {
    assert.equal(await verifyPassword('', DUMMY_HASH), false);
    assert.equal(await verifyPassword('anything', { hash: 'md5$abc', salt: '' }), false);
  });

  it('treats composed and decomposed Hangul as the same password', async () => {
    const stored = await hashPassword('비밀번호입니다', CHEAP);
    assert.equal(await verifyPassword('비밀번호입니다'.normalize('NFD'), stored), true);
  });

  it('refuses passwords shorter than 8 characters', () => {
    assert.match(passwordProblem('short') ?? '', /at least 8/);
    assert.equal(passwordProblem('long enough'), null);
  });
});

describe('tokens', () => {
  it('makes 256-bit tokens of a recognisable shape, hashed to sha256 hex', () => {
    const s = newSessionToken();
    const a = newApiToken();
    assert.ok(looksLikeSessionToken(s));
    assert.ok(looksLikeApiToken(a) && a.startsWith('jjak_'));
    assert.ok(!looksLikeApiToken(s) && !looksLikeSessionToken('x'.repeat(10)));
    assert.notEqual(newSessionToken(), s);
    assert.match(hashToken(s), /^[0-9a-f]{64}$/);
    assert.notEqual(csrfTokenFor(s), csrfTokenFor(newSessionToken()));
  });

  it('reads one cookie out of a header and ignores broken encoding', () => {
    assert.equal(readCookie('a=1; jjak_session=abc; b=2', 'jjak_session'), 'abc');
    assert.equal(readCookie('xjjak_session=abc', 'jjak_session'), undefined);
    assert.equal(readCookie('jjak_session=%E0%A4%A', 'jjak_session'), undefined);
    assert.equal(readCookie(undefined, 'a'), undefined);
  });
});

describe('failure limiter', () => {
  it('refuses after the limit and allows again once the oldest failure leaves the window', () => {
    let now = 1_000_000;
    const limiter = new FailureLimiter({ maxFailures: 3, windowMs: 60_000, maxKeys: 100 }, () => now);
    for (let i = 0; i < 3; i++) {
      assert.equal(limiter.check('k').allowed, true);
      limiter.fail('k');
      now += 1000;
    }
    const refused = limiter.check('k');
    assert.equal(refused.allowed, false);
    assert.equal(refused.retryAfterSeconds, 57);
    assert.equal(limiter.check('other').allowed, true);
    now += 57_000;
    assert.equal(limiter.check('k').allowed, true);
  });

  it('forgets a key on reset, and drops the oldest keys past maxKeys', () => {
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs: 60_000, maxKeys: 2 }, () => 5);
    limiter.fail('a');
    assert.equal(limiter.check('a').allowed, false);
    limiter.reset('a');
    assert.equal(limiter.check('a').allowed, true);
    limiter.fail('a');
    limiter.fail('b');
    limiter.fail('c');
    assert.equal(limiter.check('a').allowed, true, 'a was the oldest key and was dropped');
    assert.equal(limiter.check('c').allowed, false);
    limiter.forgive('c');
    assert.equal(limiter.check('c').allowed, true);
  });
});

describe('roles, names, hosts', () => {
  it('orders roles reader < reviewer < admin', () => {
    assert.ok(roleAtLeast('admin', 'reviewer') && roleAtLeast('reviewer', 'reviewer') && !roleAtLeast('reader', 'reviewer'));
  });

  it('tells loopback addresses from every-interface and network addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) assert.ok(isLoopbackHost(h), h);
    for (const h of ['0.0.0.0', '::', '192.168.0.10', '10.0.0.1', 'example.org', '::ffff:10.0.0.1', '1270.0.0.1']) assert.ok(!isLoopbackHost(h), h);
  });

  it('accepts plain user names and refuses reserved or odd ones', () => {
    assert.equal(userNameProblem('kim.minji'), null);
    assert.match(userNameProblem('local') ?? '', /reserved/);
    assert.ok(userNameProblem('<script>'));
    assert.ok(userNameProblem(''));
    assert.ok(userNameProblem('a'.repeat(41)));
  });

  it('only follows same-site paths after login', () => {
    assert.equal(safeNext('/pairs/3?x=1'), '/pairs/3?x=1');
    for (const bad of ['//evil.example/', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/a\nb']) {
      assert.equal(safeNext(bad), '/', bad);
    }
  });
});
