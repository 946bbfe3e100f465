import type { Db } from './open.ts';
import type { PasswordHash } from '../server/auth/password.ts';
import type { Role } from '../server/auth/roles.ts';

/** An account as pages and commands see it (never the password hash). */
export interface User {
  id: number;
  name: string;
  role: Role;
  createdAt: string;
  disabled: boolean;
}

type UserRow = { id: number; name: string; role: Role; created_at: string; disabled: number };
type UserWithHashRow = UserRow & { password_hash: string; password_salt: string };

const toUser = (r: UserRow): User => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at, disabled: r.disabled === 1 });

const COLUMNS = 'id, name, role, created_at, disabled';

/** A name already taken (names compare case-insensitively). */
export class DuplicateUserError extends Error {
  constructor(public readonly userName: string) {
    super(`There is already a user called "${userName}".`);
  }
}

/** The change would leave accounts but no administrator to manage them. */
export class LastAdminError extends Error {
  constructor() {
    super('This is the last administrator; make another user an admin first.');
  }
}

/** The first account must be an admin: otherwise nobody could manage users from the web. */
export class FirstUserMustBeAdminError extends Error {
  constructor() {
    super('The first account must be an admin (--role admin); add readers and reviewers after it.');
  }
}

/** Number of accounts, disabled ones included: any account at all ends local mode. */
export function countUsers(db: Db): number {
  return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users').get()?.n ?? 0;
}

/** Stores a new account with an already computed password hash; returns its id. */
export function insertUser(db: Db, input: { name: string; role: Role; password: PasswordHash }): number {
  return db.transaction(() => {
    if (input.role !== 'admin' && countUsers(db) === 0) throw new FirstUserMustBeAdminError();
    try {
      return Number(db.prepare(
        'INSERT INTO users (name, role, password_hash, password_salt, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(input.name, input.role, input.password.hash, input.password.salt, new Date().toISOString()).lastInsertRowid);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateUserError(input.name);
      throw e;
    }
  }).immediate();
}

export function listUsers(db: Db): User[] {
  return db.prepare<[], UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY name`).all().map(toUser);
}

export function getUser(db: Db, id: number): User | null {
  const r = db.prepare<[number], UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id);
  return r ? toUser(r) : null;
}

export function findUserByName(db: Db, name: string): User | null {
  const r = db.prepare<[string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE name = ?`).get(name);
  return r ? toUser(r) : null;
}

/** The user and stored password for a login; null for an unknown name. */
export function getLoginRecord(db: Db, name: string): { user: User; password: PasswordHash } | null {
  const r = db.prepare<[string], UserWithHashRow>(
    `SELECT ${COLUMNS}, password_hash, password_salt FROM users WHERE name = ?`,
  ).get(name);
  return r ? { user: toUser(r), password: { hash: r.password_hash, salt: r.password_salt } } : null;
}

function otherAdmins(db: Db, id: number): number {
  return db.prepare<[number], { n: number }>(
    "SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?",
  ).get(id)?.n ?? 0;
}

function accountsOtherThan(db: Db, id: number): number {
  return db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM users WHERE id <> ?').get(id)?.n ?? 0;
}

/**
 * Changes a user's role. Refuses to demote the last active admin while other accounts exist,
 * since nobody could manage users any more. Returns false for an unknown user.
 */
export function setUserRole(db: Db, id: number, role: Role): boolean {
  return db.transaction(() => {
    const u = getUser(db, id);
    if (!u) return false;
    if (u.role === 'admin' && role !== 'admin' && !u.disabled && otherAdmins(db, id) === 0 && accountsOtherThan(db, id) > 0) {
      throw new LastAdminError();
    }
    const changed = db.prepare('UPDATE users SET role = ? WHERE id = ? AND role <> ?').run(role, id, role).changes > 0;
    // a new role ends what was granted under the old one: sessions and API tokens
    if (changed) endCredentials(db, id);
    return true;
  }).immediate();
}

/** Ends every session of a user and revokes their live API tokens (inside the caller's transaction). */
function endCredentials(db: Db, id: number): void {
  db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
  db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(new Date().toISOString(), id);
}

/** Replaces a user's password and ends all their sessions and API tokens (a reset must lock out a thief). */
export function setUserPassword(db: Db, id: number, password: PasswordHash): boolean {
  return db.transaction(() => {
    const changed = db.prepare('UPDATE users SET password_hash = ?, password_salt = ? WHERE id = ?')
      .run(password.hash, password.salt, id).changes > 0;
    endCredentials(db, id);
    return changed;
  }).immediate();
}

/**
 * Removes an account with its sessions and tokens (cascade). The change log keeps the name as
 * text, so history still says who did what. Refuses to remove the last admin while others remain.
 */
export function deleteUser(db: Db, id: number): boolean {
  return db.transaction(() => {
    const u = getUser(db, id);
    if (!u) return false;
    if (u.role === 'admin' && !u.disabled && otherAdmins(db, id) === 0 && accountsOtherThan(db, id) > 0) {
      throw new LastAdminError();
    }
    endCredentials(db, id); // said outright, not left to ON DELETE CASCADE and the foreign_keys pragma
    db.prepare('DELETE FROM users WHERE id = ?').run(id);
    return true;
  }).immediate();
}

/** What restore compares of each account: who exists, their role, password and whether disabled. */
export interface AccountState { name: string; role: Role; passwordHash: string; disabled: boolean }

/** Every account's state, by name (for comparing a backup with the database it replaces). */
export function listAccountStates(db: Db): AccountState[] {
  return db.prepare<[], { name: string; role: Role; password_hash: string; disabled: number }>(
    'SELECT name, role, password_hash, disabled FROM users ORDER BY name',
  ).all().map((r) => ({ name: r.name, role: r.role, passwordHash: r.password_hash, disabled: r.disabled === 1 }));
}

/** Live API tokens and sessions, as a fingerprint of who may still be signed in. */
export function listLiveCredentialHashes(db: Db): string[] {
  return db.prepare<[], { h: string }>(
    "SELECT 'token:' || token_hash AS h FROM api_tokens WHERE revoked_at IS NULL UNION ALL SELECT 'session:' || id FROM sessions ORDER BY 1",
  ).all().map((r) => r.h);
}

/** Ends every session and revokes every live API token (after a restore: everyone signs in again). */
export function endAllCredentials(db: Db, now = new Date()): { sessions: number; tokens: number } {
  return db.transaction(() => ({
    sessions: db.prepare('DELETE FROM sessions').run().changes,
    tokens: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE revoked_at IS NULL').run(now.toISOString()).changes,
  })).immediate();
}

/** How the accounts of `incoming` differ from `current`, one line a name ("ada: role admin → reader"). */
export function describeAccountChanges(current: readonly AccountState[], incoming: readonly AccountState[]): string[] {
  const before = new Map(current.map((a) => [a.name.toLowerCase(), a]));
  const after = new Map(incoming.map((a) => [a.name.toLowerCase(), a]));
  const out: string[] = [];
  for (const [key, a] of after) {
    const b = before.get(key);
    if (!b) { out.push(`${a.name}: comes back (not in the database being replaced)`); continue; }
    const what: string[] = [];
    if (a.role !== b.role) what.push(`role ${b.role} → ${a.role}`);
    if (a.passwordHash !== b.passwordHash) what.push('password goes back to the backup\'s');
    if (a.disabled !== b.disabled) what.push(a.disabled ? 'disabled again' : 'enabled again');
    if (what.length) out.push(`${a.name}: ${what.join(', ')}`);
  }
  for (const [key, b] of before) if (!after.has(key)) out.push(`${b.name}: removed (not in the backup)`);
  return out;
}
