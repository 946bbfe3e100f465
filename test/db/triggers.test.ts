/**
 * db/triggers.sql holds every trigger in its final form (issue 15). A database made by an earlier jjak
 * at any version holds other triggers and an index they wrote; migrating it must give the schema and
 * the search index a new database gets for the same rows, and the triggers must keep the index equal
 * to the indexing rule through later writes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { loadMigrations, loadTriggers, migrate, parseTriggers } from '../../db/migrate.ts';
import { schemaText } from '../../db/schema.ts';
import { deletePair, writeParagraphs } from '../../db/pairs.ts';
import { indexSearchBacklog } from '../../db/search-backlog.ts';
import { databaseAt } from './migration-history.ts';

const ALL = loadMigrations();
const NEWEST = ALL.at(-1)!.version;
const NOW = '2025-11-03T09:30:00.000Z';

function newestDatabase(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

interface SeedPair { en: string[][]; ko: string[][]; backlog?: boolean }

/** Three pairs (paragraphs of sentences a side); the third waits in the search backlog where there is one. */
const SEED: SeedPair[] = [
  {
    en: [['Port workers in Busan walked out on Monday.', 'The strike halted container traffic.'], ['Talks resume on Thursday.']],
    ko: [['부산 항만 노동자들이 월요일 파업에 들어갔다.', '파업으로 컨테이너 물동량이 멈췄다.'], ['협상은 목요일 재개된다.']],
  },
  {
    en: [['A late frost damaged apple orchards in Andong.'], ['Growers asked for emergency aid.', 'Prices rose at once.']],
    ko: [['때늦은 서리로 안동 사과 과수원이 피해를 입었다.'], ['농민들은 긴급 지원을 요청했다.', '값은 곧바로 올랐다.']],
  },
  {
    en: [['The city library will open until midnight during exams.']],
    ko: [['시립 도서관이 시험 기간 자정까지 문을 연다.']],
    backlog: true,
  },
];

/** Writes SEED with plain SQL in the schema of `db` (001's columns, and search_indexed from 008 on). */
function seed(db: Database.Database): { pairs: number[]; articles: number[] } {
  const hasBacklog = (db.prepare("SELECT name FROM pragma_table_info('pairs')").all() as { name: string }[])
    .some((c) => c.name === 'search_indexed');
  const article = db.prepare(`INSERT INTO articles (lang, source_format, raw_text, content_hash, title, created_at)
    VALUES (?, 'text', ?, ?, ?, ?)`);
  const paragraph = db.prepare('INSERT INTO paragraphs (article_id, position, kind, text) VALUES (?, ?, ?, ?)');
  const sentence = db.prepare('INSERT INTO sentences (paragraph_id, article_id, position, text) VALUES (?, ?, ?, ?)');
  const side = (lang: string, paras: string[][], key: string) => {
    const raw = paras.map((p) => p.join(' ')).join('\n\n');
    const id = Number(article.run(lang, raw, key, paras[0]![0], NOW).lastInsertRowid);
    let s = 0;
    paras.forEach((p, i) => {
      const pid = Number(paragraph.run(id, i, i === 0 ? 'title' : 'body', p.join(' ')).lastInsertRowid);
      for (const text of p) sentence.run(pid, id, s++, text);
    });
    return id;
  };
  const pairs: number[] = [];
  const articles: number[] = [];
  SEED.forEach((p, i) => {
    const en = side('en', p.en, `en-${i}`);
    const ko = side('ko', p.ko, `ko-${i}`);
    articles.push(en, ko);
    const backlog = hasBacklog && p.backlog === true;
    pairs.push(Number(db.prepare(`INSERT INTO pairs (en_article_id, ko_article_id, content_key, created_at, updated_at${hasBacklog ? ', search_indexed' : ''})
      VALUES (?, ?, ?, ?, ?${hasBacklog ? ', ?' : ''})`).run(en, ko, `en-${i}:ko-${i}`, NOW, NOW, ...(hasBacklog ? [backlog ? 0 : 1] : [])).lastInsertRowid));
  });
  return { pairs, articles };
}

const TABLES = [
  { table: 'sentence_words', source: 'sentences', lang: 'en', tokenize: 'unicode61 remove_diacritics 2' },
  { table: 'sentence_grams', source: 'sentences', lang: 'ko', tokenize: 'trigram' },
  { table: 'paragraph_words', source: 'paragraphs', lang: 'en', tokenize: 'unicode61 remove_diacritics 2' },
  { table: 'paragraph_grams', source: 'paragraphs', lang: 'ko', tokenize: 'trigram' },
] as const;

/** Everything an FTS5 table holds: its rows' keys and every token at every offset. */
function dumpIndex(db: Database.Database, table: string): { rows: unknown[]; tokens: unknown[] } {
  const vocab = `temp.dump_${table}`;
  db.exec(`DROP TABLE IF EXISTS ${vocab}; CREATE VIRTUAL TABLE ${vocab} USING fts5vocab(main, ${table}, instance)`);
  const dump = {
    rows: db.prepare(`SELECT rowid, article_id, position FROM ${table} ORDER BY rowid`).raw().all(),
    tokens: db.prepare(`SELECT doc, offset, term FROM ${vocab} ORDER BY doc, offset, term`).raw().all(),
  };
  db.exec(`DROP TABLE ${vocab}`);
  return dump;
}

function searchIndex(db: Database.Database) {
  return Object.fromEntries(TABLES.map((t) => [t.table, dumpIndex(db, t.table)]));
}

/**
 * The index the rule asks for, built from the rows themselves into a scratch database (the test's
 * own statement of the rule, independent of the triggers): rows of articles in a pair that is not in
 * the backlog, by the article's language, Korean text with two trailing spaces.
 */
function expectedIndex(db: Database.Database) {
  const oracle = new Database(':memory:');
  const index = Object.fromEntries(TABLES.map((t) => {
    oracle.exec(`CREATE VIRTUAL TABLE ${t.table} USING fts5 (text, article_id UNINDEXED, position UNINDEXED,
      tokenize = '${t.tokenize}', content = '', contentless_unindexed = 1)`);
    const rows = db.prepare(`SELECT r.id, r.text || ? AS text, r.article_id, r.position FROM ${t.source} r JOIN articles a ON a.id = r.article_id
      WHERE a.lang = ? AND EXISTS (SELECT 1 FROM pairs p WHERE r.article_id IN (p.en_article_id, p.ko_article_id) AND p.search_indexed = 1)`)
      .raw().all(t.lang === 'ko' ? '  ' : '', t.lang);
    const insert = oracle.prepare(`INSERT INTO ${t.table} (rowid, text, article_id, position) VALUES (?, ?, ?, ?)`);
    for (const r of rows) insert.run(...(r as unknown[]));
    return [t.table, dumpIndex(oracle, t.table)];
  }));
  oracle.close();
  return index;
}

/** Later writes through today's code: re-segmenting, edits, the backlog drained, a pair deleted. */
function writeAfter(db: Database.Database, s: { pairs: number[]; articles: number[] }): void {
  writeParagraphs(db, s.articles[0]!, [
    { kind: 'title', text: 'Port workers in Busan ended their strike.', sentences: ['Port workers in Busan ended their strike.'] },
    { kind: 'body', text: 'Cranes moved again by noon. Talks go on.', sentences: ['Cranes moved again by noon.', 'Talks go on.'] },
  ]);
  writeParagraphs(db, s.articles[5]!, [
    { kind: 'title', text: '시립 도서관이 시험 기간 밤새 문을 연다.', sentences: ['시립 도서관이 시험 기간 밤새 문을 연다.'] },
  ]);
  db.prepare('UPDATE sentences SET text = ? WHERE article_id = ? AND position = 1').run('농민들은 정부에 긴급 지원을 요청했다.', s.articles[3]);
  db.prepare('UPDATE paragraphs SET text = ? WHERE article_id = ? AND position = 0').run('A hard frost damaged orchards.', s.articles[2]);
  indexSearchBacklog(db, 10);
  deletePair(db, s.pairs[1]!);
}

const triggersOf = (db: Database.Database) =>
  db.prepare("SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name").all();

describe('triggers defined once (db/triggers.sql)', () => {
  const versions = ALL.map((m) => m.version).filter((v) => v < NEWEST);
  for (const version of versions) {
    it(`a database made at version ${version} migrates to the schema and search index of a new one`, () => {
      const old = databaseAt(version);
      const oldSeed = seed(old);
      migrate(old);
      const fresh = newestDatabase();
      const freshSeed = seed(fresh);
      // Before version 8 there was no backlog: the third pair was indexed when stored.
      if (version < 8) indexSearchBacklog(fresh, 10);
      assert.equal(schemaText(old), schemaText(fresh));
      assert.deepEqual(searchIndex(old), searchIndex(fresh));
      assert.deepEqual(searchIndex(fresh), expectedIndex(fresh));
      writeAfter(old, oldSeed);
      writeAfter(fresh, freshSeed);
      assert.deepEqual(searchIndex(old), searchIndex(fresh));
      assert.deepEqual(searchIndex(fresh), expectedIndex(fresh), 'the triggers keep the index equal to the rule');
      old.close();
      fresh.close();
    });
  }

  it('the index follows the rule: nothing of a backlog pair, an indexed pair whole', () => {
    const db = newestDatabase();
    seed(db);
    const index = searchIndex(db);
    // Two indexed pairs: 3 + 3 English sentences, 2 + 2 English paragraphs; the backlog pair's none.
    assert.equal(index.sentence_words!.rows.length, 6);
    assert.equal(index.paragraph_words!.rows.length, 4);
    assert.equal(index.sentence_grams!.rows.length, 6);
    assert.equal(db.prepare("SELECT count(*) AS n FROM sentence_grams WHERE sentence_grams MATCH '도서관'").pluck().get(), 0);
    indexSearchBacklog(db, 10);
    assert.equal(db.prepare("SELECT count(*) AS n FROM sentence_grams WHERE sentence_grams MATCH '도서관'").pluck().get(), 1);
    // A request for an article without a pair does nothing.
    const lone = Number(db.prepare(`INSERT INTO articles (lang, source_format, raw_text, content_hash, title, created_at)
      VALUES ('en', 'text', 'Alone.', 'lone', 'Alone.', ?)`).run(NOW).lastInsertRowid);
    db.prepare("INSERT INTO paragraphs (article_id, position, kind, text) VALUES (?, 0, 'body', 'Alone here.')").run(lone);
    db.prepare('INSERT INTO search_index_requests (article_id) VALUES (?)').run(lone);
    assert.equal(db.prepare("SELECT count(*) AS n FROM paragraph_words WHERE paragraph_words MATCH 'alone'").pluck().get(), 0);
    db.close();
  });

  it('an open puts back the file\'s triggers when a database\'s differ, and leaves a newer jjak\'s alone', () => {
    const db = newestDatabase();
    const want = triggersOf(db);
    db.exec('DROP TRIGGER sentences_search_delete');
    db.exec('CREATE TRIGGER stray AFTER INSERT ON articles BEGIN SELECT 1; END');
    assert.deepEqual(migrate(db), []);
    assert.deepEqual(triggersOf(db), want);

    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'later', ?)").run(NEWEST + 1, NOW);
    db.exec('DROP TRIGGER sentences_search_delete');
    migrate(db);
    assert.equal(triggersOf(db).length, want.length - 1, 'a database from a newer program keeps its own triggers');
    db.close();
  });

  it('building an older version applies the migrations alone', () => {
    const db = new Database(':memory:');
    migrate(db, ALL.filter((m) => m.version <= 8));
    assert.deepEqual(triggersOf(db), []);
    db.close();
  });

  it('reads the definitions file strictly', () => {
    const code = loadTriggers();
    assert.ok(code.some((c) => c.type === 'view' && c.name === 'search_index_requests'));
    assert.ok(code.every((c) => /^CREATE (TRIGGER|VIEW) /.test(c.sql) && !c.sql.endsWith(';')));
    assert.throws(() => parseTriggers('CREATE TABLE t (x);\n'), /:1: only CREATE TRIGGER and CREATE VIEW/);
    assert.throws(() => parseTriggers('-- fine\nCREATE TRIGGER a AFTER INSERT ON t BEGIN\n  SELECT 1;\n'), /:2: a does not end/);
    const twice = 'CREATE VIEW v AS SELECT 1;\n\nCREATE VIEW v AS SELECT 2;\n';
    assert.throws(() => parseTriggers(twice), /:3: v is defined twice/);
  });
});
