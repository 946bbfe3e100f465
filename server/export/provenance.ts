import type { ExportUnit } from '../../db/export.ts';

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
