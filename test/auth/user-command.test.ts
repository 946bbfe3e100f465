import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { inTempDir, openTestDb } from '../helpers.ts';
import { run } from '../../server/cli.ts';
import type { Db } from '../../db/open.ts';
import { getLoginRecord } from '../../db/users.ts';
import { verifyPassword } from '../../server/auth/password.ts';
import { runCli } from '../cli-helpers.ts';

async function user(db: Db, argv: string[], stdin?: string) {
  let stdout = '';
  let stderr = '';
  const code = await run(['user', ...argv], {
    stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, env: {}, db,
    ...(stdin !== undefined ? { stdin: Readable.from([stdin]) } : {}),
  });
  return { code, stdout, stderr };
}

describe('jjak user', () => {
  it('adds the first admin with --password-stdin, then others; lists them without hashes', async () => {
    const db = openTestDb();
    const first = await user(db, ['add', 'ada', '--role', 'admin', '--password-stdin'], 'a long passphrase\nignored second line\n');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /added ada \(admin\)/);
    assert.equal(await verifyPassword('a long passphrase', getLoginRecord(db, 'ada')!.password), true);
    assert.equal((await user(db, ['add', 'reo', '--role', 'reader', '--password-stdin'], 'reader password\n')).code, 0);
    const list = await user(db, ['list']);
    assert.match(list.stdout, /^ada\tadmin\t/m);
    assert.match(list.stdout, /^reo\treader\t/m);
    const json = JSON.parse((await user(db, ['list', '--json'])).stdout) as { name: string }[];
    assert.deepEqual(json.map((u) => u.name), ['ada', 'reo']);
    assert.doesNotMatch(JSON.stringify(json), /scrypt|salt/);
  });

  it('refuses a reader as the first account, a duplicate, a short password and a bad role', async () => {
    const db = openTestDb();
    const reader = await user(db, ['add', 'reo', '--role', 'reader', '--password-stdin'], 'long enough\n');
    assert.equal(reader.code, 1);
    assert.match(reader.stderr, /first account must be an admin/);
    assert.equal((await user(db, ['add', 'ada', '--role', 'admin', '--password-stdin'], 'long enough\n')).code, 0);
    const dup = await user(db, ['add', 'Ada', '--role', 'reader', '--password-stdin'], 'long enough\n');
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /already a user called "Ada"/);
    const short = await user(db, ['add', 'rin', '--role', 'reviewer', '--password-stdin'], 'short\n');
    assert.equal(short.code, 1);
    assert.match(short.stderr, /at least 8/);
    assert.equal((await user(db, ['add', 'rin', '--role', 'boss', '--password-stdin'], 'long enough\n')).code, 2);
    assert.equal((await user(db, ['add', '--role', 'reader'])).code, 2);
    assert.equal((await user(db, ['frobnicate'])).code, 2);
  });

  it('without a terminal and without --password-stdin, says how to pipe the password', async () => {
    const db = openTestDb();
    const res = await user(db, ['add', 'ada', '--role', 'admin'], 'pw\n');
    assert.equal(res.code, 2);
    assert.match(res.stderr, /--password-stdin/);
  });

  it('passwd sets a new password; remove deletes the user but not the last admin', async () => {
    const db = openTestDb();
    await user(db, ['add', 'ada', '--role', 'admin', '--password-stdin'], 'first password\n');
    await user(db, ['add', 'reo', '--role', 'reader', '--password-stdin'], 'reader password\n');
    const passwd = await user(db, ['passwd', 'reo', '--password-stdin'], 'second password\n');
    assert.equal(passwd.code, 0, passwd.stderr);
    assert.equal(await verifyPassword('second password', getLoginRecord(db, 'reo')!.password), true);
    const last = await user(db, ['remove', 'ada']);
    assert.equal(last.code, 1);
    assert.match(last.stderr, /last administrator/);
    assert.equal((await user(db, ['remove', 'reo'])).code, 0);
    assert.equal(getLoginRecord(db, 'reo'), null);
    const missing = await user(db, ['remove', 'nobody']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no user called "nobody"/);
    assert.equal((await user(db, ['remove', 'ada'])).code, 0, 'alone, the last admin may go: back to local mode');
  });
});

describe('jjak serve on a non-loopback host', () => {
  it('refuses to start with no account and says how to create one', async () => {
    await inTempDir(async (dir) => {
      const dbPath = join(dir, 'jjak.db');
      const res = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--db', dbPath, '--no-demo']);
      assert.equal(res.code, 1);
      assert.match(res.stderr, /refusing to listen on 0\.0\.0\.0 with no accounts/);
      assert.match(res.stderr, new RegExp(`jjak user add NAME --role admin --db ${dbPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    });
  });
});
