import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { getPair, insertPair } from '../../db/pairs.ts';
import type { Db } from '../../db/open.ts';
import { doc } from '../helpers.ts';

function reviewedPair(db: Db, tag: string, sentenceStatus: (k: number) => 'auto' | 'rejected'): number {
  const id = insertPair(db,
    doc('en', [['title', `Ferry fares rise ${tag}`], ['body', 'Fares rise in May.', 'Students pay less.']]),
    doc('ko', [['title', `여객선 요금 오른다 ${tag}`], ['body', '요금이 5월에 오른다.', '학생은 덜 낸다.']]));
  const mark = { status: 'confirmed' as const, confirmedBy: 'mina', confirmedAt: '2026-11-30T10:00:00.000Z' };
  // Rows as the schema before 013 held them (table `beads`, renamed `links` by 016), so no current writer is used.
  const put = db.prepare(`INSERT INTO beads (pair_id, level, position, en_start, en_end, ko_start, ko_end, status, confirmed_by, confirmed_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const k of [0, 1]) put.run(id, 'paragraph', k, k, k + 1, k, k + 1, mark.status, mark.confirmedBy, mark.confirmedAt);
  for (const k of [0, 1, 2]) put.run(id, 'sentence', k, k, k + 1, k, k + 1, sentenceStatus(k), null, null);
  db.prepare("UPDATE pairs SET status = 'reviewed' WHERE id = ?").run(id);
  return id;
}

test('migration 013 confirms the sentence links of confirmed rows; a pair with a rejected one is no longer reviewed', () => {
  const db: Db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  const all = loadMigrations();
  migrate(db, all.filter((m) => m.version <= 12));
  const done = reviewedPair(db, 'A', () => 'auto');
  const rejected = reviewedPair(db, 'B', (k) => (k === 2 ? 'rejected' : 'auto'));
  assert.deepEqual(migrate(db, all).map((m) => m.version).filter((v) => v === 13), [13]);
  const a = getPair(db, done)!;
  assert.equal(a.status, 'reviewed');
  for (const row of a.links) {
    for (const s of row.sentences) {
      assert.equal(s.status, 'confirmed');
      assert.equal(s.confirmedBy, 'mina');
      assert.equal(s.confirmedAt, '2026-11-30T10:00:00.000Z');
    }
  }
  const b = getPair(db, rejected)!;
  assert.equal(b.status, 'in_review');
  assert.deepEqual(b.links.flatMap((r) => r.sentences.map((s) => s.status)), ['confirmed', 'confirmed', 'rejected']);
});
