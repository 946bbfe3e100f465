/** The three roles, lowest first: reader browses, searches and exports; reviewer also imports, aligns and reviews; admin also manages users and deletes pairs. */
export const ROLES = ['reader', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { reader: 1, reviewer: 2, admin: 3 };

/** True when `role` includes every right of `needed`. */
export const roleAtLeast = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

export const isRole = (s: unknown): s is Role => typeof s === 'string' && (ROLES as readonly string[]).includes(s);

/** Names that would be ambiguous in the change log: the local user and the system writer. */
const RESERVED = new Set(['local', 'system', 'anonymous']);

/** Why a user name is not acceptable, or null when it is. */
export function userNameProblem(name: string): string | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(name)) {
    return 'A user name has 1–40 characters: letters, digits, dot, dash or underscore, starting with a letter or digit.';
  }
  if (RESERVED.has(name.toLowerCase())) return `"${name}" is reserved; choose another name.`;
  return null;
}

/**
 * True for an address only this machine can reach: 127.0.0.0/8, ::1 (also in brackets or
 * IPv4-mapped) and "localhost". 0.0.0.0 and :: mean every interface, so they are not.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
