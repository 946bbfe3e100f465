import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb } from '../helpers.ts';
import type { Db } from '../../db/open.ts';
import { checkDatabase } from '../../db/doctor.ts';
import { deletePair, storePairRows, toPairRows, writeParagraphs } from '../../db/pairs.ts';
import {
  countSearchBacklog, drainSearchBacklog, indexPairsForSearch, indexSearchBacklog,
} from '../../db/search-backlog.ts';
import { talksPair, TALKS_ALIGNMENT } from '../search/fixtures.ts';

/** Index rows matching a query, straight from the FTS5 tables (independent of the search page's logic). */
function indexed(db: Db, table: 'sentence_words' | 'sentence_grams' | 'paragraph_words' | 'paragraph_grams', query: string): number {
  return db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${table} MATCH ?`).get(query)!.n;
}

function storeDeferred(db: Db, tag: string, defer = true): number {
  const [en, ko] = talksPair({ tag });
  return db.transaction(() => storePairRows(db, toPairRows(en, ko), TALKS_ALIGNMENT, { deferSearchIndex: defer })).immediate();
}

describe('the search backlog', () => {
  it('keeps a deferred pair out of the index until it is indexed, and doctor finds both states clean', () => {
    const db = openTestDb();
    storeDeferred(db, ' one', false);
    storeDeferred(db, ' two');
    assert.equal(countSearchBacklog(db), 1);
    assert.equal(indexed(db, 'sentence_words', 'Geneva'), 1, 'only the pair indexed at once');
    assert.equal(indexed(db, 'paragraph_grams', '제네바'), 1);
    let report = checkDatabase(db);
    assert.deepEqual(report.problems, []);
    assert.match(report.notes.join('\n'), /1 pair waits for the search index/);

    assert.equal(indexSearchBacklog(db, 10), 1);
    assert.equal(countSearchBacklog(db), 0);
    assert.equal(indexed(db, 'sentence_words', 'Geneva'), 2);
    assert.equal(indexed(db, 'sentence_grams', '비핵화'), 2);
    assert.equal(indexed(db, 'paragraph_words', 'summit'), 2);
    assert.equal(indexed(db, 'paragraph_grams', '제네바'), 2);
    report = checkDatabase(db);
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.notes, []);
  });

  it('doctor notices an index out of step with the backlog', () => {
    const db = openTestDb();
    const id = storeDeferred(db, '');
    // Rows of a backlog pair written into the index by hand: the index now holds rows it must not.
    db.prepare(`INSERT INTO sentence_words (rowid, text, article_id, position)
      SELECT s.id, s.text, s.article_id, s.position FROM sentences s JOIN pairs p ON p.en_article_id = s.article_id WHERE p.id = ?`).run(id);
    const problems = checkDatabase(db).problems;
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.check, 'search');
  });

  it('leaves the index alone when a backlog pair is edited or deleted', () => {
    const db = openTestDb();
    const id = storeDeferred(db, '');
    const ko = db.prepare<[number], { id: number }>('SELECT ko_article_id AS id FROM pairs WHERE id = ?').get(id)!.id;
    // The same shape (so the links still fit), other words.
    writeParagraphs(db, ko, [
      { kind: 'title', text: '남북 회담 제안', sentences: ['남북 회담 제안'] },
      { kind: 'body', text: '통일부는 회담을 제안했다. 시상식은 연기됐다.', sentences: ['통일부는 회담을 제안했다.', '시상식은 연기됐다.'] },
      { kind: 'body', text: '날짜는 정해지지 않았다.', sentences: ['날짜는 정해지지 않았다.'] },
    ]);
    db.prepare("UPDATE sentences SET text = 'Talks were replaced.' WHERE text LIKE 'North Korea%'").run();
    assert.equal(indexed(db, 'sentence_grams', '통일부'), 0);
    assert.equal(indexed(db, 'sentence_words', 'replaced'), 0);
    assert.deepEqual(checkDatabase(db).problems, []);

    assert.equal(indexPairsForSearch(db, [id]), 1);
    assert.equal(indexed(db, 'sentence_grams', '통일부'), 1, 'indexing takes the rows as they are now');
    assert.equal(indexed(db, 'sentence_grams', '협상'), 0);
    assert.equal(indexed(db, 'sentence_words', 'replaced'), 1);
    assert.deepEqual(checkDatabase(db).problems, []);

    const other = storeDeferred(db, ' gone');
    assert.ok(deletePair(db, other));
    assert.deepEqual(checkDatabase(db).problems, [], 'deleting rows that were never indexed is harmless');
    assert.equal(indexed(db, 'sentence_words', 'Geneva'), 1);
  });

  it('indexes only the pairs asked for, never takes a pair back into the backlog', () => {
    const db = openTestDb();
    const a = storeDeferred(db, ' a');
    const b = storeDeferred(db, ' b');
    assert.equal(indexPairsForSearch(db, [b, 999]), 1);
    assert.equal(indexPairsForSearch(db, [b]), 0, 'already indexed');
    assert.equal(countSearchBacklog(db), 1);
    assert.equal(db.prepare<[number], { s: number }>('SELECT search_indexed AS s FROM pairs WHERE id = ?').get(a)!.s, 0);
    assert.throws(() => db.prepare('UPDATE pairs SET search_indexed = 0 WHERE id = ?').run(b), /cannot go back into the search backlog/);
  });

  it('drains in batches with progress, oldest first', () => {
    const db = openTestDb();
    const ids = ['1', '2', '3', '4', '5'].map((t) => storeDeferred(db, ` ${t}`));
    assert.equal(indexSearchBacklog(db, 1), 1);
    assert.equal(db.prepare<[number], { s: number }>('SELECT search_indexed AS s FROM pairs WHERE id = ?').get(ids[0]!)!.s, 1);
    const seen: [number, number][] = [];
    assert.equal(drainSearchBacklog(db, { batch: 2, onProgress: (done, total) => seen.push([done, total]) }), 4);
    assert.deepEqual(seen, [[2, 4], [4, 4]]);
    assert.equal(indexed(db, 'sentence_words', 'Geneva'), 5);
    assert.equal(drainSearchBacklog(db), 0);
    assert.deepEqual(checkDatabase(db).problems, []);
  });
});
