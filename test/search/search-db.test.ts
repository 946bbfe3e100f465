import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doc, openTestDb } from '../helpers.ts';
import { deletePair, insertPair, writeParagraphs } from '../../db/pairs.ts';
import { countHits, searchCorpus, type SearchFilters, type SearchLevel, type SearchResult } from '../../db/search.ts';
import { parseQuery, type LangChoice } from '../../server/search/query.ts';
import type { Db } from '../../db/open.ts';
import { storeTalks, talksPair } from './fixtures.ts';

function search(db: Db, q: string, opts: { lang?: LangChoice; level?: SearchLevel; filters?: SearchFilters; sort?: 'date' | 'confidence'; limit?: number; offset?: number } = {}) {
  const parsed = parseQuery(q, opts.lang ?? 'auto');
  assert.ok(parsed.ok, `query ${q} parses`);
  return searchCorpus(db, parsed, opts.filters ?? {}, {
    level: opts.level ?? 'sentence', sort: opts.sort ?? 'date', limit: opts.limit ?? 20, offset: opts.offset ?? 0,
  });
}
const texts = (r: ReturnType<typeof search>, side: 'en' | 'ko') => r.hits.map((h) => h[side].texts.join(' '));

describe('searchCorpus', () => {
  it('finds Korean words whatever particle follows them', () => {
    const db = openTestDb();
    storeTalks(db);
    const r = search(db, '협상');
    assert.equal(r.total, 2);
    assert.deepEqual(texts(r, 'ko'), ['제네바에서 비핵화 협상 재개', '북한은 월요일 새 협상에 동의했다.']);
    assert.equal(search(db, '비핵화').total, 1);
  });

  it('finds two-character Korean words, also at the very end of a sentence', () => {
    const db = openTestDb();
    storeTalks(db);
    const r = search(db, '북한');
    assert.equal(r.total, 1);
    assert.deepEqual(texts(r, 'en'), ['North Korea agreed to new talks on Monday.'], 'the hit comes with its English counterpart');
    // 재개 is the last two characters of the title: only the indexed padding makes it a trigram start
    assert.equal(search(db, '재개').total, 1);
    assert.equal(search(db, '없음').total, 0);
  });

  it('matches English whole words case-insensitively, and phrases as word sequences', () => {
    const db = openTestDb();
    storeTalks(db);
    assert.equal(search(db, 'TALKS').total, 2);
    assert.equal(search(db, 'war').total, 0, '"war" is not found inside "award"');
    assert.equal(search(db, 'award').total, 1);
    assert.equal(search(db, '"North Korea"').total, 1);
    assert.equal(search(db, '"Korea North"').total, 0);
    assert.equal(search(db, 'denuclear*').total, 1);
  });

  it('shows both sides of an n:m link and the paragraph link index for the review row', () => {
    const db = openTestDb();
    const id = storeTalks(db);
    const r = search(db, 'date');
    assert.equal(r.total, 1);
    const hit = r.hits[0]!;
    assert.equal(hit.pairId, id);
    assert.deepEqual(hit.en.texts, ['Officials said the summit could follow.', 'No date was set.']);
    assert.equal(hit.ko.texts.length, 1);
    assert.deepEqual(hit.link, { status: 'auto', confidence: 0.55, type: '2:1' });
    assert.equal(hit.linkIndex, 2);
  });

  it('searches paragraphs on request', () => {
    const db = openTestDb();
    storeTalks(db);
    const r = search(db, '"summit could follow" date', { level: 'paragraph' });
    assert.equal(r.total, 1);
    assert.equal(r.hits[0]!.en.texts[0], 'Officials said the summit could follow. No date was set.');
    assert.equal(r.hits[0]!.linkIndex, 2);
    assert.equal(search(db, '"summit could follow" date').total, 0, 'at sentence level the two words are in two sentences');
  });

  it('searches both sides at once with lang=both', () => {
    const db = openTestDb();
    storeTalks(db);
    assert.equal(search(db, 'Geneva', { lang: 'both' }).total, 1);
    const r = search(db, '"North Korea" 북한', { lang: 'both' });
    assert.equal(r.total, 0, 'every term must occur on the side searched');
    assert.deepEqual(search(db, 'summit', { lang: 'both' }).hits.map((h) => h.lang), ['en']);
  });

  it('filters by status, link type, date range and section', () => {
    const db = openTestDb();
    storeTalks(db, { published: '2019-02-27T09:00:00+09:00', section: 'Politics', tag: ' (Hanoi)' });
    storeTalks(db, { published: '2024-03-12T09:00:00+09:00', section: 'International' });
    assert.equal(search(db, 'talks').total, 4);
    assert.equal(search(db, 'talks', { filters: { status: 'confirmed' } }).total, 2);
    assert.equal(search(db, 'ceremony', { filters: { status: 'confirmed' } }).total, 0);
    assert.equal(search(db, 'date', { filters: { type: { en: 2, ko: 1 } } }).total, 2);
    assert.equal(search(db, 'date', { filters: { type: { en: 1, ko: 1 } } }).total, 0);
    assert.equal(search(db, 'talks', { filters: { from: '2020-01-01' } }).total, 2);
    assert.equal(search(db, 'talks', { filters: { to: '2019-02-27' } }).total, 2);
    assert.equal(search(db, 'talks', { filters: { from: '2019-02-28', to: '2024-03-11' } }).total, 0);
    assert.equal(search(db, 'talks', { filters: { section: 'politics' } }).total, 2);
    assert.equal(countHits(db, parseQuery('talks') as never, { section: 'culture' }, 'sentence'), 0);
  });

  it('sorts by date (newest first) or by confidence (highest first), and pages with an exact total', () => {
    const db = openTestDb();
    const old = storeTalks(db, { published: '2019-02-27T09:00:00+09:00', tag: ' (Hanoi)' });
    const recent = storeTalks(db, { published: '2024-03-12T09:00:00+09:00' });
    const byDate = search(db, 'talks');
    assert.deepEqual(byDate.hits.map((h) => h.pairId), [recent, recent, old, old]);
    const byConfidence = search(db, 'the', { sort: 'confidence' });
    const confidences = byConfidence.hits.map((h) => h.link?.confidence ?? -1);
    assert.deepEqual(confidences, [...confidences].sort((a, b) => b - a));
    const page2 = search(db, 'talks', { limit: 3, offset: 3 });
    assert.equal(page2.total, 4);
    assert.equal(page2.hits.length, 1);
    assert.equal(search(db, 'talks', { limit: 3, offset: 30 }).hits.length, 0);
  });

  it('lists a sentence that has no link yet, with an empty counterpart', () => {
    const db = openTestDb();
    const [en, ko] = talksPair();
    insertPair(db, en, ko);
    const r = search(db, 'Geneva');
    assert.equal(r.total, 1);
    assert.equal(r.hits[0]!.link, null);
    assert.deepEqual(r.hits[0]!.ko.texts, []);
    assert.equal(r.hits[0]!.linkIndex, null);
  });
});

describe('the index follows the tables', () => {
  it('indexes a pair as it is inserted', () => {
    const db = openTestDb();
    assert.equal(search(db, 'Geneva').total, 0);
    storeTalks(db);
    assert.equal(search(db, 'Geneva').total, 1);
    assert.equal(search(db, 'Geneva', { level: 'paragraph' }).total, 1);
  });

  it('follows an UPDATE of a sentence and of a paragraph text', () => {
    const db = openTestDb();
    storeTalks(db);
    db.prepare("UPDATE sentences SET text = 'North Korea agreed to new negotiations on Monday.' WHERE text LIKE 'North Korea agreed%'").run();
    assert.equal(search(db, 'talks').total, 1);
    assert.equal(search(db, 'negotiations').total, 1);
    db.prepare("UPDATE paragraphs SET text = '북한은 화요일 새 협상에 동의했다. 시상식은 연기됐다.' WHERE text LIKE '북한은%'").run();
    assert.equal(search(db, '화요일', { level: 'paragraph' }).total, 1);
    assert.equal(search(db, '월요일', { level: 'paragraph' }).total, 0);
    assert.equal(search(db, '월요일').total, 1, 'the sentence row was not edited');
  });

  it('follows a rewrite of an article\'s paragraphs (writeParagraphs)', () => {
    const db = openTestDb();
    storeTalks(db);
    const articleId = db.prepare<[], { id: number }>("SELECT id FROM articles WHERE lang = 'ko'").get()!.id;
    writeParagraphs(db, articleId, [{ kind: 'body', text: '통일부는 남북 회담을 제안했다.', sentences: ['통일부는 남북 회담을 제안했다.'] }]);
    assert.equal(search(db, '협상').total, 0);
    assert.equal(search(db, '남북').total, 1);
  });

  it('forgets a deleted pair, and the rollback of a failed write leaves the index as it was', () => {
    const db = openTestDb();
    const id = storeTalks(db);
    storeTalks(db, { tag: ' 2' });
    assert.equal(search(db, '북한').total, 2);
    assert.ok(deletePair(db, id));
    assert.equal(search(db, '북한').total, 1);
    assert.equal(search(db, 'Geneva').total, 1);
    assert.throws(() => db.transaction(() => {
      db.prepare("UPDATE sentences SET text = 'replaced' WHERE text LIKE 'North Korea%'").run();
      throw new Error('abort');
    })());
    assert.equal(search(db, 'replaced').total, 0);
    assert.equal(search(db, '"North Korea"').total, 1);
    const integrity = db.prepare("INSERT INTO sentence_words (sentence_words, rank) VALUES ('integrity-check', 0)");
    integrity.run();
  });
});

describe('the newest-pairs walk', () => {
  it('returns exactly the pages the full sort returns, at both levels, for every page', () => {
    const db = openTestDb();
    for (let k = 0; k < 12; k++) {
      // ties on the date, undated pairs, and pairs without any hit
      const published = k % 4 === 3 ? null : `2024-0${1 + (k % 3)}-1${k % 2}T09:00:00+09:00`;
      const word = k % 5 === 4 ? 'ferry' : 'summit';
      const en = doc('en', [['title', `Report ${k}`], ['body', `A ${word} was held.`, `Officials said the ${word} ended.`], ['body', `No ${word} ${k}, the IAEA said.`]]);
      const ko = doc('ko', [['title', `보고 ${k}`], ['body', `${word === 'summit' ? '정상회담' : '여객선'}이 열렸다.`], ['body', '관계자들은 IAEA 회담이 끝났다고 말했다.']]);
      en.meta.published = published;
      ko.meta.published = published;
      insertPair(db, en, ko, k % 3 === 0 ? undefined : {
        paragraphs: [{ en: [0, 1], ko: [0, 1] }, { en: [1, 2], ko: [1, 2] }, { en: [2, 3], ko: [2, 3] }],
        sentences: [{ en: [0, 1], ko: [0, 1] }, { en: [1, 3], ko: [1, 2] }, { en: [3, 4], ko: [2, 3] }],
      });
    }
    for (const [q, lang] of [['회담', 'auto'], ['정상회담 열렸다', 'auto'], ['"회담이 끝났다고"', 'auto'], ['여객선', 'ko'], ['IAEA', 'both'], ['summit', 'auto']] as const) {
      const parsed = parseQuery(q, lang);
      assert.ok(parsed.ok);
      for (const level of ['sentence', 'paragraph'] as const) {
        for (let offset = 0; offset < 40; offset += 7) {
          const page = (strategy: 'sort-all' | 'newest-pairs'): SearchResult =>
            searchCorpus(db, parsed, {}, { level, sort: 'date', limit: 7, offset, strategy });
          const all = page('sort-all');
          const walked = page('newest-pairs');
          assert.equal(walked.total, all.total);
          assert.deepEqual(walked.hits, all.hits, `${q} ${lang} ${level} offset ${offset}`);
        }
      }
    }
  });
});
