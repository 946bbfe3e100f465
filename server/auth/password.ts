import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt cost: N = 2^17, r = 8, p = 1 (128 MiB, about 0.5 s on an idle core here), the minimum
 * OWASP's password storage cheat sheet gives for scrypt. Logins are rare and rate-limited, so
 * the cost falls on guessers. The parameters are stored with each hash: raising them later still
 * verifies old hashes.
 */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

/** Shortest and longest password accepted (NIST SP 800-63B: at least 8, allow long passphrases). */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 512;

/** A stored password: the scrypt hash with its parameters, and the per-user salt (both text). */
export interface PasswordHash { hash: string; salt: string }

function scryptAsync(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

const maxmem = (p: { N: number; r: number }) => 128 * p.N * p.r * 2;

/** Why a password is not acceptable, or null when it is. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `The password needs at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `The password may have at most ${PASSWORD_MAX} characters.`;
  return null;
}

/** Hashes a password with scrypt and a fresh random salt. Runs off the main thread (libuv pool). */
export async function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, KEY_LENGTH, { ...params, maxmem: maxmem(params) });
  return { hash: `scrypt$${params.N}$${params.r}$${params.p}$${key.toString('base64')}`, salt: salt.toString('base64') };
}

/** True when `password` matches the stored hash; compares in constant time. False for a malformed hash. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)$/.exec(stored.hash);
  if (!m || password.length > PASSWORD_MAX) return false;
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  const expected = Buffer.from(m[4]!, 'base64');
  if (expected.length === 0) return false;
  const key = await scryptAsync(password, Buffer.from(stored.salt, 'base64'), expected.length, { ...params, maxmem: maxmem(params) });
  return timingSafeEqual(key, expected);
}

/**
 * A hash no password matches, verified when the user name is unknown so that an unknown name
 * takes as long as a wrong password (no user enumeration by timing).
 */
export const DUMMY_HASH: PasswordHash = {
  hash: `scrypt$${SCRYPT_PARAMS.N}$${SCRYPT_PARAMS.r}$${SCRYPT_PARAMS.p}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`,
  salt: Buffer.alloc(SALT_BYTES).toString('base64'),
};
