import { linkItems, type LinkRecord } from './links.ts';
import type { Db } from './open.ts';
import { pairFilterBindings, PAIR_FILTER_SQL, type PairFilter } from './pair-filter.ts';
import { logChange, storePairRows, toPairRows, type AlignmentInput, type DocumentInput } from './pairs.ts';
import { collectionsOfPairs, findCollection, getPairProvenance, type CollectionInfo, type StoredProvenance } from './collections.ts';
import { spanItems, type ArticleMeta, type Author, type Link, type LinkStatus, type Lang, type Paragraph, type PairStatus, type ParagraphKind } from '../server/model.ts';

/** Which links an export takes: paragraph links or sentence links. */
export type ExportLevel = 'paragraph' | 'sentence';
export const EXPORT_LEVELS: readonly ExportLevel[] = ['paragraph', 'sentence'];

/**
 * What an export selects. Pair filters (PairFilter: ids, dates, section, collection) pick pairs; link filters (status,
 * confidence, one-sided, n:m) pick links inside them, at both levels alike.
 */
export interface ExportFilter extends PairFilter {
  level: ExportLevel;
  /**
   * Link statuses taken: 'confirmed' (reviewer-confirmed only, the default), 'all' (auto and
   * confirmed: rejected links are left out unless asked for), or a comma list of auto, confirmed,
   * rejected in that order ('auto,confirmed,rejected' is every link). See {@link exportStatuses}.
   */
  status: string;
  /** Keep links with confidence ≥ this. Confirmed links always pass: a reviewer outranks the score. */
  minConfidence: number | null;
  /** Keep links with an empty side (1:0, 0:1). */
  includeOneSided: boolean;
  /** Keep links with more than one item on a side (1:2, 2:1, 2:2 …); false keeps 1:1 only. */
  includeMulti: boolean;
  /** Only pairs of the collection of this name (migrations/015); null: every pair. */
  collection: string | null;
}

export const DEFAULT_EXPORT_FILTER: ExportFilter = {
  level: 'sentence', status: 'confirmed', minConfidence: null, includeOneSided: false, includeMulti: true,
  pairIds: null, from: null, to: null, section: null, collection: null,
};

/** One side of an exported pair: the article's metadata and its whole text structure. */
export interface ExportDocument {
  lang: Lang;
  meta: ArticleMeta;
  paragraphs: Paragraph[];
  /** Paragraph index of every article-wide sentence index. */
  sentenceParagraph: number[];
}

/** A link at one level, as exported: the model's link with its reading-order position, evidence as stored. */
export interface ExportLink extends Omit<Link, 'evidence'> {
  /** Reading-order position of the link within its pair and level. */
  position: number;
  /** The evidence JSON exactly as stored. */
  evidence: string;
  /** Set (true) only on a crossed link: a moved paragraph, out of Korean order (issue 17). */
  crossed?: true;
}

/** One pair as the exporters see it, shared by all its units. */
export interface ExportPair {
  id: number;
  status: PairStatus;
  en: ExportDocument;
  ko: ExportDocument;
  /** Links at the level not being exported, with the same link filters (JSONL rebuilds the pair from them). */
  otherLinks: ExportLink[];
  /** Collection (with licence and attribution), the record's own id and metadata (issue 19). */
  provenance?: StoredProvenance;
}

/** One exported unit: one link with both texts and everything known about it. */
export interface ExportUnit extends ExportLink {
  level: ExportLevel;
  pair: ExportPair;
  /** 0-based index of this unit among the exported units of its pair. */
  index: number;
  /** English and Korean text; items of one paragraph joined by a space, across paragraphs by a newline. */
  enText: string;
  koText: string;
  /** Link type such as "1:2" (English count : Korean count). */
  linkType: string;
}

const PAIR_PAGE = 200;

/** Static SQL shared by the link queries: link filters as bound parameters. */
const LINK_WHERE = `
  ((@auto = 1 AND b.status = 'auto') OR (@confirmed = 1 AND b.status = 'confirmed') OR (@rejected = 1 AND b.status = 'rejected'))
  AND (@minConfidence IS NULL OR b.status = 'confirmed' OR b.confidence >= @minConfidence)
  AND (@oneSided = 1 OR (b.en_end > b.en_start AND b.ko_end > b.ko_start))
  AND (@multi = 1 OR (b.en_end - b.en_start <= 1 AND b.ko_end - b.ko_start <= 1))`;

/** The statuses a filter's `status` takes (unknown words take nothing). */
export function exportStatuses(status: string): Set<LinkStatus> {
  const out = new Set<LinkStatus>();
  for (const w of status.split(',')) {
    if (w === 'all') { out.add('auto'); out.add('confirmed'); }
    else if (w === 'auto' || w === 'confirmed' || w === 'rejected') out.add(w);
  }
  return out;
}

function statusFlags(status: string) {
  const s = exportStatuses(status);
  return { auto: s.has('auto') ? 1 : 0, confirmed: s.has('confirmed') ? 1 : 0, rejected: s.has('rejected') ? 1 : 0 };
}

function linkParams(f: ExportFilter) {
  return {
    ...statusFlags(f.status), minConfidence: f.minConfidence,
    oneSided: f.includeOneSided ? 1 : 0, multi: f.includeMulti ? 1 : 0,
  };
}

type PairRow = { id: number; status: PairStatus; en_article_id: number; ko_article_id: number };
type ArticleRow = {
  lang: Lang; url: string | null; title: string | null; subtitles: string; section: string | null;
  published_at: string | null; modified_at: string | null;
};
type AuthorRow = { name: string; role: string | null; email: string | null };
type ParagraphRow = { id: number; kind: ParagraphKind; text: string };
type SentenceRow = { paragraph_id: number; text: string };
type LinkRow = Omit<LinkRecord, 'id' | 'pair_id' | 'level'> & { level: ExportLevel };

const toLink = (r: LinkRow): ExportLink => ({
  position: r.position, ...linkItems(r), status: r.status,
  confidence: r.confidence, evidence: r.evidence, confirmedBy: r.confirmed_by, confirmedAt: r.confirmed_at,
  ...(r.crossed ? { crossed: true as const } : {}),
});

/** The prepared statements one export needs, made once. */
function prepareStatements(db: Db) {
  return {
    pairs: db.prepare<[Record<string, unknown>], PairRow>(
      `SELECT p.id, p.status, p.en_article_id, p.ko_article_id
       FROM pairs p JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
       WHERE p.id > @after AND ${PAIR_FILTER_SQL}
       ORDER BY p.id LIMIT @limit`,
    ),
    article: db.prepare<[number], ArticleRow>(
      `SELECT lang, url, title, subtitles, section, published_at, modified_at FROM articles WHERE id = ?`,
    ),
    authors: db.prepare<[number], AuthorRow>('SELECT name, role, email FROM authors WHERE article_id = ? ORDER BY position'),
    paragraphs: db.prepare<[number], ParagraphRow>('SELECT id, kind, text FROM paragraphs WHERE article_id = ? ORDER BY position'),
    sentences: db.prepare<[number], SentenceRow>('SELECT paragraph_id, text FROM sentences WHERE article_id = ? ORDER BY position'),
    links: db.prepare<[Record<string, unknown>], LinkRow>(
      `SELECT b.level, b.position, b.en_start, b.en_end, b.ko_start, b.ko_end, b.status, b.confidence, b.evidence,
         b.confirmed_by, b.confirmed_at, b.crossed
       FROM links b WHERE b.pair_id = @pairId AND b.level = @level AND ${LINK_WHERE}
       ORDER BY b.position`,
    ),
  };
}
type Statements = ReturnType<typeof prepareStatements>;

function readExportDocument(st: Statements, articleId: number): ExportDocument {
  const a = st.article.get(articleId);
  if (!a) throw new Error(`article ${articleId} is missing`);
  const authors: Author[] = st.authors.all(articleId).map((r) => ({
    name: r.name, ...(r.role !== null ? { role: r.role } : {}), ...(r.email !== null ? { email: r.email } : {}),
  }));
  const paragraphRows = st.paragraphs.all(articleId);
  const indexOf = new Map(paragraphRows.map((p, i) => [p.id, i]));
  const paragraphs: Paragraph[] = paragraphRows.map((p) => ({ kind: p.kind, text: p.text, sentences: [] }));
  const sentenceParagraph: number[] = [];
  for (const s of st.sentences.all(articleId)) {
    const i = indexOf.get(s.paragraph_id)!;
    paragraphs[i]!.sentences.push(s.text);
    sentenceParagraph.push(i);
  }
  return {
    lang: a.lang, paragraphs, sentenceParagraph,
    meta: {
      title: a.title, subtitles: JSON.parse(a.subtitles) as string[], section: a.section,
      published: a.published_at, modified: a.modified_at, authors, url: a.url,
    },
  };
}

/** Flat sentence texts of a document, by article-wide index. */
const sentenceTexts = (d: ExportDocument): string[] => d.paragraphs.flatMap((p) => p.sentences);

/**
 * Joins the items of one side of a link into the unit's text: sentences of one paragraph with a
 * space (they were one running text), a paragraph boundary with a newline.
 */
export function joinItems(doc: ExportDocument, level: ExportLevel, items: readonly number[], sentences?: readonly string[]): string {
  if (level === 'paragraph') return items.map((i) => doc.paragraphs[i]?.text ?? '').join('\n');
  const texts = sentences ?? sentenceTexts(doc);
  let out = '';
  items.forEach((i, k) => {
    if (k > 0) out += doc.sentenceParagraph[i] === doc.sentenceParagraph[items[k - 1]!] ? ' ' : '\n';
    out += texts[i] ?? '';
  });
  return out;
}

/**
 * Streams the units an export selects, pair by pair in id order, links in reading order.
 * Memory holds one page of pair ids and one pair at a time, never the corpus: pairs are read by
 * keyset pages, and each pair's documents and links are read whole (a pair is one article).
 * (One query per pair rather than one `.iterate()` over all links, because better-sqlite3 keeps
 * the connection busy while an iterator is open, and the texts and metadata need further reads.)
 */
export function* iterateExportUnits(db: Db, filter: ExportFilter): Generator<ExportUnit> {
  const st = prepareStatements(db);
  const otherLevel: ExportLevel = filter.level === 'paragraph' ? 'sentence' : 'paragraph';
  const pp = pairFilterBindings(filter);
  const bp = linkParams(filter);
  let after = 0;
  for (;;) {
    const page = st.pairs.all({ ...pp, after, limit: PAIR_PAGE });
    if (page.length === 0) return;
    for (const row of page) {
      after = row.id;
      const links = st.links.all({ ...bp, pairId: row.id, level: filter.level });
      if (links.length === 0) continue;
      const en = readExportDocument(st, row.en_article_id);
      const ko = readExportDocument(st, row.ko_article_id);
      const pair: ExportPair = {
        id: row.id, status: row.status, en, ko,
        otherLinks: st.links.all({ ...bp, pairId: row.id, level: otherLevel }).map(toLink),
        provenance: getPairProvenance(db, row.id),
      };
      const enSentences = filter.level === 'sentence' ? sentenceTexts(en) : undefined;
      const koSentences = filter.level === 'sentence' ? sentenceTexts(ko) : undefined;
      let index = 0;
      for (const b of links) {
        const enItems = spanItems([b.en_start, b.en_end]);
        const koItems = spanItems([b.ko_start, b.ko_end]);
        // Every property spelt out, not spread from a link object: measured, a spread here made
        // V8 keep (promote) a large share of the units and raised the peak memory by ~50 MB.
        yield {
          position: b.position, en: enItems, ko: koItems, status: b.status, confidence: b.confidence,
          evidence: b.evidence, confirmedBy: b.confirmed_by, confirmedAt: b.confirmed_at,
          level: filter.level, pair, index: index++,
          enText: joinItems(en, filter.level, enItems, enSentences),
          koText: joinItems(ko, filter.level, koItems, koSentences),
          linkType: `${enItems.length}:${koItems.length}`,
          ...(b.crossed ? { crossed: true as const } : {}),
        };
      }
    }
  }
}

/** The collections of the pairs an export with this filter selects: what its header names (licence, attribution). */
export function exportCollections(db: Db, filter: ExportFilter): CollectionInfo[] {
  return collectionsOfPairs(db,
    `SELECT p.id FROM pairs p JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id WHERE ${PAIR_FILTER_SQL}`,
    pairFilterBindings(filter));
}

/** The exact number of units an export with this filter writes (one aggregate query). */
export function countExportUnits(db: Db, filter: ExportFilter): number {
  return db.prepare<[Record<string, unknown>], { n: number }>(
    `SELECT count(*) AS n FROM links b
     JOIN pairs p ON p.id = b.pair_id
     JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
     WHERE b.level = @level AND ${PAIR_FILTER_SQL} AND ${LINK_WHERE}`,
  ).get({ ...pairFilterBindings(filter), ...linkParams(filter), level: filter.level })?.n ?? 0;
}

/** A pair rebuilt from an export (see server/export/jsonl-reader.ts), ready to store. */
export interface RebuiltPair {
  en: DocumentInput;
  ko: DocumentInput;
  alignment: AlignmentInput;
  pairStatus: PairStatus;
  /** One-sided links added to make the alignment whole (server/import/complete-links.ts), per level. */
  completed?: { paragraph: number; sentence: number };
  /** The exported pair's collection (by name; kept only when it exists here), record id and meta (issue 19). */
  provenance?: { collection: string | null; externalId: string | null; meta: Record<string, unknown> | null };
}

/**
 * Stores a pair rebuilt from a jjak JSONL export in its own transaction; the collection is the
 * pair's own (by name) when this database has it. Throws DuplicatePairError like insertPair.
 */
export function insertRebuiltPair(db: Db, pair: RebuiltPair, user = 'system'): number {
  return db.transaction(() => {
    const name = pair.provenance?.collection ?? null;
    return storeRebuiltPair(db, pair, { user, collectionId: name === null ? null : findCollection(db, name)?.id ?? null });
  }).immediate();
}

/**
 * Stores a rebuilt pair inside the caller's transaction (a bulk import writes a batch in one):
 * the pair's rows, its review status as exported, its provenance with `collectionId`, and the
 * change-log entry. A savepoint of its own, so a pair the database refuses (a CHECK constraint)
 * leaves nothing behind while the batch goes on. `deferSearchIndex` leaves it in the search backlog.
 */
export function storeRebuiltPair(db: Db, pair: RebuiltPair, opts: { user: string; collectionId: number | null; deferSearchIndex?: boolean }): number {
  return db.transaction(() => {
    const v = pair.provenance;
    const id = storePairRows(db, toPairRows(pair.en, pair.ko), pair.alignment, {
      provenance: { collectionId: opts.collectionId, externalId: v?.externalId ?? null, meta: v?.meta ?? null },
      ...(opts.deferSearchIndex ? { deferSearchIndex: true } : {}),
    });
    db.prepare('UPDATE pairs SET status = ? WHERE id = ?').run(pair.pairStatus, id);
    logChange(db, id, opts.user, 'import', { via: 'export-jsonl' }); // every import leaves its entry (issue 15)
    return id;
  })();
}
