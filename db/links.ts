import { spanItems, type LinkStatus } from '../server/model.ts';

/**
 * A row of the `links` table as SQLite gives it: spans as half-open [start, end) item ranges, evidence
 * as stored JSON, crossed as 0/1. Readers select the columns they need (`Pick<LinkRecord, …>`).
 */
export interface LinkRecord {
  id: number;
  pair_id: number;
  level: 'paragraph' | 'sentence';
  position: number;
  en_start: number;
  en_end: number;
  ko_start: number;
  ko_end: number;
  status: LinkStatus;
  confidence: number | null;
  evidence: string;
  confirmed_by: string | null;
  confirmed_at: string | null;
  crossed: number;
}

/** The items a stored link covers on each side, as index lists (the API's and the exports' form). */
export function linkItems(r: Pick<LinkRecord, 'en_start' | 'en_end' | 'ko_start' | 'ko_end'>): { en: number[]; ko: number[] } {
  return { en: spanItems([r.en_start, r.en_end]), ko: spanItems([r.ko_start, r.ko_end]) };
}
