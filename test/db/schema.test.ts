import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SCHEMA_SNAPSHOT } from '../../db/migrate.ts';
import { openTestDb } from '../../db/open.ts';
import { schemaText } from '../../db/schema.ts';

test('db/schema.sql is the schema every migration builds on an empty database (npm run schema:snapshot regenerates it)', () => {
  const db = openTestDb();
  const actual = schemaText(db);
  db.close();
  const snapshot = readFileSync(SCHEMA_SNAPSHOT, 'utf8');
  if (actual === snapshot) return;
  // Name the first object that differs, so the message says where to look.
  const blocks = (s: string) => new Map(s.split('\n-- ').slice(1).map((b) => [b.split('\n')[0]!, b]));
  const want = blocks(snapshot);
  const got = blocks(actual);
  const differ = [...new Set([...want.keys(), ...got.keys()])].filter((k) => want.get(k) !== got.get(k));
  assert.fail(`db/schema.sql disagrees with the migrations on: ${differ.join(', ')}. `
    + 'If a new migration changed the schema on purpose, run `npm run schema:snapshot` and review the diff.');
});
