import { createHash } from 'node:crypto';
import { stmt, type Db } from './open.ts';
import { setPairProvenance, type PairProvenance } from './collections.ts';
import { linkItems, type LinkRecord } from './links.ts';
import type {
  AlignmentInput, ArticleMeta, Author, Link, Lang, Paragraph, PairStatus, ParagraphKind, ParagraphLink, ParsedDocument, SourceFormat,
} from '../server/model.ts';

/** One side of a pair ready to store: parsed document with sentences already segmented. */
export type DocumentInput = Omit<ParsedDocument, 'paragraphs'> & { paragraphs: Paragraph[] };

/** A stored article as pages and exports see it. */
export interface StoredDocument {
  articleId: number;
  lang: Lang;
  format: SourceFormat;
  meta: ArticleMeta;
  paragraphs: Paragraph[];
}

export interface PairDetail {
  id: number;
  status: PairStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  en: StoredDocument;
  ko: StoredDocument;
  links: ParagraphLink[];
}

export interface PairSummary {
  id: number;
  status: PairStatus;
  version: number;
  enTitle: string | null;
  koTitle: string | null;
  published: string | null;
  enParagraphs: number;
  koParagraphs: number;
  links: number;
  confirmedLinks: number;
  lowConfidenceLinks: number;
  minConfidence: number | null;
  createdAt: string;
}

/** A link to store: half-open ranges plus review state (defined in the model, re-exported for db callers). */
export type { AlignmentInput, LinkInput } from '../server/model.ts';

export class DuplicatePairError extends Error {
  constructor(public readonly pairId: number, public readonly reason: string, message?: string) {
    super(message ?? `This pair is already stored as pair ${pairId} (${reason}).`);
  }
}

/**
 * An article URL already stored with different text (issue 19): not the same pair again but a
 * newer (or older) version of a stored page. Callers refuse it and point at `jjak import --update`.
 */
export class UrlConflictError extends DuplicatePairError {
  constructor(pairId: number, public readonly lang: Lang, public readonly url: string) {
    const side = lang === 'en' ? 'English' : 'Korean';
    super(pairId, `same ${side} URL ${url}`,
      `The ${side} URL ${url} is already stored as pair ${pairId} with different text. ` +
      `To replace it with this version and keep the review, run: jjak import --update ${pairId} --${lang} FILE`);
  }
}

const nowIso = (): string => new Date().toISOString();

/** Content hash of one document: language plus kinds and texts of its paragraphs. */
export function hashDocument(doc: Pick<DocumentInput, 'lang' | 'paragraphs'>): string {
  // One update of the whole text: the same bytes as one update a piece, without a native call for each.
  let text = doc.lang;
  for (const p of doc.paragraphs) text += `\u0000${p.kind}\u0001${p.text}`;
  return createHash('sha256').update(text).digest('hex');
}

type ArticleRow = {
  id: number; lang: Lang; source_format: SourceFormat; url: string | null; title: string | null;
  subtitles: string; section: string | null; published_at: string | null; modified_at: string | null;
};
type AuthorRow = { name: string; role: string | null; email: string | null };
type ParagraphRow = { id: number; position: number; kind: ParagraphKind; text: string };
type SentenceRow = { paragraph_id: number; position: number; text: string };
type PairRow = {
  id: number; en_article_id: number; ko_article_id: number; status: PairStatus; version: number;
  created_at: string; updated_at: string;
};
type LinkRow = Omit<LinkRecord, 'id' | 'pair_id' | 'position'>;

const toAuthor = (r: AuthorRow): Author => ({
  name: r.name, ...(r.role !== null ? { role: r.role } : {}), ...(r.email !== null ? { email: r.email } : {}),
});

const toLink = (r: LinkRow): Link => ({
  ...linkItems(r), status: r.status,
  confidence: r.confidence, evidence: JSON.parse(r.evidence) as unknown[],
  confirmedBy: r.confirmed_by, confirmedAt: r.confirmed_at,
});

/**
 * One side of a pair in the shape the store writes: everything that needs no database, computed
 * once (a bulk import does it on its parse threads, so the writing thread only runs statements).
 */
export interface ArticleRows {
  lang: Lang;
  format: SourceFormat;
  raw: TextOrUtf8;
  meta: ArticleMeta;
  /** hashDocument of the side. */
  hash: string;
  /** JSON array of [kind, text], one entry a paragraph in reading order (one INSERT … json_each). */
  paragraphs: TextOrUtf8;
  /** JSON array of [paragraph index, text], one entry a sentence in reading order. */
  sentences: TextOrUtf8;
}
/**
 * Text, or the same text as UTF-8 bytes: a parse thread hands big texts over as bytes in one
 * transferred buffer, and SQLite stores them as they are (CAST … AS TEXT), with no copy or
 * transcoding on the writing thread.
 */
export type TextOrUtf8 = string | Uint8Array;
export interface PairRows { en: ArticleRows; ko: ArticleRows; contentKey: string }

/** Paragraphs and sentences of one article as the two JSON arrays the store reads with json_each. */
export function paragraphRows(paragraphs: readonly Paragraph[]): { paragraphs: string; sentences: string } {
  const sentences: [number, string][] = [];
  paragraphs.forEach((p, i) => { for (const text of p.sentences) sentences.push([i, text]); });
  return { paragraphs: JSON.stringify(paragraphs.map((p) => [p.kind, p.text])), sentences: JSON.stringify(sentences) };
}

export function toArticleRows(doc: DocumentInput): ArticleRows {
  return { lang: doc.lang, format: doc.format, raw: doc.raw, meta: doc.meta, hash: hashDocument(doc), ...paragraphRows(doc.paragraphs) };
}

export function toPairRows(en: DocumentInput, ko: DocumentInput): PairRows {
  const enRows = toArticleRows(en);
  const koRows = toArticleRows(ko);
  return { en: enRows, ko: koRows, contentKey: `${enRows.hash}:${koRows.hash}` };
}

/** Finds the pair that an import would duplicate: same content, or an article URL already stored. */
function findDuplicateOfRows(db: Db, rows: PairRows): DuplicatePairError | null {
  const same = stmt<[string], { id: number }>(db, 'SELECT id FROM pairs WHERE content_key = ?').get(rows.contentKey);
  if (same) return new DuplicatePairError(same.id, 'same texts');
  for (const doc of [rows.en, rows.ko]) {
    if (!doc.meta.url) continue;
    // one query per side so both joins run on indexes (articles_url, pairs' unique article ids)
    const hit = stmt<[string], { id: number }>(db, doc.lang === 'en'
      ? `SELECT p.id FROM articles a JOIN pairs p ON p.en_article_id = a.id WHERE a.url = ? AND a.lang = 'en'`
      : `SELECT p.id FROM articles a JOIN pairs p ON p.ko_article_id = a.id WHERE a.url = ? AND a.lang = 'ko'`,
    ).get(doc.meta.url);
    // Same texts were caught above: a stored URL here holds other text.
    if (hit) return new UrlConflictError(hit.id, doc.lang, doc.meta.url);
  }
  return null;
}

function insertArticle(db: Db, doc: ArticleRows, createdAt: string): number {
  const m = doc.meta;
  const info = stmt(db,
    `INSERT INTO articles (lang, source_format, raw_text, content_hash, url, title, subtitles, section,
       published_at, modified_at, created_at)
     VALUES (@lang, @format, CAST(@raw AS TEXT), @hash, @url, @title, @subtitles, @section, @published, @modified, @createdAt)`,
  ).run({
    lang: doc.lang, format: doc.format, raw: doc.raw, hash: doc.hash, url: m.url, title: m.title,
    subtitles: JSON.stringify(m.subtitles), section: m.section, published: m.published, modified: m.modified,
    createdAt,
  });
  const articleId = Number(info.lastInsertRowid);
  const author = stmt(db, 'INSERT INTO authors (article_id, position, name, role, email) VALUES (?, ?, ?, ?, ?)');
  m.authors.forEach((a, i) => author.run(articleId, i, a.name, a.role ?? null, a.email ?? null));
  writeArticleRows(db, articleId, doc, true);
  return articleId;
}

/** Replaces an article's paragraphs and sentences (sentence positions are article-wide). */
export function writeParagraphs(db: Db, articleId: number, paragraphs: readonly Paragraph[]): void {
  writeArticleRows(db, articleId, paragraphRows(paragraphs));
}

/**
 * writeParagraphs from the JSON arrays: one statement a table instead of one a row (a bulk import
 * stores ~100 rows a pair; the per-call overhead was most of the writing thread's time).
 */
function writeArticleRows(db: Db, articleId: number, rows: { paragraphs: TextOrUtf8; sentences: TextOrUtf8 }, isNew = false): void {
  if (!isNew) stmt(db, 'DELETE FROM paragraphs WHERE article_id = ?').run(articleId);
  stmt(db, `INSERT INTO paragraphs (article_id, position, kind, text)
    SELECT ?, j.key, j.value ->> 0, j.value ->> 1 FROM json_each(CAST(? AS TEXT)) AS j`).run(articleId, rows.paragraphs);
  // CROSS JOIN keeps json_each outermost, so each sentence finds its paragraph by the (article_id, position) index.
  stmt(db, `INSERT INTO sentences (paragraph_id, article_id, position, text)
    SELECT p.id, p.article_id, j.key, j.value ->> 1 FROM json_each(CAST(? AS TEXT)) AS j
    CROSS JOIN paragraphs AS p ON p.article_id = ? AND p.position = j.value ->> 0`).run(rows.sentences, articleId);
  // A new article has no pair yet: its pair's insert indexes it, or leaves it in the backlog.
  if (!isNew) indexArticleRows(db, articleId);
}

/**
 * Puts an article's new rows into the search index if its pair is indexed. The rule (which rows,
 * which index, which keys) is stated once, in SQL: db/triggers.sql search_index_requests.
 */
function indexArticleRows(db: Db, articleId: number): void {
  stmt(db, 'INSERT INTO search_index_requests (article_id) VALUES (?)').run(articleId);
}

/**
 * Stores a new pair with both articles, in one transaction. Throws DuplicatePairError when the
 * pair (same texts, or an article URL) is already there, so nothing is added twice.
 */
export function insertPair(db: Db, en: DocumentInput, ko: DocumentInput, alignment?: AlignmentInput, opts: StorePairOptions = {}): number {
  return db.transaction(() => storePairRows(db, toPairRows(en, ko), alignment, opts)).immediate();
}

/**
 * insertPair without a transaction of its own, for a bulk import that stores a batch of pairs in
 * one: the duplicate check runs before anything is written, and the caller rolls the whole batch
 * back on any other error, so each pair is still whole or absent. (A savepoint per pair would also
 * do, but SQLite's FTS5 flushes its pending index at every savepoint, which made imports 7× slower.)
 */
export function insertPairRows(db: Db, en: DocumentInput, ko: DocumentInput, alignment?: AlignmentInput): number {
  return storePairRows(db, toPairRows(en, ko), alignment);
}

export interface StorePairOptions {
  /** Collection, external id and metadata of the pair (migrations/015). */
  provenance?: PairProvenance;
  /**
   * Leave the pair in the search backlog (migrations/008_search_backlog.sql) instead of indexing it
   * now: a bulk import indexes later, in large batches (db/search-backlog.ts).
   */
  deferSearchIndex?: boolean;
}

/** insertPairRows from rows prepared by toPairRows (possibly on another thread). */
export function storePairRows(db: Db, rows: PairRows, alignment?: AlignmentInput, opts: StorePairOptions = {}): number {
  const dup = findDuplicateOfRows(db, rows);
  if (dup) throw dup;
  const at = nowIso();
  const enId = insertArticle(db, rows.en, at);
  const koId = insertArticle(db, rows.ko, at);
  const info = stmt(db,
    `INSERT INTO pairs (en_article_id, ko_article_id, content_key, status, created_at, updated_at, search_indexed)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(enId, koId, rows.contentKey, alignment ? 'aligned' : 'new', at, at, opts.deferSearchIndex ? 0 : 1);
  const pairId = Number(info.lastInsertRowid);
  if (opts.provenance) setPairProvenance(db, pairId, opts.provenance);
  if (alignment) writeLinks(db, pairId, alignment);
  return pairId;
}

/** Replaces all links of a pair (both levels). Call inside a transaction with the version bump. */
export function writeLinks(db: Db, pairId: number, alignment: AlignmentInput): void {
  stmt(db, 'DELETE FROM links WHERE pair_id = ?').run(pairId);
  const insert = stmt(db,
    `INSERT INTO links (pair_id, level, position, en_start, en_end, ko_start, ko_end, status, confidence,
       evidence, confirmed_by, confirmed_at, crossed)
     VALUES (@pairId, @level, @position, @enStart, @enEnd, @koStart, @koEnd, @status, @confidence, @evidence,
       @confirmedBy, @confirmedAt, @crossed)`,
  );
  for (const level of ['paragraph', 'sentence'] as const) {
    const links = level === 'paragraph' ? alignment.paragraphs : alignment.sentences;
    links.forEach((b, position) => insert.run({
      pairId, level, position, enStart: b.en[0], enEnd: b.en[1], koStart: b.ko[0], koEnd: b.ko[1],
      status: b.status ?? 'auto', confidence: b.confidence ?? null, evidence: JSON.stringify(b.evidence ?? []),
      confirmedBy: b.confirmedBy ?? null, confirmedAt: b.confirmedAt ?? null, crossed: b.crossed ? 1 : 0,
    }));
  }
}

/**
 * Saves a new alignment for a pair, bumps its version and records the change; all or nothing.
 * Pair status becomes 'aligned' unless review has started.
 */
export function saveAlignment(db: Db, pairId: number, alignment: AlignmentInput, user = 'system'): number {
  return db.transaction(() => {
    writeLinks(db, pairId, alignment);
    stmt(db,
      `UPDATE pairs SET version = version + 1, updated_at = ?,
         status = CASE WHEN status = 'new' THEN 'aligned' ELSE status END WHERE id = ?`,
    ).run(nowIso(), pairId);
    logChange(db, pairId, user, 'align', {
      paragraphLinks: alignment.paragraphs.length, sentenceLinks: alignment.sentences.length,
    });
    return pairVersion(db, pairId);
  }).immediate();
}

export function pairVersion(db: Db, pairId: number): number {
  const row = stmt<[number], { version: number }>(db, 'SELECT version FROM pairs WHERE id = ?').get(pairId);
  return row?.version ?? 0;
}

export function logChange(db: Db, pairId: number | null, user: string, action: string, detail: object): void {
  stmt(db, 'INSERT INTO change_log (pair_id, user_name, action, detail, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(pairId, user, action, JSON.stringify(detail), nowIso());
}

function readDocument(db: Db, articleId: number): StoredDocument {
  const a = stmt<[number], ArticleRow>(db, 
    `SELECT id, lang, source_format, url, title, subtitles, section, published_at, modified_at
     FROM articles WHERE id = ?`,
  ).get(articleId);
  if (!a) throw new Error(`article ${articleId} is missing`);
  const authors = stmt<[number], AuthorRow>(db, 
    'SELECT name, role, email FROM authors WHERE article_id = ? ORDER BY position',
  ).all(articleId).map(toAuthor);
  const paragraphRows = stmt<[number], ParagraphRow>(db, 
    'SELECT id, position, kind, text FROM paragraphs WHERE article_id = ? ORDER BY position',
  ).all(articleId);
  const sentences = stmt<[number], SentenceRow>(db, 
    'SELECT paragraph_id, position, text FROM sentences WHERE article_id = ? ORDER BY position',
  ).all(articleId);
  const byParagraph = new Map<number, string[]>();
  for (const s of sentences) {
    const list = byParagraph.get(s.paragraph_id) ?? [];
    list.push(s.text);
    byParagraph.set(s.paragraph_id, list);
  }
  return {
    articleId: a.id, lang: a.lang, format: a.source_format,
    meta: {
      title: a.title, subtitles: JSON.parse(a.subtitles) as string[], section: a.section,
      published: a.published_at, modified: a.modified_at, authors, url: a.url,
    },
    paragraphs: paragraphRows.map((p) => ({ kind: p.kind, text: p.text, sentences: byParagraph.get(p.id) ?? [] })),
  };
}

/** Paragraph index of every article-wide sentence index. */
export function sentenceParagraphs(doc: Pick<StoredDocument, 'paragraphs'>): number[] {
  const owner: number[] = [];
  doc.paragraphs.forEach((p, i) => p.sentences.forEach(() => owner.push(i)));
  return owner;
}

/** Reads paragraph and sentence links and nests the sentence links in their paragraph links. */
export function readLinks(db: Db, pairId: number, en: StoredDocument, ko: StoredDocument): ParagraphLink[] {
  const rows = stmt<[number], LinkRow>(db, 
    `SELECT level, en_start, en_end, ko_start, ko_end, status, confidence, evidence, confirmed_by, confirmed_at, crossed
     FROM links WHERE pair_id = ? ORDER BY level, position`,
  ).all(pairId);
  const paragraphLinks: ParagraphLink[] = rows
    .filter((r) => r.level === 'paragraph')
    .map((r): ParagraphLink => (r.crossed ? { ...toLink(r), sentences: [], crossed: true } : { ...toLink(r), sentences: [] }));
  const enOwner = sentenceParagraphs(en);
  const koOwner = sentenceParagraphs(ko);
  const linkOfEnParagraph = new Map<number, ParagraphLink>();
  const linkOfKoParagraph = new Map<number, ParagraphLink>();
  for (const l of paragraphLinks) {
    for (const i of l.en) linkOfEnParagraph.set(i, l);
    for (const i of l.ko) linkOfKoParagraph.set(i, l);
  }
  for (const r of rows) {
    if (r.level !== 'sentence') continue;
    const link = toLink(r);
    const first = link.en.length ? linkOfEnParagraph.get(enOwner[link.en[0]!]!) : linkOfKoParagraph.get(koOwner[link.ko[0]!]!);
    first?.sentences.push(link);
  }
  return paragraphLinks;
}

/** A whole pair: both documents and the nested links. Null when there is no such pair. */
export function getPair(db: Db, pairId: number): PairDetail | null {
  const p = stmt<[number], PairRow>(db, 
    'SELECT id, en_article_id, ko_article_id, status, version, created_at, updated_at FROM pairs WHERE id = ?',
  ).get(pairId);
  if (!p) return null;
  const en = readDocument(db, p.en_article_id);
  const ko = readDocument(db, p.ko_article_id);
  return {
    id: p.id, status: p.status, version: p.version, createdAt: p.created_at, updatedAt: p.updated_at,
    en, ko, links: readLinks(db, p.id, en, ko),
  };
}


export function countPairs(db: Db): number {
  return stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM pairs').get()?.n ?? 0;
}

export function deletePair(db: Db, pairId: number): boolean {
  return db.transaction(() => {
    const p = stmt<[number], PairRow>(db, 'SELECT * FROM pairs WHERE id = ?').get(pairId);
    if (!p) return false;
    stmt(db, 'DELETE FROM articles WHERE id IN (?, ?)').run(p.en_article_id, p.ko_article_id);
    return true;
  }).immediate();
}

/**
 * Deletes a pair and logs who did it, in one transaction. The log row has no pair id: the pair's
 * own log rows go with it, this one stays. False when there is no such pair.
 */
export function deletePairLogged(db: Db, pairId: number, user: string): boolean {
  return db.transaction(() => {
    const titles = stmt<[number], { en: string | null; ko: string | null }>(db,
      `SELECT en.title AS en, ko.title AS ko FROM pairs p
       JOIN articles en ON en.id = p.en_article_id JOIN articles ko ON ko.id = p.ko_article_id WHERE p.id = ?`,
    ).get(pairId);
    if (!titles || !deletePair(db, pairId)) return false;
    logChange(db, null, user, 'delete_pair', { pairId, enTitle: titles.en, koTitle: titles.ko });
    return true;
  }).immediate();
}
