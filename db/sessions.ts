import type { Db } from './open.ts';
import type { User } from './users.ts';
import type { Role } from '../server/auth/roles.ts';

/** How long a login lasts without activity: a working day and a bit. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

type SessionUserRow = { id: number; name: string; role: Role; created_at: string; disabled: number; expires_at: string };

/** Stores a session under the hash of its token; returns its expiry. */
export function createSession(db: Db, userId: number, tokenHash: string, now = new Date(), ttlMs = SESSION_TTL_MS): string {
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  db.prepare('INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)')
    .run(tokenHash, userId, expiresAt, now.toISOString());
  return expiresAt;
}

/** The active user of a session: null when unknown, expired, or the account is disabled. */
export function getSessionUser(db: Db, tokenHash: string, now = new Date()): (User & { expiresAt: string }) | null {
  const r = db.prepare<[string, string], SessionUserRow>(
    `SELECT u.id, u.name, u.role, u.created_at, u.disabled, s.expires_at
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id = ? AND s.expires_at > ? AND u.disabled = 0`,
  ).get(tokenHash, now.toISOString());
  return r ? { id: r.id, name: r.name, role: r.role, createdAt: r.created_at, disabled: false, expiresAt: r.expires_at } : null;
}

/** Ends one session (logout). */
export function deleteSession(db: Db, tokenHash: string): void {
  db.prepare('DELETE FROM sessions WHERE id = ?').run(tokenHash);
}

/** Removes expired sessions; returns how many. */
export function deleteExpiredSessions(db: Db, now = new Date()): number {
  return db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now.toISOString()).changes;
}
