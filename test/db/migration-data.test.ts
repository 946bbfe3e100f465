/**
 * The migrations that move existing rows, each run on a database seeded in the schema before it:
 * 003 indexes stored sentences and paragraphs for search, 006 rebuilds the operations table, 008
 * marks stored pairs as indexed. Rows are written with plain SQL in that older schema.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { databaseAt } from './migration-history.ts';

const ALL = loadMigrations();
const NOW = '2024-03-12T07:21:00.000Z';

/** One pair of one paragraph and one sentence a side, in the schema of 001 (which every later one keeps). */
function seedPair(db: Database.Database): { pairId: number } {
  const article = db.prepare(`INSERT INTO articles (lang, source_format, raw_text, content_hash, title, created_at)
    VALUES (?, 'text', ?, ?, ?, ?)`);
  const paragraph = db.prepare('INSERT INTO paragraphs (article_id, position, kind, text) VALUES (?, 0, ?, ?)');
  const sentence = db.prepare('INSERT INTO sentences (paragraph_id, article_id, position, text) VALUES (?, ?, 0, ?)');
  const side = (lang: string, text: string) => {
    const id = Number(article.run(lang, text, `hash-${lang}`, text, NOW).lastInsertRowid);
    const p = Number(paragraph.run(id, 'body', text).lastInsertRowid);
    sentence.run(p, id, text);
    return id;
  };
  const en = side('en', 'The ferry operator suspended sailings to Jeju on Tuesday.');
  const ko = side('ko', '여객선 운항사는 화요일 제주행 운항을 중단했다.');
  const pairId = Number(db.prepare(`INSERT INTO pairs (en_article_id, ko_article_id, content_key, created_at, updated_at)
    VALUES (?, ?, 'hash-en|hash-ko', ?, ?)`).run(en, ko, NOW, NOW).lastInsertRowid);
  db.prepare(`INSERT INTO beads (pair_id, level, position, en_start, en_end, ko_start, ko_end, status, confidence)
    VALUES (?, 'paragraph', 0, 0, 1, 0, 1, 'confirmed', 0.93)`).run(pairId);
  return { pairId };
}

const count = (db: Database.Database, sql: string, ...params: unknown[]) =>
  (db.prepare(sql).get(...params) as { n: number }).n;

describe('migrations that move data', () => {
  it('003 indexes the sentences and paragraphs stored before it, English by word and Korean by trigram', () => {
    const db = databaseAt(2);
    seedPair(db);
    migrate(db, ALL.filter((m) => m.version <= 3));
    assert.equal(count(db, "SELECT count(*) AS n FROM sentence_words WHERE sentence_words MATCH 'ferry'"), 1);
    assert.equal(count(db, "SELECT count(*) AS n FROM paragraph_words WHERE paragraph_words MATCH 'jeju'"), 1);
    assert.equal(count(db, `SELECT count(*) AS n FROM sentence_grams WHERE sentence_grams MATCH '"여객선"'`), 1);
    assert.equal(count(db, `SELECT count(*) AS n FROM paragraph_grams WHERE paragraph_grams MATCH '"운항을"'`), 1);
    // The English text is not in the Korean index, nor the reverse.
    assert.equal(count(db, "SELECT count(*) AS n FROM sentence_grams WHERE sentence_grams MATCH '\"ferry\"'"), 0);
    assert.equal(count(db, `SELECT count(*) AS n FROM sentence_words WHERE sentence_words MATCH '"여객선"'`), 0);
    db.close();
  });

  it('006 carries every operation, its snapshots and its undo state into the rebuilt table', () => {
    const db = databaseAt(5);
    const { pairId } = seedPair(db);
    const insert = db.prepare(`INSERT INTO operations (pair_id, seq, op, args, summary, en_paragraphs, ko_paragraphs,
      before_state, after_state, text_changed, user_name, created_at, undone, undone_by, undone_at)
      VALUES (?, ?, ?, ?, ?, '[0]', '[0]', ?, ?, ?, 'minji', ?, ?, ?, ?)`);
    insert.run(pairId, 1, 'merge', '{"row":1}', 'merged rows 1 and 2', '{"links":[1]}', '{"links":[2]}', 0, NOW, 1, 'minji', NOW);
    insert.run(pairId, 2, 'edit', '{"textLength":12}', 'edited row 1', '{"links":[2]}', '{"links":[3]}', 1, NOW, 0, null, null);
    const before = db.prepare('SELECT * FROM operations ORDER BY id').all();
    migrate(db, ALL.filter((m) => m.version <= 6));
    assert.deepEqual(db.prepare('SELECT * FROM operations ORDER BY id').all(), before);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT seq FROM operations WHERE pair_id = ? AND undone = 0 ORDER BY seq').all(pairId) as { detail: string }[];
    assert.ok(plan.some((r) => r.detail.includes('operations_pair_undone')), JSON.stringify(plan));
    // Deleting the pair still removes its operations (the foreign key came along).
    db.prepare('DELETE FROM pairs WHERE id = ?').run(pairId);
    assert.equal(count(db, 'SELECT count(*) AS n FROM operations'), 0);
    db.close();
  });

  it('008 counts the pairs stored before it as indexed, and they stay searchable through the last migration', () => {
    const db = databaseAt(7);
    const { pairId } = seedPair(db);
    migrate(db, ALL.filter((m) => m.version <= 8));
    assert.equal(count(db, 'SELECT search_indexed AS n FROM pairs WHERE id = ?', pairId), 1);
    migrate(db, ALL);
    assert.equal(count(db, "SELECT count(*) AS n FROM sentence_words WHERE sentence_words MATCH 'sailings'"), 1);
    assert.equal(count(db, 'SELECT count(*) AS n FROM links WHERE pair_id = ? AND status = ?', pairId, 'confirmed'), 1);
    db.close();
  });
});
