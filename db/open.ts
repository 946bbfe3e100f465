import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate.ts';

export type Db = Database.Database;

/**
 * Opens (creating if needed) a jjak database with the settings every connection needs:
 * WAL so readers never wait for the writer, foreign keys on (said explicitly, though the
 * bundled build defaults to it), and a busy timeout so a second process waits instead of failing.
 */
export function openDb(file: string, opts: { migrate?: boolean; readonly?: boolean } = {}): Db {
  if (file !== ':memory:' && !opts.readonly) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  if (!opts.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  if (opts.migrate !== false && !opts.readonly) migrate(db);
  return db;
}

/** A fresh in-memory database with every migration applied, for tests. */
export function openTestDb(): Db {
  return openDb(':memory:');
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection: better-sqlite3 does not cache
 * prepare() itself, and compiling dominates the cost of small inserts in bulk imports.
 */
export function stmt<P extends unknown[] | object = unknown[], R = unknown>(db: Db, sql: string): Database.Statement<P, R> {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map<string, Database.Statement>()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s as unknown as Database.Statement<P, R>;
}

/**
 * Runs `fn` with the connection's busy timeout at `ms`, then restores it: a background task that
 * should give way to another process's writes (fail at once, try later) rather than stall the
 * requests queued behind it.
 */
export function withBusyTimeout<T>(db: Db, ms: number, fn: () => T): T {
  const before = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(ms))}`);
  try {
    return fn();
  } finally {
    db.pragma(`busy_timeout = ${before}`);
  }
}

/** Caps SQLite's page cache of this connection at `kib` KiB (a reader that visits each page once needs little). */
export function limitPageCache(db: Db, kib: number): void {
  db.pragma(`cache_size = ${-Math.max(1, Math.trunc(kib))}`);
}

/**
 * A second connection to a database file that only checkpoints its WAL (server/workers/checkpoint-worker.ts):
 * no migration, no WAL switch (the writer's connection owns those).
 */
export function openCheckpointConnection(file: string): Db {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('synchronous = NORMAL');
  return db;
}

/** Copies what is committed in the WAL into the database file without ever blocking the writer. */
export function checkpointPassive(db: Db): void {
  db.pragma('wal_checkpoint(PASSIVE)');
}

/**
 * Turns automatic WAL checkpoints off on this connection while another thread checkpoints (a bulk
 * import, server/workers/checkpoint-worker.ts); the returned function turns them back on as they were.
 */
export function pauseAutoCheckpoint(db: Db): () => void {
  const pages = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  return () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${pages}`);
  };
}
