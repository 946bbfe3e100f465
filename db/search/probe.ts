/**
 * Asking an FTS index for the hits of a batch of pairs only: one probe per side over the unit id
 * ranges of the batch's articles.
 */
import { stmt, type Db } from '../open.ts';
import type { Lang } from '../../server/model.ts';
import type { SearchLevel } from '../../server/search/types.ts';
import type { LinkTest, PairRef, SearchContext } from './context.ts';
import { LINK_FILTERS, FTS_TABLES, hasLinkFilters, UNIT_TABLES, type Bindings, type HitRow } from './sql.ts';

/**
 * The probe: hits of one side whose rowid (= unit id) lies in [lo, hi], optionally tested on the
 * link that holds them (the status and type filters, the confidence group) in the same statement.
 * better-sqlite3 binds a JS number as a REAL, and FTS5 uses a rowid bound only when it is an INTEGER
 * (otherwise it reads the whole doclist and SQLite filters afterwards: 60 ms instead of 0.5 for "budget").
 */
function probeSql(level: SearchLevel, lang: Lang, filtered: boolean, test: LinkTest['confidence']): string {
  const fts = FTS_TABLES[level][lang];
  const holds = `b.id = (SELECT id FROM links WHERE pair_id = p.id AND level = '${level}'
    AND ${lang}_end > m.position AND ${lang}_start <= m.position ORDER BY ${lang}_end LIMIT 1)`;
  let linkTest = '';
  if (test === 'null' && !filtered) {
    linkTest = `AND NOT EXISTS (SELECT 1 FROM pairs p JOIN links b ON ${holds} WHERE p.${lang}_article_id = m.article_id AND b.confidence IS NOT NULL)`;
  } else if (filtered || test !== 'any') {
    const confidence = test === 'equal' ? 'AND b.confidence = @conf' : test === 'null' ? 'AND b.confidence IS NULL' : '';
    linkTest = `AND EXISTS (SELECT 1 FROM pairs p JOIN links b ON ${holds}
      WHERE p.${lang}_article_id = m.article_id ${filtered ? LINK_FILTERS : ''} ${confidence})`;
  }
  return `SELECT m.rowid AS unit_id, m.article_id, m.position FROM ${fts} m
    WHERE ${fts} MATCH @match AND m.rowid BETWEEN CAST(@lo AS INTEGER) AND CAST(@hi AS INTEGER) ${linkTest}`;
}
type ProbeRow = { unit_id: number; article_id: number; position: number };
type ProbeParams = { match: string; lo: number; hi: number } & Partial<Bindings> & { conf?: number };

export function probe(ctx: SearchContext, lang: Lang, lo: number, hi: number, test: LinkTest, withFilters = true): ProbeRow[] {
  const filtered = withFilters && hasLinkFilters(ctx.filters);
  return stmt<[ProbeParams], ProbeRow>(ctx.db, probeSql(ctx.level, lang, filtered, test.confidence))
    .all({ ...ctx.params, match: ctx.match[lang]!, lo, hi, conf: test.confidence === 'equal' ? test.value : 0 });
}

/**
 * Every hit in a batch of pairs. The index is asked only for the hits whose rowid lies in the id
 * range of some article of the batch, and hits of other articles in those ranges are dropped. An
 * article's units get consecutive ids when it is written, and a pair's two articles are written
 * together, so the ranges of pairs stored one after another join into one: one probe per side.
 */
export function hitsOfPairs(ctx: SearchContext, pairs: readonly PairRef[], test: LinkTest): HitRow[] {
  const units = UNIT_TABLES[ctx.level];
  const batchRange = stmt<[string], { lo: number | null; hi: number | null; n: number }>(ctx.db,
    `SELECT min(u.id) AS lo, max(u.id) AS hi, count(*) AS n FROM json_each(?) j JOIN ${units} u ON u.article_id = j.value`);
  const articleRanges = stmt<[string], { lo: number | null; hi: number | null }>(ctx.db,
    `SELECT (SELECT min(id) FROM ${units} WHERE article_id = j.value) AS lo, (SELECT max(id) FROM ${units} WHERE article_id = j.value) AS hi
     FROM json_each(?) j`);
  const owners = new Map<number, { pair: PairRef; lang: Lang }>();
  for (const p of pairs) {
    owners.set(p.en_article_id, { pair: p, lang: 'en' });
    owners.set(p.ko_article_id, { pair: p, lang: 'ko' });
  }
  const articles = JSON.stringify(pairs.flatMap((p) => [p.en_article_id, p.ko_article_id]));
  // One range over the whole batch when at least half of it is the batch's own units (pairs written
  // one after another); otherwise one range per article, joined where they touch.
  const whole = pairs.length > 1 ? batchRange.get(articles) : undefined;
  const ranges = whole && whole.lo !== null && whole.hi !== null && whole.hi - whole.lo + 1 <= 2 * whole.n
    ? [{ lo: whole.lo, hi: whole.hi }] : articleRanges.all(articles);
  const found: HitRow[] = [];
  for (const [lo, hi] of joinRanges(ranges, ctx.rangeGap)) {
    for (const lang of ['en', 'ko'] as const) {
      if (ctx.match[lang] === null) continue;
      for (const h of probe(ctx, lang, lo, hi, test)) {
        const owner = owners.get(h.article_id);
        if (!owner || owner.lang !== lang) continue; // a unit of another pair inside the range
        found.push({
          unit_id: h.unit_id, lang, position: h.position, pair_id: owner.pair.id,
          en_article_id: owner.pair.en_article_id, ko_article_id: owner.pair.ko_article_id,
        });
      }
    }
  }
  return found;
}

/**
 * Id ranges that overlap or lie within `gap` ids of each other become one: a probe costs PROBE_US
 * to set up and HIT_US a hit it returns, so a gap is worth reading when it holds fewer hits than
 * that. For a frequent word the gap is RANGE_GAP (a deleted pair's hole); for a rare one, whose
 * few hits are known, the scattered pairs of a date or filter batch join into one or two probes.
 */
export const RANGE_GAP = 256;
const PROBE_US = 150;
const HIT_US = 1.5;
export function rangeGap(db: Db, level: SearchLevel, indexed: number, cap: number): number {
  if (indexed > cap) return RANGE_GAP;
  const ids = stmt<[], { n: number | null }>(db, `SELECT max(id) AS n FROM ${UNIT_TABLES[level]}`).get()?.n ?? 0;
  return Math.max(RANGE_GAP, Math.floor((PROBE_US * ids) / (Math.max(indexed, 1) * HIT_US)));
}
export function joinRanges(ranges: readonly { lo: number | null; hi: number | null }[], gap: number): [number, number][] {
  const joined: [number, number][] = [];
  const known = ranges.filter((r): r is { lo: number; hi: number } => r.lo !== null && r.hi !== null); // an article without units has none
  for (const { lo, hi } of known.sort((a, b) => a.lo - b.lo)) {
    const last = joined[joined.length - 1];
    if (last && lo <= last[1] + 1 + gap) last[1] = Math.max(last[1], hi);
    else joined.push([lo, hi]);
  }
  return joined;
}
