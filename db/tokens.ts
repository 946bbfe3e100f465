import type { Db } from './open.ts';
import type { User } from './users.ts';
import type { Role } from '../server/auth/roles.ts';

/** An API token as its owner sees it (never the token or its hash). */
export interface ApiToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type TokenRow = { id: number; name: string; created_at: string; last_used_at: string | null; revoked_at: string | null };
type TokenUserRow = { token_id: number; last_used_at: string | null; id: number; name: string; role: Role; created_at: string };

const toToken = (r: TokenRow): ApiToken =>
  ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at });

/** Stores a new token for `userId` under its hash; returns its id. */
export function insertApiToken(db: Db, userId: number, name: string, tokenHash: string): number {
  return Number(db.prepare('INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)')
    .run(userId, name, tokenHash, new Date().toISOString()).lastInsertRowid);
}

/** A user's tokens, newest first, revoked ones included (so the owner sees what was revoked). */
export function listApiTokens(db: Db, userId: number): ApiToken[] {
  return db.prepare<[number], TokenRow>(
    'SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC',
  ).all(userId).map(toToken);
}

/** Revokes one of `userId`'s tokens; false when the user has no such live token. */
export function revokeApiToken(db: Db, userId: number, tokenId: number): boolean {
  return db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL')
    .run(new Date().toISOString(), tokenId, userId).changes > 0;
}

/**
 * The active owner of a live token, recording its use. last_used_at is written at most once a
 * minute, so a busy script does not turn every read into a write.
 */
export function useApiToken(db: Db, tokenHash: string, now = new Date()): User | null {
  const r = db.prepare<[string], TokenUserRow>(
    `SELECT t.id AS token_id, t.last_used_at, u.id, u.name, u.role, u.created_at
     FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = 0`,
  ).get(tokenHash);
  if (!r) return null;
  if (!r.last_used_at || now.getTime() - Date.parse(r.last_used_at) > 60_000) {
    db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now.toISOString(), r.token_id);
  }
  return { id: r.id, name: r.name, role: r.role, createdAt: r.created_at, disabled: false };
}
