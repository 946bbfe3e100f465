import { DEFAULT_EXPORT_FILTER, EXPORT_LEVELS, exportStatuses, type ExportFilter, type ExportLevel } from '../../db/export.ts';
import { LINK_STATUSES, PARAGRAPH_KINDS, type ParagraphKind } from '../model.ts';
import { sectionFilter } from '../import/section.ts';
import type { TrainingFilter } from './unit-filter.ts';
import { EXPORT_FORMATS, isExportFormat, type ExportFormat } from './index.ts';

/** A bad export option; the CLI shows it as a usage error, the route as 400. */
export class ExportOptionError extends Error {}

/** Export options as the CLI flags and the query string give them (strings and switches). */
export interface RawExportOptions {
  format?: string | undefined;
  level?: string | undefined;
  status?: string | undefined;
  minConfidence?: string | undefined;
  includeOneSided?: boolean | undefined;
  noMulti?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  pairs?: string | undefined;
  section?: string | undefined;
  collection?: string | undefined;
  date?: string | undefined;
  xliffVersion?: string | undefined;
  kind?: string | undefined;
  dedup?: boolean | undefined;
  minRatio?: string | undefined;
  maxRatio?: string | undefined;
}

export interface ExportOptions {
  format: ExportFormat;
  filter: ExportFilter;
  /** The fixed creation date, or null for "now". */
  date: Date | null;
  /** Kinds, dedup and length ratio, applied to the streamed units (unit-filter.ts). */
  training: TrainingFilter;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_PAIR_IDS = 10_000;


/**
 * `--status`: confirmed, all (auto and confirmed), rejected, or a comma list of auto, confirmed,
 * rejected, all ("all,rejected" is every link). Written back in one canonical spelling.
 */
function parseStatus(raw: string): string {
  const words = raw.split(',').map((w) => w.trim().toLowerCase()).filter((w) => w !== '');
  if (words.length === 0 || !words.every((w) => w === 'all' || (LINK_STATUSES as readonly string[]).includes(w))) {
    throw new ExportOptionError('--status must be confirmed, all (auto and confirmed), rejected, or a comma list of auto, confirmed, rejected such as all,rejected');
  }
  const set = exportStatuses(words.join(','));
  const list = LINK_STATUSES.filter((w) => set.has(w));
  if (list.length === 1 && list[0] === 'confirmed') return 'confirmed';
  if (list.length === 2 && !set.has('rejected')) return 'all';
  return list.join(',');
}

const RATIO = /^(?:\d{1,3}(?:\.\d+)?|\.\d+)$/;

function parseTraining(raw: RawExportOptions): TrainingFilter {
  let kinds: Set<ParagraphKind> | null = null;
  if (raw.kind !== undefined && raw.kind !== '') {
    const words = raw.kind.split(',').map((w) => w.trim()).filter((w) => w !== '');
    const unknown = words.filter((w) => !(PARAGRAPH_KINDS as readonly string[]).includes(w));
    if (words.length === 0 || unknown.length > 0) {
      throw new ExportOptionError(`--kind takes paragraph kinds separated by commas (${PARAGRAPH_KINDS.join(', ')}), e.g. title,subtitle,subhead,body`);
    }
    kinds = new Set(words as ParagraphKind[]);
  }
  const ratio = (v: string | undefined, name: string): number | null => {
    if (v === undefined || v === '') return null;
    if (!RATIO.test(v)) throw new ExportOptionError(`--${name} must be a number such as 0.2 (Korean characters per English character)`);
    return Number(v);
  };
  const minRatio = ratio(raw.minRatio, 'min-ratio');
  const maxRatio = ratio(raw.maxRatio, 'max-ratio');
  if (minRatio !== null && maxRatio !== null && minRatio > maxRatio) throw new ExportOptionError('--min-ratio must not be above --max-ratio');
  return { kinds, dedup: raw.dedup === true, minRatio, maxRatio };
}

/** Validates raw options into a format and a filter; every message names the option and what it takes. */
export function parseExportOptions(raw: RawExportOptions): ExportOptions {
  const format = parseFormat(raw);
  const level = raw.level ?? '';
  if (!(EXPORT_LEVELS as readonly string[]).includes(level)) throw new ExportOptionError('--level must be paragraph or sentence');
  const status = parseStatus(raw.status ?? 'confirmed');
  const minConfidence = parseMinConfidence(raw.minConfidence);
  const from = parseDay(raw.from, 'from');
  const to = parseDay(raw.to, 'to');
  if (from && to && from > to) throw new ExportOptionError('--from must not be after --to');
  const pairIds = parsePairIds(raw.pairs);
  const date = parseCreationDate(raw.date);
  const section = sectionFilter(raw.section);
  return {
    format,
    date,
    training: parseTraining(raw),
    filter: {
      ...DEFAULT_EXPORT_FILTER, level: level as ExportLevel, status, minConfidence,
      includeOneSided: raw.includeOneSided === true, includeMulti: raw.noMulti !== true,
      pairIds, from, to, section, collection: raw.collection?.trim() ? raw.collection.trim() : null,
    },
  };
}

/** `--format`, with `--format xliff --xliff-version 1.2` read as xliff12. */
function parseFormat(raw: RawExportOptions): ExportFormat {
  let format = raw.format ?? '';
  if (format === 'xliff' && raw.xliffVersion !== undefined && raw.xliffVersion !== '') {
    if (raw.xliffVersion === '1.2') format = 'xliff12';
    else if (raw.xliffVersion !== '2.0') throw new ExportOptionError('--xliff-version must be 2.0 or 1.2');
  }
  if (!isExportFormat(format)) throw new ExportOptionError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  return format;
}

function parseMinConfidence(v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  const minConfidence = /^(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)$/.test(v) ? Number(v) : NaN;
  if (Number.isNaN(minConfidence)) throw new ExportOptionError('--min-confidence must be a number from 0 to 1, e.g. 0.8');
  return minConfidence;
}

/** `--from` / `--to`: a calendar day, kept as its YYYY-MM-DD text. */
function parseDay(v: string | undefined, name: string): string | null {
  if (v === undefined || v === '') return null;
  if (!DATE.test(v) || Number.isNaN(Date.parse(v))) throw new ExportOptionError(`--${name} must be a date such as 2024-03-31`);
  return v;
}

/** `--pairs`: ids separated by commas, returned once each in ascending order. */
function parsePairIds(v: string | undefined): number[] | null {
  if (v === undefined || v === '') return null;
  const parts = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0 || !parts.every((s) => /^\d{1,15}$/.test(s))) {
    throw new ExportOptionError('--pairs must be pair ids separated by commas, e.g. 3,7,12');
  }
  if (parts.length > MAX_PAIR_IDS) throw new ExportOptionError(`--pairs takes at most ${MAX_PAIR_IDS} ids`);
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}

/** `--date`: the creation date written into headers, an ISO 8601 date or time. */
function parseCreationDate(v: string | undefined): Date | null {
  if (v === undefined || v === '') return null;
  const m = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(v);
  // A time without an offset is read as UTC, so the bytes do not depend on the machine's zone.
  const date = m ? new Date(v.includes('T') && !m[1] ? `${v}Z` : v) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new ExportOptionError('--date must be an ISO 8601 date or time, e.g. 2024-05-01T00:00:00Z');
  return date;
}
