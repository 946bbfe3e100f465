/**
 * The review screen's query parameters, read into typed settings. Pure: the route hands in
 * `req.query`, the page service renders with what comes out. Anything malformed falls back to
 * the default rather than failing: these come from links and bookmarks.
 */
import { LOW_CONFIDENCE } from '../model.ts';

/** Links [from, to) of a pair (rows on the screen). */
export interface LinkRange { from: number; to: number }

/** How the reviewer looks at a pair: what is open, edited, filtered. */
export interface ReviewView {
  /** Links under this confidence are doubtful (`below`). */
  threshold: number;
  /** The paragraph being edited, "en-3" (`edit`). */
  edit: string | null;
  /** Rows opened to their sentences (`open=1,4`). */
  open: Set<number>;
  /** Every row drawn at once, for printing and find-in-page (`all=1`). */
  all: boolean;
  /** The pair was just sent again and already stored (`duplicate=1`). */
  duplicate: boolean;
  hideConfirmed: boolean;
  onlyDoubtful: boolean;
}

type Query = Record<string, unknown>;

export function parseThreshold(v: unknown): number {
  const n = typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 && n <= 1 ? n : LOW_CONFIDENCE;
}

export function parseOpen(v: unknown): Set<number> {
  const out = new Set<number>();
  if (typeof v !== 'string') return out;
  for (const part of v.split(',').slice(0, 200)) if (/^\d{1,6}$/.test(part)) out.add(Number(part));
  return out;
}

export const parseEdit = (v: unknown): string | null => (typeof v === 'string' && /^(en|ko)-\d{1,6}$/.test(v) ? v : null);

/** "a-b" → rows a..b (inclusive), widened a little so rows just out of sight are drawn too. */
export function parseNear(v: unknown, length: number): LinkRange | null {
  const m = typeof v === 'string' ? /^(\d{1,6})-(\d{1,6})$/.exec(v) : null;
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return { from: Math.max(0, Math.min(a, b) - 10), to: Math.min(length, Math.max(a, b) + 11) };
}

/** A link index of up to six digits, or null. */
export const parseLinkIndex = (v: unknown): number | null => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : null);

export function readReviewView(q: Query): ReviewView {
  return {
    threshold: parseThreshold(q['below']), edit: parseEdit(q['edit']), open: parseOpen(q['open']),
    all: q['all'] === '1', duplicate: q['duplicate'] === '1',
    hideConfirmed: q['hide'] === 'confirmed', onlyDoubtful: q['only'] === 'doubtful',
  };
}
