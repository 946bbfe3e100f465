import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDb } from '../../db/open.ts';
import { createSession, getSessionUser } from '../../db/sessions.ts';
import { insertApiToken, revokeApiToken, useApiToken } from '../../db/tokens.ts';
import { deleteUser, setUserPassword, setUserRole } from '../../db/users.ts';
import { hashToken, newApiToken, newSessionToken } from '../../server/auth/tokens.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { seedUsers } from '../auth/helpers.ts';
import { runCli } from '../cli-helpers.ts';
import { inTempDir } from '../helpers.ts';

/**
 * A live database in `dir` with the three accounts and a reviewer's API token (and, if asked, a
 * reader's session), backed up with jjak backup; returns the paths and the credentials' secrets.
 */
async function accountsBackedUp(dir: string, opts: { readerSession?: boolean } = {}) {
  const path = join(dir, 'live.db');
  const backupPath = join(dir, 'backup.db');
  const db = openDb(path);
  const ids = await seedUsers(db);
  const token = newApiToken();
  const tokenId = insertApiToken(db, ids.reviewer, 'script', hashToken(token));
  const session = newSessionToken();
  if (opts.readerSession) createSession(db, ids.reader, hashToken(session));
  db.close();
  assert.equal((await runCli(['backup', backupPath, '--db', path, '--quiet'])).code, 0);
  return { path, backupPath, ids, token, tokenId, session };
}

describe('jjak restore and credentials', () => {
  it('refuses without --force when accounts changed since the backup, lists them, and ends every session and token', async () => {
    await inTempDir(async (dir) => {
      const { path, backupPath, ids, token, tokenId, session } = await accountsBackedUp(dir, { readerSession: true });

      // after the backup: a token revoked, a user removed, a password reset, a role changed
      let db = openDb(path);
      revokeApiToken(db, ids.reviewer, tokenId);
      deleteUser(db, ids.reader);
      setUserPassword(db, ids.reviewer, await hashPassword('a new long password', { N: 1024, r: 8, p: 1 }));
      setUserRole(db, ids.admin, 'admin');
      db.close();

      const refused = await runCli(['restore', backupPath, '--db', path, '--quiet']);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /accounts .* changed since the backup/);
      assert.match(refused.stderr, /reo: comes back/);
      assert.match(refused.stderr, /rin: password/);

      const forced = await runCli(['restore', backupPath, '--db', path, '--quiet', '--force']);
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(forced.stdout, /ended 1 session and 1 API token/);
      assert.match(forced.stdout, /reo: comes back/);
      db = openDb(path);
      assert.equal(useApiToken(db, hashToken(token)), null, 'the revoked token does not work again');
      assert.equal(getSessionUser(db, hashToken(session)), null, 'the ended session does not work again');
      db.close();
    });
  });

  it('a restore with no account changes needs no --force and still signs everyone out', async () => {
    await inTempDir(async (dir) => {
      const { path, backupPath, token } = await accountsBackedUp(dir);
      const res = await runCli(['restore', backupPath, '--db', path, '--quiet']);
      assert.equal(res.code, 0, res.stderr);
      const after = openDb(path);
      assert.equal(useApiToken(after, hashToken(token)), null);
      after.close();
    });
  });
});
