import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkDatabase } from '../../db/doctor.ts';
import type { Db } from '../../db/open.ts';
import { openTestDb } from '../helpers.ts';
import { runCli } from '../cli-helpers.ts';
import { storeAlignedPair } from './fixtures.ts';

/** Two aligned pairs; returns the db and the second pair's id (the one the tests damage). */
function twoPairs(): { db: Db; id: number } {
  const db = openTestDb();
  storeAlignedPair(db, 1);
  return { db, id: storeAlignedPair(db, 2) };
}

const problemsOf = (db: Db) => checkDatabase(db).problems;

describe('jjak doctor', () => {
  it('passes a clean database and exits 0', async () => {
    const { db } = twoPairs();
    assert.deepEqual(problemsOf(db), []);
    const r = await runCli(['doctor'], { db });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /ok: 2 pairs/);
    assert.deepEqual(r.stderr.trim().split('\n'), [
      'checking SQLite integrity…', 'checking foreign keys…', 'checking articles without a pair…',
      'checking paragraphs, sentences and links of every pair…', 'checking search index…',
    ], 'says which check runs');
    assert.equal((await runCli(['doctor', '--quiet'], { db })).stderr, '');
  });

  it('reports pairs checked as it goes, chunk by chunk', () => {
    const { db } = twoPairs();
    const seen: [number, number][] = [];
    checkDatabase(db, { onPairs: (done, total) => seen.push([done, total]) });
    assert.deepEqual(seen, [[2, 2]]);
  });

  it('finds a paragraph left out of every link (a gap) and exits 1 naming the pair', async () => {
    const { db, id } = twoPairs();
    db.prepare("DELETE FROM links WHERE pair_id = ? AND level = 'paragraph' AND position = 2").run(id);
    const problems = problemsOf(db);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.pairId, id);
    assert.match(problems[0]!.message, /paragraph links cover 2 of 3 English/);
    const r = await runCli(['doctor'], { db });
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`pair ${id}: \\[links\\]`));
  });

  it('finds links that overlap (not monotone)', () => {
    const { db, id } = twoPairs();
    db.prepare("UPDATE links SET en_start = 0 WHERE pair_id = ? AND level = 'sentence' AND position = 1").run(id);
    const [p] = problemsOf(db);
    assert.equal(p?.pairId, id);
    assert.match(p.message, /sentence link 1 .* overlaps the one before it/);
  });

  it('finds a gap between links', () => {
    const { db, id } = twoPairs();
    db.prepare("UPDATE links SET ko_start = 2 WHERE pair_id = ? AND level = 'sentence' AND position = 1").run(id);
    assert.match(problemsOf(db)[0]!.message, /leaves a gap/);
  });

  it('finds a sentence link that crosses paragraph links', () => {
    const { db, id } = twoPairs();
    // Sentence links 1 and 2 merged into one that spans paragraph links 1 and 2.
    db.transaction(() => {
      db.prepare("DELETE FROM links WHERE pair_id = ? AND level = 'sentence' AND position = 2").run(id);
      db.prepare("UPDATE links SET en_end = 4, ko_end = 4 WHERE pair_id = ? AND level = 'sentence' AND position = 1").run(id);
    })();
    const problems = problemsOf(db);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /sentence link 1 .* spans paragraph links 1 and 2/);
  });

  it('finds an article stored without its pair (a partial import)', () => {
    const { db } = twoPairs();
    db.prepare(`INSERT INTO articles (lang, source_format, raw_text, content_hash, created_at)
                VALUES ('en', 'text', 'x', 'h', '2024-01-01T00:00:00Z')`).run();
    const [p] = problemsOf(db);
    assert.equal(p?.check, 'articles');
    assert.match(p.message, /belongs to no pair/);
  });

  it('finds a missing sentence (numbering gap) and the search index then still in step', () => {
    const { db, id } = twoPairs();
    const article = db.prepare<[number], { en_article_id: number }>('SELECT en_article_id FROM pairs WHERE id = ?').get(id)!.en_article_id;
    db.prepare('DELETE FROM sentences WHERE article_id = ? AND position = 1').run(article);
    const problems = problemsOf(db);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.check, 'sentences');
    assert.equal(problems[0]!.pairId, id);
  });

  it('finds a pair marked aligned without links', () => {
    const { db, id } = twoPairs();
    db.prepare('DELETE FROM links WHERE pair_id = ?').run(id);
    assert.match(problemsOf(db)[0]!.message, /marked aligned but has no links/);
  });

  it('finds a dangling foreign key', () => {
    const { db } = twoPairs();
    db.pragma('foreign_keys = OFF');
    db.prepare(`INSERT INTO links (pair_id, level, position, en_start, en_end, ko_start, ko_end) VALUES (999, 'paragraph', 0, 0, 1, 0, 1)`).run();
    db.pragma('foreign_keys = ON');
    assert.ok(problemsOf(db).some((p) => p.check === 'foreign_keys' && /links row \d+ points to a missing pairs row/.test(p.message)));
  });

  it('finds a search index out of step with the sentences', (t) => {
    const { db } = twoPairs();
    const hasSearch = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sentence_words'").get();
    if (!hasSearch) return t.skip('no search migration');
    db.prepare('DELETE FROM sentence_words WHERE rowid = (SELECT min(rowid) FROM sentence_words)').run();
    const [p] = problemsOf(db);
    assert.equal(p?.check, 'search');
    assert.match(p.message, /sentence_words holds 7 rows but there are 8 English sentences/);
  });
});
