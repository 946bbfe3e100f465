/**
 * The training filters of an export (issue 18, item 8), applied to the units db/export.ts streams:
 * paragraph kinds (`--kind`), identical unit pairs once (`--dedup`) and the Korean/English length
 * ratio (`--min-ratio`, `--max-ratio`). Each counts the units it removed, for the summary. Units
 * are renumbered within their pair (`index`), so the first unit kept carries the pair's data (JSONL)
 * and opens its group (XCES, XLIFF) as an unfiltered export's first unit does. Memory: the dedup
 * keeps one 20-byte digest per distinct unit pair, nothing else grows.
 */
import { createHash } from 'node:crypto';
import type { ExportUnit } from '../../db/export.ts';
import type { ParagraphKind } from '../model.ts';

export interface TrainingFilter {
  /** Keep a unit only when every paragraph it touches, on both sides, is of one of these kinds (null: all kinds). */
  kinds: ReadonlySet<ParagraphKind> | null;
  /** Keep the first of units with identical English and Korean text. */
  dedup: boolean;
  /** Korean characters per English character (spaces not counted), inclusive bounds; null: no bound. */
  minRatio: number | null;
  maxRatio: number | null;
}

/** Units each filter removed. */
export interface RemovedCounts { kind: number; ratio: number; duplicate: number }

/** Letters and other non-space characters, counted by code point. */
const length = (s: string): number => {
  let n = 0;
  for (const ch of s) if (!/\s/u.test(ch)) n++;
  return n;
};

/** The Korean/English length ratio of a unit; Infinity when the English side is empty. */
export function lengthRatio(u: Pick<ExportUnit, 'enText' | 'koText'>): number {
  const en = length(u.enText);
  const ko = length(u.koText);
  return en === 0 ? (ko === 0 ? 1 : Infinity) : ko / en;
}

function kindsOk(u: ExportUnit, kinds: ReadonlySet<ParagraphKind>): boolean {
  for (const side of ['en', 'ko'] as const) {
    const doc = u.pair[side];
    for (const i of u[side]) {
      const p = u.level === 'paragraph' ? i : doc.sentenceParagraph[i];
      const kind = p === undefined ? undefined : doc.paragraphs[p]?.kind;
      if (kind === undefined || !kinds.has(kind)) return false;
    }
  }
  return true;
}

/** Whether the filter does anything (no filter: the units pass through untouched). */
export const isTrainingFilterOn = (f: TrainingFilter): boolean => f.kinds !== null || f.dedup || f.minRatio !== null || f.maxRatio !== null;

/** The units that pass, renumbered within their pair; `removed` is updated as they stream. */
export function* filterUnits(units: Iterable<ExportUnit>, f: TrainingFilter, removed: RemovedCounts): Generator<ExportUnit> {
  if (!isTrainingFilterOn(f)) {
    yield* units;
    return;
  }
  const seen = new Set<string>();
  let pairId = -1;
  let index = 0;
  for (const u of units) {
    if (f.kinds && !kindsOk(u, f.kinds)) { removed.kind++; continue; }
    if (f.minRatio !== null || f.maxRatio !== null) {
      const r = lengthRatio(u);
      if ((f.minRatio !== null && r < f.minRatio) || (f.maxRatio !== null && r > f.maxRatio)) { removed.ratio++; continue; }
    }
    if (f.dedup) {
      const key = createHash('sha1').update(u.enText).update('\u0000').update(u.koText).digest('base64');
      if (seen.has(key)) { removed.duplicate++; continue; }
      seen.add(key);
    }
    if (u.pair.id !== pairId) { pairId = u.pair.id; index = 0; }
    u.index = index++;
    yield u;
  }
}

/** The summary line: how many units each filter that was asked for removed. */
export function describeRemoved(f: TrainingFilter, removed: RemovedCounts): string {
  const parts: string[] = [];
  if (f.kinds) parts.push(`${removed.kind} by --kind ${[...f.kinds].join(',')}`);
  if (f.minRatio !== null || f.maxRatio !== null) parts.push(`${removed.ratio} by the length ratio (${f.minRatio ?? 0}–${f.maxRatio ?? '∞'} Korean characters per English one)`);
  if (f.dedup) parts.push(`${removed.duplicate} duplicates by --dedup`);
  return `removed ${parts.join(', ')}`;
}
