import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openDb, type Db } from '../../db/open.ts';
import type { CliIo } from './types.ts';
import { UsageError } from './types.ts';

/** `--db` defaults to JJAK_DB, then ./data/jjak.db. */
export function dbPathFrom(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag || env['JJAK_DB'] || './data/jjak.db';
}

/** Opens the command's database unless the caller passed one; `close` closes only what it opened. */
export function withDb<T>(io: CliIo, dbFlag: string | undefined, fn: (db: Db) => T): T {
  if (io.db) return fn(io.db);
  const db = openDb(dbPathFrom(dbFlag, io.env));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Async twin of withDb. */
export async function withDbAsync<T>(io: CliIo, dbFlag: string | undefined, fn: (db: Db) => Promise<T>): Promise<T> {
  if (io.db) return fn(io.db);
  const db = openDb(dbPathFrom(dbFlag, io.env));
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** parseArgs that turns its errors into UsageError (exit code 2 with the usage). */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
