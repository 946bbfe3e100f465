/**
 * The confidence order walks links by confidence (index links_level_confidence). Links of equal
 * confidence are taken whole, since their hits are then ordered by date; a confidence shared by
 * more links than LINK_GROUP_CAP is walked by date instead, as are links without a confidence
 * and hits without a link, which come last.
 */
import { stmt } from '../open.ts';
import type { LinkRecord } from '../links.ts';
import type { Lang } from '../../server/model.ts';
import { ANY_LINK, WalkAbandoned, type PairRef, type SearchContext, type Walked } from './context.ts';
import { compareByConfidence, type KeyedHit } from './order.ts';
import { joinRanges, probe } from './probe.ts';
import { pairsByDate } from './sources.ts';
import { PAIR_FILTERS, pairFilterParams, UNIT_TABLES, type HitRow } from './sql.ts';
import { walkPairs, WALK_FIRST_BATCH, WALK_MAX_BATCH } from './walk.ts';

// confidence is not null here: the walk reads only scored links
type LinkRef = Pick<LinkRecord, 'id' | 'pair_id' | 'en_start' | 'en_end' | 'ko_start' | 'ko_end' | 'status'> & { confidence: number };
const LINK_COLUMNS = 'id, pair_id, en_start, en_end, ko_start, ko_end, status, confidence';
const LINKS_BY_CONFIDENCE = {
  first: `SELECT ${LINK_COLUMNS} FROM links WHERE level = ? AND confidence IS NOT NULL ORDER BY confidence DESC LIMIT ?`,
  below: `SELECT ${LINK_COLUMNS} FROM links WHERE level = ? AND confidence < ? ORDER BY confidence DESC LIMIT ?`,
  atOrBelow: `SELECT ${LINK_COLUMNS} FROM links WHERE level = ? AND confidence <= ? ORDER BY confidence DESC LIMIT ?`,
  at: `SELECT ${LINK_COLUMNS} FROM links WHERE level = ? AND confidence = ?`,
  count: 'SELECT count(*) AS n FROM (SELECT 1 FROM links WHERE level = ? AND confidence = ? LIMIT ?)',
};
export const LINK_GROUP_CAP = 4096;

export function walkByConfidence(ctx: SearchContext, want: number, groupCap: number): Walked {
  const { db, level } = ctx;
  const rows: HitRow[] = [];
  let bound: { value: number; inclusive: boolean } | null = null;
  let size = WALK_FIRST_BATCH;
  const take = (found: readonly HitRow[]): boolean => {
    const room = want - rows.length;
    for (const h of found.length > room ? found.slice(0, room) : found) rows.push(h);
    return found.length > room || rows.length >= want;
  };
  for (;;) {
    const links: LinkRef[] = bound === null
      ? stmt<[string, number], LinkRef>(db, LINKS_BY_CONFIDENCE.first).all(level, size)
      : stmt<[string, number, number], LinkRef>(db, bound.inclusive ? LINKS_BY_CONFIDENCE.atOrBelow : LINKS_BY_CONFIDENCE.below)
        .all(level, bound.value, size);
    if (links.length === 0) break;
    const last = links[links.length - 1]!.confidence;
    let whole = links;
    if (links.length === size) whole = links.filter((l) => l.confidence !== last); // the last confidence may go on
    if (whole.length > 0) {
      bound = { value: last, inclusive: links.length === size };
      if (take(hitsOfLinks(ctx, whole))) return { rows, exhausted: false };
    } else {
      // one confidence fills the batch
      bound = { value: last, inclusive: false };
      const n = stmt<[string, number, number], { n: number }>(db, LINKS_BY_CONFIDENCE.count).get(level, last, groupCap + 1)?.n ?? 0;
      if (n <= groupCap) {
        if (take(hitsOfLinks(ctx, stmt<[string, number], LinkRef>(db, LINKS_BY_CONFIDENCE.at).all(level, last)))) return { rows, exhausted: false };
      } else {
        const walked = walkPairs(ctx, pairsByDate(ctx), want - rows.length, { confidence: 'equal', value: last });
        if (take(walked.rows) || !walked.exhausted) return { rows, exhausted: false };
      }
    }
    if (performance.now() > ctx.deadline) throw new WalkAbandoned();
    size = Math.min(size * 2, WALK_MAX_BATCH);
  }
  const rest = walkPairs(ctx, pairsByDate(ctx), want - rows.length, { confidence: 'null' });
  take(rest.rows);
  return { rows, exhausted: rest.exhausted };
}

const HOLDING_LINK: Record<Lang, string> = {
  en: 'SELECT id FROM links WHERE pair_id = ? AND level = ? AND en_end > ? AND en_start <= ? ORDER BY en_end LIMIT 1',
  ko: 'SELECT id FROM links WHERE pair_id = ? AND level = ? AND ko_end > ? AND ko_start <= ? ORDER BY ko_end LIMIT 1',
};

/** Every hit held by a set of links of whole confidence groups, in the confidence order. */
function hitsOfLinks(ctx: SearchContext, links: readonly LinkRef[]): KeyedHit[] {
  const { db, filters } = ctx;
  const kept = links.filter((l) => (filters.status === undefined || l.status === filters.status)
    && (filters.type === undefined || (l.en_end - l.en_start === filters.type.en && l.ko_end - l.ko_start === filters.type.ko)));
  if (kept.length === 0) return [];
  const pairs = new Map(stmt<[Record<string, unknown>], PairRef>(db,
    `SELECT p.id, p.en_article_id, p.ko_article_id, coalesce(k.published_at, e.published_at) AS published
     FROM pairs p JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
     WHERE p.id IN (SELECT value FROM json_each(@ids)) ${PAIR_FILTERS}`,
  ).all({ ids: JSON.stringify([...new Set(kept.map((l) => l.pair_id))]), ...pairFilterParams(filters) }).map((p) => [p.id, p] as const));
  const found: KeyedHit[] = [];
  for (const lang of ['en', 'ko'] as const) {
    if (ctx.match[lang] === null) continue;
    for (const h of hitsOfLinksOnSide(ctx, lang, kept, pairs)) found.push(h);
  }
  return found.sort(compareByConfidence);
}

/** The hits on one side held by the links (of the pairs that pass the pair filters). */
function hitsOfLinksOnSide(ctx: SearchContext, lang: Lang, kept: readonly LinkRef[], pairs: ReadonlyMap<number, PairRef>): KeyedHit[] {
  const { db, level } = ctx;
  // the units each link holds on this side: an id range found through (article_id, position)
  const targets = kept.flatMap((l) => {
    const pair = pairs.get(l.pair_id);
    const [start, end] = lang === 'en' ? [l.en_start, l.en_end] : [l.ko_start, l.ko_end];
    return pair && end > start ? [{ link: l, pair, article: lang === 'en' ? pair.en_article_id : pair.ko_article_id, start, end }] : [];
  });
  if (targets.length === 0) return [];
  const units = UNIT_TABLES[level];
  const ranges = stmt<[string], { lo: number | null; hi: number | null }>(db,
    `SELECT (SELECT min(id) FROM ${units} WHERE article_id = j.value ->> 0 AND position >= j.value ->> 1 AND position < j.value ->> 2) AS lo,
            (SELECT max(id) FROM ${units} WHERE article_id = j.value ->> 0 AND position >= j.value ->> 1 AND position < j.value ->> 2) AS hi
     FROM json_each(?) j`).all(JSON.stringify(targets.map((t) => [t.article, t.start, t.end])));
  const byArticle = new Map<number, typeof targets>();
  for (const t of targets) byArticle.set(t.article, [...(byArticle.get(t.article) ?? []), t]);
  const byId = new Map(kept.map((l) => [l.id, l] as const));
  const seen = new Set<number>();
  const found: KeyedHit[] = [];
  for (const [lo, hi] of joinRanges(ranges, ctx.rangeGap)) {
    for (const h of probe(ctx, lang, lo, hi, ANY_LINK, false)) {
      const t = byArticle.get(h.article_id)?.find((x) => x.start <= h.position && h.position < x.end);
      if (!t || seen.has(h.unit_id)) continue;
      // the hit belongs to the link that holds it (the one the other plans join), which must be one of these
      const holding = stmt<[number, string, number, number], { id: number }>(db, HOLDING_LINK[lang]).get(t.pair.id, level, h.position, h.position)?.id;
      const link = holding === undefined ? undefined : byId.get(holding);
      if (!link) continue;
      seen.add(h.unit_id);
      found.push({
        unit_id: h.unit_id, lang, position: h.position, pair_id: t.pair.id, en_article_id: t.pair.en_article_id,
        ko_article_id: t.pair.ko_article_id, published: t.pair.published, confidence: link.confidence,
      });
    }
  }
  return found;
}
