/**
 * The corpus figures the dashboard shows, as plain data: db/stats.ts reads them, the charts
 * (dashboard.ts) draw them and the stats page lists them.
 */
import type { LinkStatus, Lang, PairStatus } from '../model.ts';

export type LinkLevel = 'paragraph' | 'sentence';

export interface CorpusCounts {
  pairs: number;
  pairsByStatus: Record<PairStatus, number>;
  paragraphs: Record<Lang, number>;
  sentences: Record<Lang, number>;
  /** Links per level and status. */
  links: Record<LinkLevel, Record<LinkStatus, number>>;
  /** Links per level and type ("1:1", "2:1", …), most frequent first. */
  linkTypes: Record<LinkLevel, { type: string; count: number }[]>;
}

export interface DayCount { day: string; paragraph: number; sentence: number }
export interface ConfidenceBin { from: number; to: number; paragraph: number; sentence: number }
export interface LengthSample { enChars: number; koChars: number; ratio: number }
export interface RatioBin { from: number; to: number | null; count: number }
export interface ReviewNeed { pairId: number; enTitle: string | null; koTitle: string | null; lowLinks: number; links: number; minConfidence: number | null }

export interface CorpusStats {
  counts: CorpusCounts;
  reviewProgress: DayCount[];
  confidence: { bins: ConfidenceBin[]; unscored: Record<LinkLevel, number> };
  lengthRatio: { links: number; median: number | null; bins: RatioBin[]; sample: LengthSample[] };
  lowConfidencePairs: ReviewNeed[];
  lowConfidenceThreshold: number;
}
