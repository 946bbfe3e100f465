/**
 * What `jjak backup` and `jjak restore` ask of a database file: how recent it is, and whether a file
 * is a jjak database this version can use. The commands decide what to do with the answers.
 */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { loadMigrations } from './migrate.ts';
import type { Db } from './open.ts';

/** How recent a database is: what restore compares before overwriting one. */
export interface DatabaseStamp {
  /** Newest of change-log entries, pair updates and article creation (ISO 8601 UTC), or null when empty. */
  newestChange: string | null;
  /** Highest change-log id: grows with every recorded change, so it orders two copies of one database. */
  changeCounter: number;
  pairs: number;
}

/** Reads the stamp of an open jjak database. */
export function readStamp(db: Db): DatabaseStamp {
  const one = (sql: string) => db.prepare<[], { v: string | number | null }>(sql).get()?.v ?? null;
  const times = [
    one('SELECT max(created_at) AS v FROM change_log'),
    one('SELECT max(updated_at) AS v FROM pairs'),
    one('SELECT max(created_at) AS v FROM articles'),
  ].filter((t): t is string => typeof t === 'string');
  return {
    newestChange: times.length ? times.sort().at(-1)! : null,
    changeCounter: Number(one('SELECT max(id) AS v FROM change_log') ?? 0),
    pairs: Number(one('SELECT count(*) AS v FROM pairs') ?? 0),
  };
}

/** Opens a file read-only and checks it is a jjak database this version can use; throws a readable Error otherwise. */
export function openBackupFile(path: string): Db {
  if (!existsSync(path) || !statSync(path).isFile()) throw new Error(`${path} is not a file`);
  let db: Db;
  let check: { quick_check: string }[];
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    // the first read: a file that is not SQLite fails here
    check = db.pragma('quick_check') as { quick_check: string }[];
  } catch (e) {
    throw new Error(`${path} is not an SQLite database (${(e as Error).message})`, { cause: e });
  }
  try {
    const tables = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name));
    // a backup made before migration 016 has the links under their old table name; restore migrates it
    const missing = ['schema_migrations', 'articles', 'pairs', 'links', 'change_log'].filter((t) => !tables.has(t) && !(t === 'links' && tables.has('beads')));
    if (missing.length) throw new Error(`${path} is an SQLite database but not a jjak one (no ${missing.join(', ')} table)`);
    if (check[0]?.quick_check !== 'ok') throw new Error(`${path} is damaged: ${check.map((r) => r.quick_check).join('; ')}`);
    const newest = db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_migrations').get()?.v ?? 0;
    const known = Math.max(0, ...loadMigrations().map((m) => m.version));
    if (newest > known) throw new Error(`${path} was made by a newer jjak (migration ${newest}; this one knows up to ${known})`);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
