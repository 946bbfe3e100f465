import type Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Where the numbered SQL files live. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));
/** The checked-in schema after every migration (db/schema.sql; see db/schema.ts). */
export const SCHEMA_SNAPSHOT = fileURLToPath(new URL('./schema.sql', import.meta.url));
/** Every trigger and view of the schema, in its final form (see the file's header). */
export const TRIGGERS_FILE = fileURLToPath(new URL('./triggers.sql', import.meta.url));

export interface Migration { version: number; name: string; sql: string }

/** One trigger or view of db/triggers.sql; `sql` is the statement as sqlite_master stores it. */
export interface SchemaCode { type: 'trigger' | 'view'; name: string; sql: string }

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

/** The number of the newest migration file (names only: nothing is read). */
function newestVersion(dir: string = MIGRATIONS_DIR): number {
  return Math.max(0, ...readdirSync(dir).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).map((f) => Number(f.slice(0, 3))));
}

/**
 * Splits a definitions file (db/triggers.sql) into its statements. Line-based, because trigger
 * bodies hold semicolons: a statement starts at `CREATE TRIGGER name` or `CREATE VIEW name`, a
 * trigger ends at a line `END;`, a view at the first line ending in `;`. Anything else outside a
 * statement but comments and blank lines is refused, as is a name defined twice.
 */
export function parseTriggers(text: string, file = 'db/triggers.sql'): SchemaCode[] {
  const out: SchemaCode[] = [];
  let open: { type: SchemaCode['type']; name: string; lines: string[]; from: number } | null = null;
  for (const [i, line] of text.split('\n').entries()) {
    if (!open) {
      const start = /^CREATE (TRIGGER|VIEW) ([a-z0-9_]+)\b/.exec(line);
      if (!start) {
        if (line.trim() !== '' && !line.startsWith('--')) {
          throw new Error(`${file}:${i + 1}: only CREATE TRIGGER and CREATE VIEW statements and comments belong here`);
        }
        continue;
      }
      open = { type: start[1] === 'TRIGGER' ? 'trigger' : 'view', name: start[2]!, lines: [], from: i + 1 };
    }
    open.lines.push(line);
    const end = open.type === 'trigger' ? line.trimEnd() === 'END;' : line.trimEnd().endsWith(';');
    if (!end) continue;
    const { type, name, from } = open;
    if (out.some((c) => c.name === name)) throw new Error(`${file}:${from}: ${name} is defined twice`);
    out.push({ type, name, sql: open.lines.join('\n').trimEnd().slice(0, -1) });
    open = null;
  }
  if (open) throw new Error(`${file}:${open.from}: ${open.name} does not end (a trigger ends at a line "END;")`);
  return out;
}

const triggerCache = new Map<string, SchemaCode[]>();

/** db/triggers.sql as statements, read once per process. */
export function loadTriggers(file: string = TRIGGERS_FILE): SchemaCode[] {
  let code = triggerCache.get(file);
  if (!code) triggerCache.set(file, (code = parseTriggers(readFileSync(file, 'utf8'), file)));
  return code;
}

function storedCode(db: Database.Database): SchemaCode[] {
  return db.prepare<[], SchemaCode>(
    "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name",
  ).all();
}

function sameCode(db: Database.Database, code: readonly SchemaCode[]): boolean {
  const stored = storedCode(db);
  const want = new Map(code.map((c) => [c.name, c]));
  return stored.length === want.size
    && stored.every((s) => want.get(s.name)?.sql === s.sql && want.get(s.name)?.type === s.type);
}

/** Drops every trigger and view: migrations then run on tables alone, whatever a database's history. */
function dropCode(db: Database.Database): void {
  // Triggers first: one may write through a view.
  for (const c of storedCode(db).sort((a, b) => (a.type === b.type ? 0 : a.type === 'trigger' ? -1 : 1))) {
    db.exec(`DROP ${c.type === 'trigger' ? 'TRIGGER' : 'VIEW'} IF EXISTS "${c.name.replaceAll('"', '""')}"`);
  }
}

function createCode(db: Database.Database, code: readonly SchemaCode[]): void {
  // Views first: a trigger may be on one.
  for (const c of code.filter((x) => x.type === 'view')) db.exec(c.sql);
  for (const c of code.filter((x) => x.type === 'trigger')) db.exec(c.sql);
}

/**
 * Applies pending migrations in order, each in its own transaction, recording each in
 * schema_migrations. Returns the migrations applied now.
 *
 * The triggers and views of db/triggers.sql belong to the newest schema, so they are put in place
 * only when the given migrations run to the newest one the program knows (not when a test builds an
 * older database): every stored trigger and view is dropped in the first pending migration's
 * transaction and the file's created in the last one's, so migrations run on tables alone whatever a
 * database's history. (If a later migration fails, the database stays without triggers until it is
 * migrated again; opening it for writing migrates first and fails the same way, so nothing writes to
 * it meanwhile.) With nothing pending, a database whose triggers differ from the file's gets the file's.
 */
export function migrate(db: Database.Database, given?: Migration[], triggers?: readonly SchemaCode[]): Migration[] {
  const migrations = given ?? loadMigrations();
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    db.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all().map((r) => r.version),
  );
  const newest = given ? newestVersion() : migrations.at(-1)?.version;
  const toNewest = newest !== undefined && migrations.at(-1)?.version === newest && ![...applied].some((v) => v > newest);
  const code = toNewest ? (triggers ?? loadTriggers()) : null;
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const pending = migrations.filter((m) => !applied.has(m.version));
  pending.forEach((m, i) => {
    db.transaction(() => {
      if (code && i === 0) dropCode(db);
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
      if (code && i === pending.length - 1) createCode(db, code);
    }).immediate();
  });
  if (code && pending.length === 0 && !sameCode(db, code)) {
    db.transaction(() => {
      // Another process may have done it meanwhile.
      if (sameCode(db, code)) return;
      dropCode(db);
      createCode(db, code);
    }).immediate();
  }
  return pending;
}
