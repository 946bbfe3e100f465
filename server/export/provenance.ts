import type { ExportPair, ExportUnit } from '../../db/export.ts';
import type { ExportContext } from './types.ts';

/** The section a unit is filed under: the Korean original's, else the English article's. */
export const unitSection = (u: ExportUnit): string | null => u.pair.ko.meta.section ?? u.pair.en.meta.section;

/** A stable unit id within the export: pair id, level letter and link position, e.g. `12-s3`. */
export const unitId = (u: ExportUnit): string => `${u.pair.id}-${u.level === 'paragraph' ? 'p' : 's'}${u.position}`;

/** An ISO 8601 timestamp in TMX's form YYYYMMDDThhmmssZ (UTC), or null when unreadable. */
export function tmxDate(value: Date | string | null): string | null {
  if (value === null) return null;
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** Confidence as written in every format: the stored number as JavaScript prints it, or null. */
export const confidenceText = (c: number | null): string | null => (c === null ? null : String(c));

/** Licence and attribution lines of the export's collections, for headers: one entry a collection. */
export function collectionFacts(ctx: ExportContext): [string, string | null][][] {
  return (ctx.collections ?? []).map((c) => [['collection', c.name], ['source', c.source], ['licence', c.licence], ['attribution', c.attribution]]);
}

/** The pair's own provenance as name/value facts (collection name, external id, meta as JSON); nulls for what it lacks. */
export function pairProvenanceFacts(p: ExportPair): [string, string | null][] {
  const v = p.provenance;
  return [['collection', v?.collection?.name ?? null], ['external-id', v?.externalId ?? null], ['meta', v?.meta ? JSON.stringify(v.meta) : null]];
}
