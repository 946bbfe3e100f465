/**
 * Each trigger is defined once, in its final form, in db/triggers.sql (issue 15): a migration that
 * creates a trigger, or a second definition of one, fails here. (Migrations that created triggers
 * later replaced made 16 CREATE TRIGGER statements for 7 live triggers before.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { TRIGGERS_FILE, loadMigrations, MIGRATIONS_DIR } from '../../db/migrate.ts';
import { openTestDb } from '../../db/open.ts';

/** CREATE TRIGGER / CREATE VIEW statements in SQL text, comments left out, as [kind, name]. */
function definitions(sql: string): [string, string][] {
  const code = sql.replace(/--[^\n]*/g, '');
  return [...code.matchAll(/\bCREATE\s+(?:TEMP(?:ORARY)?\s+)?(TRIGGER|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?["`]?(\w+)/gi)]
    .map((m) => [m[1]!.toUpperCase(), m[2]!.toLowerCase()]);
}

test('every live trigger is created exactly once, in db/triggers.sql, and no migration creates a trigger or view', () => {
  const places = new Map<string, string[]>();
  const note = (name: string, where: string) => places.set(name, [...(places.get(name) ?? []), where]);
  const inMigrations: string[] = [];
  for (const m of loadMigrations()) {
    const file = relative(process.cwd(), `${MIGRATIONS_DIR}${String(m.version).padStart(3, '0')}_${m.name}.sql`);
    for (const [kind, name] of definitions(m.sql)) {
      note(name, file);
      inMigrations.push(`${file}: CREATE ${kind} ${name}`);
    }
  }
  for (const [, name] of definitions(readFileSync(TRIGGERS_FILE, 'utf8'))) note(name, 'db/triggers.sql');

  // db/migrate.ts drops every trigger and view before migrating, so one made by a migration would not last.
  assert.deepEqual(inMigrations, [], 'triggers and views belong in db/triggers.sql, not in a migration');

  const db = openTestDb();
  const live = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name").all().map((r) => r.name);
  db.close();
  assert.ok(live.length >= 7, `only ${live.length} triggers and views in a new database`);
  const wrong = live.filter((name) => places.get(name)?.length !== 1 || places.get(name)![0] !== 'db/triggers.sql')
    .map((name) => `${name}: ${(places.get(name) ?? ['nowhere']).join(', ')}`);
  assert.deepEqual(wrong, [], 'each live trigger must be defined exactly once, in db/triggers.sql');
  // Nothing defined in the file is missing from a new database.
  assert.deepEqual([...places.keys()].filter((name) => !live.includes(name)), []);
});

test('the count finds trigger and view definitions, and skips comments', () => {
  assert.deepEqual(definitions(`-- CREATE TRIGGER old_one
CREATE TRIGGER IF NOT EXISTS a AFTER INSERT ON t BEGIN SELECT 1; END;
create temp view "b" AS SELECT 1;`), [['TRIGGER', 'a'], ['VIEW', 'b']]);
});
