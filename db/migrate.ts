import type Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Where the numbered SQL files live. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));
/** The checked-in schema after every migration (db/schema.sql; see db/schema.ts). */
export const SCHEMA_SNAPSHOT = fileURLToPath(new URL('./schema.sql', import.meta.url));

export interface Migration { version: number; name: string; sql: string }

/** Reads `NNN_name.sql` files in version order; refuses two files with one number. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.slice(4, -4),
      sql: readFileSync(join(dir, f), 'utf8'),
    }));
  migrations.forEach((m, i) => {
    const prev = migrations[i - 1];
    if (prev && prev.version === m.version) throw new Error(`migrations: two files have number ${m.version}: ${prev.name}, ${m.name}`);
  });
  return migrations;
}

/**
 * Applies pending migrations in order, each in its own transaction, recording each in
 * schema_migrations. Returns the migrations applied now.
 */
export function migrate(db: Database.Database, migrations: Migration[] = loadMigrations()): Migration[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    db.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all().map((r) => r.version),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done: Migration[] = [];
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }).immediate();
    done.push(m);
  }
  return done;
}
