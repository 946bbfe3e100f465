/**
 * Pairs in the order of a page, a batch at a time: newest first (the primary key), by publication
 * date (migration 010's index on articles), or from a list already in order.
 */
import { stmt } from '../open.ts';
import { compareByDate } from './order.ts';
import { hasPairFilters, PAIR_FILTERS, pairFilterParams } from './sql.ts';
import type { PairRef, PairSource, SearchContext } from './context.ts';

const PAIRS_BEFORE = `SELECT id, en_article_id, ko_article_id, NULL AS published FROM pairs WHERE id < @before ORDER BY id DESC LIMIT @limit`;
const PAIRS_BEFORE_FILTERED = `SELECT p.id, p.en_article_id, p.ko_article_id, NULL AS published
  FROM pairs p JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
  WHERE p.id < @before ${PAIR_FILTERS} ORDER BY p.id DESC LIMIT @limit`;

/** Pairs newest first (the primary key), with the pair filters tested in the same statement. */
export function pairsById(ctx: SearchContext): PairSource {
  const filtered = hasPairFilters(ctx.filters);
  const next = stmt<[{ before: number; limit: number }], PairRef>(ctx.db, filtered ? PAIRS_BEFORE_FILTERED : PAIRS_BEFORE);
  let before = Number.MAX_SAFE_INTEGER;
  return (size) => {
    const pairs = next.all({ before, limit: size, ...pairFilterParams(ctx.filters) });
    if (pairs.length > 0) before = pairs[pairs.length - 1]!.id;
    return { pairs, done: pairs.length < size };
  };
}

/** A list of pairs already in order, a batch at a time. */
export function listSource(pairs: readonly PairRef[]): PairSource {
  let at = 0;
  return (size) => {
    const batch = pairs.slice(at, at + size);
    at += batch.length;
    return { pairs: batch, done: at >= pairs.length };
  };
}

// The date order walks articles by publication date (index articles_published). A pair's date is
// its Korean article's, else its English article's: a dated Korean article stands for its pair,
// and a dated English article does when its Korean partner has no date. Undated pairs come last.
const DATED_ARTICLES = {
  first: `SELECT id, published_at FROM articles INDEXED BY articles_published WHERE published_at IS NOT NULL ORDER BY published_at DESC LIMIT ?`,
  below: `SELECT id, published_at FROM articles INDEXED BY articles_published WHERE published_at < ? ORDER BY published_at DESC LIMIT ?`,
  atOrBelow: `SELECT id, published_at FROM articles INDEXED BY articles_published WHERE published_at <= ? ORDER BY published_at DESC LIMIT ?`,
  at: `SELECT id, published_at FROM articles INDEXED BY articles_published WHERE published_at = ?`,
};
const PAIRS_OF_DATED_ARTICLES = `SELECT p.id, p.en_article_id, p.ko_article_id, j.value AS article_id
    FROM json_each(?) j JOIN pairs p ON p.ko_article_id = j.value
  UNION ALL
  SELECT p.id, p.en_article_id, p.ko_article_id, j.value AS article_id
    FROM json_each(?) j JOIN pairs p ON p.en_article_id = j.value
    WHERE EXISTS (SELECT 1 FROM articles INDEXED BY articles_published WHERE published_at IS NULL AND id = p.ko_article_id)`;
const UNDATED_PAIRS_BEFORE = `SELECT p.id, p.en_article_id, p.ko_article_id, NULL AS published FROM pairs p
  WHERE p.id < @before
    AND EXISTS (SELECT 1 FROM articles INDEXED BY articles_published WHERE published_at IS NULL AND id = p.ko_article_id)
    AND EXISTS (SELECT 1 FROM articles INDEXED BY articles_published WHERE published_at IS NULL AND id = p.en_article_id)
  ORDER BY p.id DESC LIMIT @limit`;
type DatedArticle = { id: number; published_at: string };

/** Pairs by publication date, newest first, undated last (ORDER.date); needs articles_published. */
export function pairsByDate(ctx: SearchContext): PairSource {
  const { db } = ctx;
  let bound: { value: string; inclusive: boolean } | null = null;
  let undated: PairSource | null = null;
  return (size) => {
    if (undated) return undated(size);
    const articles = bound === null
      ? stmt<[number], DatedArticle>(db, DATED_ARTICLES.first).all(size)
      : stmt<[string, number], DatedArticle>(db, bound.inclusive ? DATED_ARTICLES.atOrBelow : DATED_ARTICLES.below).all(bound.value, size);
    let complete = articles;
    if (articles.length === size) {
      // a batch ends with a whole date: the pairs of one date are ordered by id, so all are needed at once
      const last = articles[size - 1]!.published_at;
      complete = articles.filter((a) => a.published_at !== last);
      if (complete.length > 0) bound = { value: last, inclusive: true }; // the last date is read again, whole
      else {
        complete = stmt<[string], DatedArticle>(db, DATED_ARTICLES.at).all(last);
        bound = { value: last, inclusive: false };
      }
    } else {
      undated = ctx.filters.from !== undefined || ctx.filters.to !== undefined
        ? () => ({ pairs: [], done: true }) // an undated pair has no date in any range
        : undatedPairs(ctx);
    }
    return { pairs: pairsOfDatedArticles(ctx, complete), done: false };
  };
}

function pairsOfDatedArticles(ctx: SearchContext, articles: readonly DatedArticle[]): PairRef[] {
  if (articles.length === 0) return [];
  const date = new Map(articles.map((a) => [a.id, a.published_at] as const));
  const ids = JSON.stringify(articles.map((a) => a.id));
  const rows = stmt<[string, string], { id: number; en_article_id: number; ko_article_id: number; article_id: number }>(ctx.db, PAIRS_OF_DATED_ARTICLES)
    .all(ids, ids);
  const pairs = keepPassing(ctx, rows.map((r) => ({ id: r.id, en_article_id: r.en_article_id, ko_article_id: r.ko_article_id, published: date.get(r.article_id)! })));
  return pairs.sort(compareByDate);
}

/** Pairs with no date on either article, newest first. */
function undatedPairs(ctx: SearchContext): PairSource {
  const next = stmt<[{ before: number; limit: number }], PairRef>(ctx.db, UNDATED_PAIRS_BEFORE);
  let before = Number.MAX_SAFE_INTEGER;
  return (size) => {
    const batch = next.all({ before, limit: size });
    if (batch.length > 0) before = batch[batch.length - 1]!.id;
    return { pairs: keepPassing(ctx, batch), done: batch.length < size };
  };
}

/** The pairs that pass the pair filters (all of them when there are none). */
function keepPassing(ctx: SearchContext, pairs: PairRef[]): PairRef[] {
  if (!hasPairFilters(ctx.filters) || pairs.length === 0) return pairs;
  const passing = new Set(stmt<[{ ids: string } & ReturnType<typeof pairFilterParams>], { id: number }>(ctx.db,
    `SELECT p.id FROM json_each(@ids) j JOIN pairs p ON p.id = j.value
       JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
     WHERE 1 ${PAIR_FILTERS}`).all({ ids: JSON.stringify(pairs.map((p) => p.id)), ...pairFilterParams(ctx.filters) }).map((r) => r.id));
  return pairs.filter((p) => passing.has(p.id));
}
