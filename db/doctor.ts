import type { LinkRecord } from './links.ts';
import type { Db } from './open.ts';

/** One thing wrong with a database, tied to the pair it concerns when there is one. */
export interface Problem {
  /** Which check found it: integrity, foreign_keys, articles, paragraphs, sentences, links, search. */
  check: string;
  pairId: number | null;
  message: string;
}

export interface DoctorReport {
  problems: Problem[];
  /** Problems found in all; `problems` keeps the first `limit`. */
  total: number;
  pairsChecked: number;
  checks: string[];
  /** Facts worth saying that are not problems (e.g. pairs waiting for the search index). */
  notes: string[];
}

type LinkRow = Pick<LinkRecord, 'pair_id' | 'level' | 'position' | 'en_start' | 'en_end' | 'ko_start' | 'ko_end' | 'crossed'>;
type PairRow = { id: number; status: string; en_article_id: number; ko_article_id: number };

/** Pairs read per step: bounded memory however large the corpus. */
const CHUNK = 500;

export interface DoctorOptions {
  /** Problems kept in the report (default 1000; all are counted). */
  limit?: number;
  /** Called as each check starts: integrity, foreign_keys, articles, pairs, search. */
  onCheck?: (check: string) => void;
  /** Called after each chunk of pairs with pairs checked and the total. */
  onPairs?: (done: number, total: number) => void;
}

/**
 * Checks a jjak database: SQLite's integrity check and foreign keys, then jjak's own invariants:
 * every article belongs to a pair and has paragraphs numbered 0…n-1 and sentences numbered 0…m-1
 * in paragraph order; for every pair with links, the links of each level cover each paragraph and
 * each sentence exactly once, in order (monotone and contiguous), and every sentence link lies
 * inside one paragraph link; and, when the search migration is there, the search index holds as
 * many rows as the tables it indexes. Reads only (the FTS5 integrity command writes nothing).
 */
export function checkDatabase(db: Db, opts: DoctorOptions = {}): DoctorReport {
  const limit = opts.limit ?? 1000;
  const report: DoctorReport = { problems: [], total: 0, pairsChecked: 0, checks: [], notes: [] };
  const add: AddProblem = (check, pairId, message) => {
    report.total++;
    if (report.problems.length < limit) report.problems.push({ check, pairId, message });
  };
  report.checks.push('integrity');
  opts.onCheck?.('integrity');
  checkIntegrity(db, add);
  report.checks.push('foreign_keys');
  opts.onCheck?.('foreign_keys');
  checkForeignKeys(db, add);
  report.checks.push('articles');
  opts.onCheck?.('articles');
  checkOrphanArticles(db, add);
  report.checks.push('paragraphs', 'sentences', 'links');
  checkPairs(db, add, report, opts);
  opts.onCheck?.('search');
  checkSearchIndex(db, add, report);
  return report;
}

/** Counts one problem (and keeps it while under the report's limit). */
type AddProblem = (check: string, pairId: number | null, message: string) => void;

function checkIntegrity(db: Db, add: AddProblem): void {
  for (const r of db.pragma('integrity_check') as { integrity_check: string }[]) {
    if (r.integrity_check !== 'ok') add('integrity', null, r.integrity_check);
  }
}

function checkForeignKeys(db: Db, add: AddProblem): void {
  for (const r of db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]) {
    add('foreign_keys', null, `${r.table} row ${r.rowid} points to a missing ${r.parent} row`);
  }
}

/** Articles no pair holds: what a pair stored only in part leaves behind. */
function checkOrphanArticles(db: Db, add: AddProblem): void {
  for (const r of db.prepare<[], { id: number; lang: string }>(
    `SELECT a.id, a.lang FROM articles a
     WHERE NOT EXISTS (SELECT 1 FROM pairs p WHERE p.en_article_id = a.id OR p.ko_article_id = a.id)`,
  ).iterate()) {
    add('articles', null, `article ${r.id} (${r.lang}) belongs to no pair: a pair was stored only in part`);
  }
}

/** The statements the per-pair checks read through, prepared once for the whole walk. */
function preparePairQueries(db: Db) {
  return {
    pairsAfter: db.prepare<[number, number], PairRow>(
      'SELECT id, status, en_article_id, ko_article_id FROM pairs WHERE id > ? ORDER BY id LIMIT ?',
    ),
    langOf: db.prepare<[number], { lang: string }>('SELECT lang FROM articles WHERE id = ?'),
    paragraphsOf: db.prepare<[number], { id: number; position: number }>(
      'SELECT id, position FROM paragraphs WHERE article_id = ? ORDER BY position',
    ),
    sentencesOf: db.prepare<[number], { position: number; paragraph_id: number; paragraph_article: number | null }>(
      `SELECT s.position, s.paragraph_id, p.article_id AS paragraph_article
       FROM sentences s LEFT JOIN paragraphs p ON p.id = s.paragraph_id WHERE s.article_id = ? ORDER BY s.position`,
    ),
    linksIn: db.prepare<[number, number], LinkRow>(
      `SELECT pair_id, level, position, en_start, en_end, ko_start, ko_end, crossed FROM links
       WHERE pair_id BETWEEN ? AND ? ORDER BY pair_id, level, position`,
    ),
  };
}
type PairQueries = ReturnType<typeof preparePairQueries>;

/** Walks the pairs in chunks of CHUNK, reading each chunk's links in one query. */
function checkPairs(db: Db, add: AddProblem, report: DoctorReport, opts: DoctorOptions): void {
  const q = preparePairQueries(db);
  let after = 0;
  opts.onCheck?.('pairs');
  const totalPairs = opts.onPairs ? db.prepare<[], { n: number }>('SELECT count(*) AS n FROM pairs').get()?.n ?? 0 : 0;
  for (;;) {
    if (report.pairsChecked > 0) opts.onPairs?.(report.pairsChecked, totalPairs);
    const pairs = q.pairsAfter.all(after, CHUNK);
    if (pairs.length === 0) break;
    after = pairs[pairs.length - 1]!.id;
    const linksByPair = groupLinksByPair(q.linksIn.all(pairs[0]!.id, after));
    for (const pair of pairs) {
      report.pairsChecked++;
      checkPair(q, add, pair, linksByPair.get(pair.id) ?? []);
    }
  }
}

function groupLinksByPair(links: LinkRow[]): Map<number, LinkRow[]> {
  const linksByPair = new Map<number, LinkRow[]>();
  for (const b of links) {
    const list = linksByPair.get(b.pair_id) ?? [];
    list.push(b);
    linksByPair.set(b.pair_id, list);
  }
  return linksByPair;
}

/** Both articles of one pair, then its links of each level, then sentence links against paragraph links. */
function checkPair(q: PairQueries, add: AddProblem, pair: PairRow, links: LinkRow[]): void {
  const en = readArticle(q, add, pair.id, pair.en_article_id, 'en');
  const ko = readArticle(q, add, pair.id, pair.ko_article_id, 'ko');
  if (links.length === 0) {
    if (pair.status !== 'new') add('links', pair.id, `the pair is marked ${pair.status} but has no links`);
    return;
  }
  if (!en || !ko) return;
  const paragraphTiling = checkTiling(add, pair.id, 'paragraph', links.filter((b) => b.level === 'paragraph'), en.paragraphs, ko.paragraphs);
  const sentenceLinks = links.filter((b) => b.level === 'sentence');
  const sentenceTiling = checkTiling(add, pair.id, 'sentence', sentenceLinks, en.owner.length, ko.owner.length);
  if (!paragraphTiling || !sentenceTiling) return;
  checkSentenceLinksNested(add, pair.id, sentenceLinks, paragraphTiling, en.owner, ko.owner);
}

/** Every sentence link must lie inside one paragraph link. */
function checkSentenceLinksNested(
  add: AddProblem, pairId: number, sentenceLinks: LinkRow[], paragraphTiling: Tiling, enOwner: number[], koOwner: number[],
): void {
  for (const b of sentenceLinks) {
    const holders = new Set<number>();
    for (let k = b.en_start; k < b.en_end; k++) holders.add(paragraphTiling.linkOfEn[enOwner[k]!]!);
    for (let k = b.ko_start; k < b.ko_end; k++) holders.add(paragraphTiling.linkOfKo[koOwner[k]!]!);
    if (holders.size > 1) {
      add('links', pairId, `sentence link ${b.position} (en ${b.en_start}–${b.en_end}, ko ${b.ko_start}–${b.ko_end}) spans paragraph links ${[...holders].sort((x, y) => x - y).join(' and ')}: it must lie inside one`);
    }
  }
}

/** Paragraph index of each sentence, checking numbering on the way; null when the article is broken. */
function readArticle(q: PairQueries, add: AddProblem, pairId: number, articleId: number, lang: 'en' | 'ko') {
  const side = lang === 'en' ? 'English' : 'Korean';
  const paragraphs = readParagraphs(q, add, pairId, articleId, lang, side);
  if (!paragraphs) return null;
  // Sentences are checked even when paragraph numbering failed, so both problems are reported.
  const owner = readSentenceOwners(q, add, pairId, articleId, side, paragraphs.indexOfParagraph);
  return paragraphs.numbered && owner ? { paragraphs: paragraphs.count, owner } : null;
}

/** The article's language and paragraphs; `numbered` is false when positions are not 0…n-1. */
function readParagraphs(q: PairQueries, add: AddProblem, pairId: number, articleId: number, lang: 'en' | 'ko', side: string) {
  const actual = q.langOf.get(articleId)?.lang;
  if (actual !== lang) {
    add('articles', pairId, `the ${side} article ${articleId} is ${actual === undefined ? 'missing' : `marked ${actual}`}`);
    return null;
  }
  const paragraphs = q.paragraphsOf.all(articleId);
  if (paragraphs.length === 0) {
    add('paragraphs', pairId, `the ${side} article ${articleId} has no paragraphs`);
    return null;
  }
  const indexOfParagraph = new Map<number, number>();
  let numbered = true;
  paragraphs.forEach((p, i) => {
    indexOfParagraph.set(p.id, i);
    if (p.position !== i && numbered) {
      add('paragraphs', pairId, `${side} paragraphs are not numbered 0…${paragraphs.length - 1}: position ${p.position} at index ${i}`);
      numbered = false;
    }
  });
  return { count: paragraphs.length, indexOfParagraph, numbered };
}

/** Paragraph index of each sentence; null at the first sentence out of numbering or out of paragraph order. */
function readSentenceOwners(
  q: PairQueries, add: AddProblem, pairId: number, articleId: number, side: string, indexOfParagraph: Map<number, number>,
): number[] | null {
  const owner: number[] = [];
  let last = 0;
  for (const s of q.sentencesOf.all(articleId)) {
    const para = indexOfParagraph.get(s.paragraph_id);
    if (s.position !== owner.length) {
      add('sentences', pairId, `${side} sentences are not numbered from 0 without gaps: position ${s.position} where ${owner.length} was expected`);
      return null;
    }
    if (para === undefined) {
      add('sentences', pairId, `${side} sentence ${s.position} belongs to paragraph ${s.paragraph_id} of ${s.paragraph_article === null ? 'no article' : `article ${s.paragraph_article}`}`);
      return null;
    }
    if (para < last) {
      add('sentences', pairId, `${side} sentence ${s.position} lies in paragraph ${para}, before the paragraph of the sentence ahead of it`);
      return null;
    }
    last = para;
    owner.push(para);
  }
  return owner;
}

/** Per item of each side, the index of the link holding it. */
interface Tiling { linkOfEn: number[]; linkOfKo: number[] }

/**
 * Links of one level must tile [0, nEn) × [0, nKo) in order; returns, per item, the index of its
 * link. Crossed links (a moved paragraph, and the sentence links inside it) are in English order
 * only: their Korean items are skipped where they would be in Korean order.
 */
function checkTiling(add: AddProblem, pairId: number, level: string, links: LinkRow[], nEn: number, nKo: number): Tiling | null {
  const crossedKo = collectCrossedKo(add, pairId, level, links, nKo);
  if (!crossedKo) return null;
  let en = 0;
  let ko = 0;
  const linkOfEn: number[] = [];
  const linkOfKo: number[] = [];
  const skipCrossed = () => { while (crossedKo.has(ko)) ko++; };
  for (const [i, b] of links.entries()) {
    if (b.position !== i) {
      add('links', pairId, `${level} links are not numbered 0…${links.length - 1}: position ${b.position} at index ${i}`);
      return null;
    }
    const inOrderKo = !b.crossed && b.ko_end > b.ko_start;
    if (inOrderKo) skipCrossed();
    if (b.en_start !== en || (!b.crossed && b.ko_start !== ko)) {
      const what = b.en_start < en || b.ko_start < ko ? 'overlaps the one before it (not monotone)' : 'leaves a gap after the one before it';
      add('links', pairId, `${level} link ${i} (en ${b.en_start}–${b.en_end}, ko ${b.ko_start}–${b.ko_end}) ${what}`);
      return null;
    }
    for (let k = b.en_start; k < b.en_end; k++) linkOfEn[k] = i;
    for (let k = b.ko_start; k < b.ko_end; k++) linkOfKo[k] = i;
    en = b.en_end;
    if (!b.crossed) ko = b.ko_end;
  }
  skipCrossed();
  if (en !== nEn || ko !== nKo) {
    add('links', pairId, `${level} links cover ${en} of ${nEn} English and ${ko} of ${nKo} Korean ${level}s: every ${level} must be in exactly one link`);
    return null;
  }
  return { linkOfEn, linkOfKo };
}

/**
 * The Korean items held by crossed links, which the in-order walk skips; null when a crossed
 * paragraph link is one-sided or two crossed links claim the same item (one-sided crossed
 * sentence links are left to the walk).
 */
function collectCrossedKo(add: AddProblem, pairId: number, level: string, links: LinkRow[], nKo: number): Set<number> | null {
  const crossedKo = new Set<number>();
  for (const b of links) {
    if (!b.crossed) continue;
    if (b.en_start >= b.en_end || b.ko_start >= b.ko_end) {
      if (level === 'paragraph') {
        add('links', pairId, `crossed ${level} link ${b.position} (en ${b.en_start}–${b.en_end}, ko ${b.ko_start}–${b.ko_end}) is one-sided`);
        return null;
      }
      continue;
    }
    for (let k = b.ko_start; k < b.ko_end; k++) {
      if (crossedKo.has(k) || k >= nKo) {
        add('links', pairId, `crossed ${level} link ${b.position} holds Korean ${level} ${k} twice or past the end`);
        return null;
      }
      crossedKo.add(k);
    }
  }
  return crossedKo;
}

/** Search tables from migrations/003_search.sql and the rows each should hold. */
const SEARCH_TABLES: { table: string; source: string; lang: 'en' | 'ko' }[] = [
  { table: 'sentence_words', source: 'sentences', lang: 'en' },
  { table: 'sentence_grams', source: 'sentences', lang: 'ko' },
  { table: 'paragraph_words', source: 'paragraphs', lang: 'en' },
  { table: 'paragraph_grams', source: 'paragraphs', lang: 'ko' },
];

function checkSearchIndex(db: Db, add: AddProblem, report: DoctorReport): void {
  const exists = db.prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?");
  const present = SEARCH_TABLES.filter((t) => exists.get(t.table));
  if (present.length === 0) return;
  report.checks.push('search');
  const hasBacklog = db.prepare<[], { name: string }>('SELECT name FROM pragma_table_info(\'pairs\')').all().some((c) => c.name === 'search_indexed');
  if (hasBacklog) {
    const n = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM pairs WHERE search_indexed = 0').get()?.n ?? 0;
    if (n > 0) report.notes.push(`${n} pair${n === 1 ? '' : 's'} wait${n === 1 ? 's' : ''} for the search index (not a problem: a running server indexes them, or jjak index)`);
  }
  for (const t of present) {
    // Table names come from the constant list above, never from input: identifiers cannot be bound.
    try {
      // The FTS5 integrity command is an INSERT (it writes nothing): a read-only connection skips it.
      if (!db.readonly) db.prepare(`INSERT INTO ${t.table} (${t.table}) VALUES ('integrity-check')`).run();
    } catch (e) {
      add('search', null, `the search index ${t.table} is damaged: ${(e as Error).message}; rebuild it`);
      continue;
    }
    const indexed = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${t.table}`).get()?.n ?? 0;
    const all = db.prepare<[string], { n: number }>(
      `SELECT count(*) AS n FROM ${t.source} s JOIN articles a ON a.id = s.article_id WHERE a.lang = ?`,
    ).get(t.lang)?.n ?? 0;
    // Rows of pairs in the search backlog (migrations/008) are not indexed yet, and must not be.
    const waiting = hasBacklog ? db.prepare<[string], { n: number }>(
      `SELECT count(*) AS n FROM pairs p JOIN articles a ON a.id IN (p.en_article_id, p.ko_article_id)
       JOIN ${t.source} s ON s.article_id = a.id WHERE p.search_indexed = 0 AND a.lang = ?`,
    ).get(t.lang)?.n ?? 0 : 0;
    const expected = all - waiting;
    if (indexed !== expected) {
      add('search', null, `the search index ${t.table} holds ${indexed} rows but there are ${expected} ${t.lang === 'en' ? 'English' : 'Korean'} ${t.source}: the index is out of step`);
    }
  }
}
