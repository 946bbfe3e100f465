/**
 * One pair filter for export, search, stats and the list (db/pair-filter.ts): a section filter
 * matches the section and everything under it, without regard to case, the same everywhere.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countExportUnits, DEFAULT_EXPORT_FILTER } from '../../db/export.ts';
import { openTestDb } from '../helpers.ts';
import { countHits } from '../../db/search/index.ts';
import { parseQuery } from '../../server/search/query.ts';
import { parseExportOptions } from '../../server/export/options.ts';
import { parseSearchParams } from '../../server/search/params.ts';
import { storeTalks } from '../search/fixtures.ts';
import { corpusCounts } from '../../db/stats.ts';
import { countListedPairs, listPairs } from '../../db/pair-list.ts';
import { sectionFilter } from '../../server/import/section.ts';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../../db/migrate.ts';

function corpus() {
  const db = openTestDb();
  storeTalks(db, { section: '경제 > 경제일반', tag: ' (1)' });
  storeTalks(db, { section: '경제', tag: ' (2)' });
  storeTalks(db, { section: '경제일반', tag: ' (3)' });
  storeTalks(db, { section: 'Politics > North Korea', tag: ' (4)' });
  return db;
}

describe('the shared section filter', () => {
  const db = corpus();
  const exported = (section: string) => {
    const { filter } = parseExportOptions({ format: 'tsv', level: 'sentence', status: 'all,rejected', section });
    return countExportUnits(db, filter) / 4; // four sentence links a pair
  };
  // every pair has the same text, so the hits a pair gives are the same for each
  const hits = (section: string) => countHits(db, parseQuery('talks') as never, parseSearchParams({ q: 'talks', section }).filters, 'sentence');
  const found = (section: string) => hits(section) / (hits('') / 4);

  it('export: a section and everything under it, not a sibling that shares its first letters', () => {
    assert.equal(exported('경제'), 2);
    assert.equal(exported('경제 경제일반'), 1);
    assert.equal(exported('경제일반'), 1);
    assert.equal(exported('politics'), 1);
    assert.equal(exported('POLITICS > north korea'), 1);
    assert.equal(exported('North'), 0);
  });

  it('search gives the same pairs as export for the same filter', () => {
    for (const s of ['경제', '경제 > 경제일반', '경제일반', 'politics', 'North']) {
      assert.equal(found(s), exported(s), s);
    }
  });

  it('stats and the pair list count the same pairs as export for the same filter', () => {
    for (const raw of ['경제', '경제 경제일반', '경제일반', 'politics', 'North', '']) {
      const section = sectionFilter(raw);
      const want = section === null ? 4 : exported(raw);
      assert.equal(corpusCounts(db, { collectionId: null, section }).pairs, want, `stats ${raw}`);
      assert.equal(countListedPairs(db, null, section), want, `list count ${raw}`);
      assert.equal(listPairs(db, { limit: 10, offset: 0, section }).length, want, `list page ${raw}`);
    }
    assert.deepEqual(listPairs(db, { limit: 1, offset: 1, section: '경제' }).map((p) => p.id), [1], 'pages of a section, newest first');
  });

  it('the default filter takes every pair', () => {
    assert.equal(countExportUnits(db, { ...DEFAULT_EXPORT_FILTER, status: 'all,rejected' }) / 4, 4);
  });
});

describe('migration 014 stores old sections as paths', () => {
  it('divides Korean section lines at spaces, spaces bare separators, keeps English names', () => {
    const db = new Database(':memory:');
    const all = loadMigrations();
    migrate(db, all.filter((m) => m.version < 14));
    const add = db.prepare(`INSERT INTO articles (lang, source_format, raw_text, content_hash, subtitles, section, created_at) VALUES (?, 'text', '', ?, '[]', ?, '2024-01-01')`);
    add.run('ko', 'a', '정치 외교');
    add.run('ko', 'b', '경제>경제일반');
    add.run('en', 'c', 'North Korea');
    add.run('ko', 'd', '사회');
    migrate(db, all);
    assert.deepEqual(db.prepare('SELECT section FROM articles ORDER BY id').all().map((r) => (r as { section: string }).section),
      ['정치 > 외교', '경제 > 경제일반', 'North Korea', '사회']);
  });
});
