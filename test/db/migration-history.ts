/**
 * The migrations as an earlier jjak applied them, for tests that build a database at an old version.
 * Issue 15 moved every trigger into db/triggers.sql and took the trigger statements out of 003, 007
 * and 008; databases made before then hold the triggers those files created. The fixture keeps the
 * three files as they were (test/fixtures/migrations-before-15), so an old database here holds what
 * a real one holds.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { loadMigrations, migrate, type Migration } from '../../db/migrate.ts';

const BEFORE_15 = new URL('../fixtures/migrations-before-15/', import.meta.url);

/** Every migration, with 003, 007 and 008 as they were before issue 15. */
export function migrationsBefore15(): Migration[] {
  return loadMigrations().map((m) => {
    if (![3, 7, 8].includes(m.version)) return m;
    const file = `${String(m.version).padStart(3, '0')}_${m.name}.sql`;
    return { ...m, sql: readFileSync(new URL(file, BEFORE_15), 'utf8') };
  });
}

/** A new in-memory database at `version`, as the jjak of that version made it (its triggers included). */
export function databaseAt(version: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrationsBefore15().filter((m) => m.version <= version));
  return db;
}
