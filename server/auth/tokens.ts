import { createHash, randomBytes } from 'node:crypto';

/** Prefix of API tokens, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'jjak_';

/** A new random session token (256 bits, base64url): goes in the cookie, never stored as is. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A new random API token (256 bits): shown to its owner once, stored only as its hash. */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * sha256 of a token, hex. Tokens carry 256 random bits, so a fast unsalted hash is enough:
 * there is nothing to guess, only a database copy to make useless.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The CSRF token of a session: derived from the session token, so it is bound to that login. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update('jjak-csrf\u0000').update(sessionToken).digest('base64url');
}

/** Shape check before any lookup: rejects junk without touching the database. */
export const looksLikeSessionToken = (s: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(s);
export const looksLikeApiToken = (s: string): boolean => /^jjak_[A-Za-z0-9_-]{43}$/.test(s);
