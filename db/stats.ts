/**
 * Corpus figures for the dashboard: counts, review progress, confidence distribution, length ratios
 * of confirmed sentence links and the pairs that most need review. Read-only.
 */
import type { Db } from './open.ts';
import { SECTION_FILTER_SQL, sectionBindings } from './pair-filter.ts';
import { type LinkStatus, type Lang, type PairStatus, LOW_CONFIDENCE } from '../server/model.ts';
import type { ConfidenceBin, CorpusCounts, CorpusStats, DayCount, LinkLevel, RatioBin, ReviewNeed } from '../server/charts/corpus-stats.ts';

/**
 * Which pairs the figures count: all of them, one collection's (migrations/015), and/or those of a
 * section and the sections under it (the shared section filter, db/pair-filter.ts). The filtered
 * SQL is a separate constant text per query, so the corpus-wide figures keep their plans.
 */
export interface StatsScope { collectionId: number | null; section?: string | null }
const ALL: StatsScope = { collectionId: null };
const isFiltered = (scope: StatsScope): boolean => scope.collectionId !== null || (scope.section ?? null) !== null;
/** The statement's bindings (a statement without the parameters ignores them). */
const bind = (scope: StatsScope) => ({ cid: scope.collectionId, ...sectionBindings(scope.section ?? null) });
/** The pairs in scope (its own aliases, so it nests anywhere). */
const PAIRS_IN_SCOPE = `SELECT sp.id FROM pairs sp JOIN articles e ON e.id = sp.en_article_id JOIN articles k ON k.id = sp.ko_article_id
  WHERE (@cid IS NULL OR sp.collection_id = @cid) AND ${SECTION_FILTER_SQL}`;
const IN_COLLECTION = `pair_id IN (${PAIRS_IN_SCOPE})`;
const ARTICLES_IN_COLLECTION = `WHERE a.id IN (SELECT sp.en_article_id FROM pairs sp WHERE sp.id IN (${PAIRS_IN_SCOPE})
  UNION ALL SELECT sp.ko_article_id FROM pairs sp WHERE sp.id IN (${PAIRS_IN_SCOPE}))`;

const PAIR_STATUSES: readonly PairStatus[] = ['new', 'aligned', 'in_review', 'reviewed'];
/** Ratio bins of 0.25 up to 6 English characters per Korean character, then one open bin. */
const RATIO_STEP = 0.25;
const RATIO_MAX = 6;
/** Points drawn in the scatter; the histogram and median use every link. */
const SCATTER_SAMPLE = 600;

export function corpusCounts(db: Db, scope: StatsScope = ALL): CorpusCounts {
  const f = isFiltered(scope);
  const pairsByStatus = Object.fromEntries(PAIR_STATUSES.map((s) => [s, 0])) as Record<PairStatus, number>;
  for (const r of db.prepare<[ReturnType<typeof bind>], { status: PairStatus; n: number }>(`SELECT status, count(*) AS n FROM pairs ${f ? `WHERE id IN (${PAIRS_IN_SCOPE})` : ''} GROUP BY status`).all(bind(scope))) {
    pairsByStatus[r.status] = r.n;
  }
  const byLang = (table: 'paragraphs' | 'sentences'): Record<Lang, number> => {
    // counted per article through the (article_id, position) indexes: no lookup per row
    const sql = table === 'paragraphs'
      ? `SELECT a.lang, sum((SELECT count(*) FROM paragraphs x WHERE x.article_id = a.id)) AS n FROM articles a ${f ? ARTICLES_IN_COLLECTION : ''} GROUP BY a.lang`
      : `SELECT a.lang, sum((SELECT count(*) FROM sentences x WHERE x.article_id = a.id)) AS n FROM articles a ${f ? ARTICLES_IN_COLLECTION : ''} GROUP BY a.lang`;
    const out: Record<Lang, number> = { en: 0, ko: 0 };
    for (const r of db.prepare<[ReturnType<typeof bind>], { lang: Lang; n: number }>(sql).all(bind(scope))) out[r.lang] = r.n;
    return out;
  };
  const links: Record<LinkLevel, Record<LinkStatus, number>> = {
    paragraph: { auto: 0, confirmed: 0, rejected: 0 }, sentence: { auto: 0, confirmed: 0, rejected: 0 },
  };
  for (const r of db.prepare<[ReturnType<typeof bind>], { level: LinkLevel; status: LinkStatus; n: number }>(
    `SELECT level, status, count(*) AS n FROM links ${f ? `WHERE ${IN_COLLECTION}` : ''} GROUP BY level, status`,
  ).all(bind(scope))) links[r.level][r.status] = r.n;
  const linkTypes: CorpusCounts['linkTypes'] = { paragraph: [], sentence: [] };
  for (const r of db.prepare<[ReturnType<typeof bind>], { level: LinkLevel; type: string; n: number }>(
    `SELECT level, (en_end - en_start) || ':' || (ko_end - ko_start) AS type, count(*) AS n
     FROM links ${f ? `WHERE ${IN_COLLECTION}` : ''} GROUP BY level, type ORDER BY level, n DESC, type`,
  ).all(bind(scope))) linkTypes[r.level].push({ type: r.type, count: r.n });
  const pairs = PAIR_STATUSES.reduce((n, s) => n + pairsByStatus[s], 0);
  return { pairs, pairsByStatus, paragraphs: byLang('paragraphs'), sentences: byLang('sentences'), links, linkTypes };
}

/** Confirmations per day (UTC day of confirmed_at), per level, oldest first. */
export function reviewProgress(db: Db, scope: StatsScope = ALL): DayCount[] {
  const rows = db.prepare<[ReturnType<typeof bind>], { day: string; level: LinkLevel; n: number }>(
    `SELECT substr(confirmed_at, 1, 10) AS day, level, count(*) AS n FROM links
     WHERE status = 'confirmed' AND confirmed_at IS NOT NULL ${isFiltered(scope) ? `AND ${IN_COLLECTION}` : ''} GROUP BY day, level ORDER BY day`,
  ).all(bind(scope));
  const byDay = new Map<string, DayCount>();
  for (const r of rows) {
    const d = byDay.get(r.day) ?? { day: r.day, paragraph: 0, sentence: 0 };
    d[r.level] = r.n;
    byDay.set(r.day, d);
  }
  return [...byDay.values()];
}

/** Link confidence in ten bins of 0.1 (the last includes 1.0), per level, and the links without one. */
export function confidenceDistribution(db: Db, scope: StatsScope = ALL): CorpusStats['confidence'] {
  const bins: ConfidenceBin[] = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, paragraph: 0, sentence: 0 }));
  const unscored: Record<LinkLevel, number> = { paragraph: 0, sentence: 0 };
  for (const r of db.prepare<[ReturnType<typeof bind>], { level: LinkLevel; bin: number | null; n: number }>(
    `SELECT level, CASE WHEN confidence IS NULL THEN NULL ELSE min(9, CAST(confidence * 10 AS INTEGER)) END AS bin, count(*) AS n
     FROM links ${isFiltered(scope) ? `WHERE ${IN_COLLECTION}` : ''} GROUP BY level, bin`,
  ).all(bind(scope))) {
    if (r.bin === null) unscored[r.level] += r.n;
    else bins[r.bin]![r.level] += r.n;
  }
  return { bins, unscored };
}

/**
 * English/Korean length ratio (characters) of every confirmed sentence link with both sides:
 * histogram, median, and an evenly spread sample for the scatter plot.
 */
export function lengthRatios(db: Db, scope: StatsScope = ALL): CorpusStats['lengthRatio'] {
  const rows = db.prepare<[ReturnType<typeof bind>], { en_chars: number; ko_chars: number }>(
    `SELECT
       (SELECT sum(length(text)) FROM sentences WHERE article_id = p.en_article_id AND position >= b.en_start AND position < b.en_end) AS en_chars,
       (SELECT sum(length(text)) FROM sentences WHERE article_id = p.ko_article_id AND position >= b.ko_start AND position < b.ko_end) AS ko_chars
     FROM links b JOIN pairs p ON p.id = b.pair_id
     WHERE b.level = 'sentence' AND b.status = 'confirmed' AND b.en_end > b.en_start AND b.ko_end > b.ko_start
       ${isFiltered(scope) ? `AND p.id IN (${PAIRS_IN_SCOPE})` : ''}`,
  ).all(bind(scope)).filter((r) => r.en_chars > 0 && r.ko_chars > 0);
  const samples = rows.map((r) => ({ enChars: r.en_chars, koChars: r.ko_chars, ratio: r.en_chars / r.ko_chars }));
  const nBins = RATIO_MAX / RATIO_STEP;
  const bins: RatioBin[] = Array.from({ length: nBins + 1 }, (_, i) => ({
    from: i * RATIO_STEP, to: i < nBins ? (i + 1) * RATIO_STEP : null, count: 0,
  }));
  for (const s of samples) bins[Math.min(nBins, Math.floor(s.ratio / RATIO_STEP))]!.count++;
  const sorted = samples.map((s) => s.ratio).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length === 0 ? null : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const step = Math.max(1, Math.ceil(samples.length / SCATTER_SAMPLE));
  return { links: samples.length, median, bins, sample: samples.filter((_, i) => i % step === 0) };
}

/** Pairs with the most unreviewed links below the confidence threshold (both levels), worst first. */
export function lowConfidencePairs(db: Db, limit = 10, scope: StatsScope = ALL): ReviewNeed[] {
  return db.prepare<[{ threshold: number; limit: number } & ReturnType<typeof bind>], {
    pair_id: number; en_title: string | null; ko_title: string | null; low_links: number; links: number; min_confidence: number | null;
  }>(
    `SELECT b.pair_id, e.title AS en_title, k.title AS ko_title,
       sum(b.status = 'auto' AND b.confidence < @threshold) AS low_links, count(*) AS links, min(b.confidence) AS min_confidence
     FROM links b JOIN pairs p ON p.id = b.pair_id
     JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
     ${isFiltered(scope) ? `WHERE p.id IN (${PAIRS_IN_SCOPE})` : ''}
     GROUP BY b.pair_id HAVING low_links > 0 ORDER BY low_links DESC, min_confidence, b.pair_id LIMIT @limit`,
  ).all({ threshold: LOW_CONFIDENCE, limit, ...bind(scope) }).map((r) => ({
    pairId: r.pair_id, enTitle: r.en_title, koTitle: r.ko_title, lowLinks: r.low_links, links: r.links, minConfidence: r.min_confidence,
  }));
}

/** Everything the dashboard shows, read in one transaction so the figures agree with each other. */
export function corpusStats(db: Db, scope: StatsScope = ALL): CorpusStats {
  return db.transaction(() => ({
    counts: corpusCounts(db, scope),
    reviewProgress: reviewProgress(db, scope),
    confidence: confidenceDistribution(db, scope),
    lengthRatio: lengthRatios(db, scope),
    lowConfidencePairs: lowConfidencePairs(db, 10, scope),
    lowConfidenceThreshold: LOW_CONFIDENCE,
  }))();
}
