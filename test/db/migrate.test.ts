import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { openTestDb } from '../../db/open.ts';

/** A new temporary folder holding the given migration files (name, SQL). */
function migrationFolder(...files: [string, string][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'jjak-mig-'));
  for (const [name, sql] of files) writeFileSync(join(dir, name), sql);
  return dir;
}

test('every migration applies to an empty database and is recorded once', () => {
  const db = new Database(':memory:');
  const all = loadMigrations();
  assert.ok(all.length >= 1);
  const applied = migrate(db);
  assert.deepEqual(applied.map((m) => m.version), all.map((m) => m.version));
  const recorded = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
  assert.deepEqual(recorded.map((r) => r.version), all.map((m) => m.version));
  assert.deepEqual(migrate(db), [], 'a second run applies nothing');
  for (const table of ['articles', 'paragraphs', 'sentences', 'pairs', 'links', 'change_log', 'authors']) {
    assert.ok(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table), table);
  }
});

test('a failing migration is rolled back whole and not recorded', () => {
  const dir = migrationFolder(['001_ok.sql', 'CREATE TABLE a (x INTEGER);'],
    ['002_bad.sql', 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);']);
  const db = new Database(':memory:');
  assert.throws(() => migrate(db, loadMigrations(dir)), /no such table: nowhere/);
  assert.ok(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'a'").get());
  assert.equal(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'b'").get(), undefined);
  const versions = (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version);
  assert.deepEqual(versions, [1]);
});

test('two migration files with one number are refused', () => {
  const dir = migrationFolder(['001_a.sql', 'SELECT 1;'], ['001_b.sql', 'SELECT 1;']);
  assert.throws(() => loadMigrations(dir), /two files have number 1/);
});

test('openDb turns on foreign keys and WAL for files', () => {
  const db = openTestDb();
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
});
