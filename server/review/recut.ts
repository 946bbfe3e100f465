/** Sentence links re-cut to new paragraph links, so nesting holds after any paragraph-level change. */
import { sentenceOwners, type Link, type ParagraphLink } from '../model.ts';
import { freshLink, SIDES, type ReviewState } from './state.ts';

/**
 * Re-cuts the sentence links of `state` to new paragraph rows. A sentence link that lies in one
 * new row keeps its status and score; one that falls across rows is cut into pieces, one per row.
 * Sentence links and rows are both in reading order, so the pieces are too.
 */
export function restrictSentences(state: ReviewState, rows: readonly Link[]): ParagraphLink[] {
  // Rows handed back unchanged (the same objects as in the state) keep their paragraphs, so their
  // sentence links stay with them as they are; only the other rows' sentence links are re-cut.
  // An operation changes one or two rows of hundreds, and this ran on every op.
  const old = new Set<Link>(state.links);
  const kept = new Set<Link>(rows.filter((r) => old.has(r)));
  const out: ParagraphLink[] = rows.map((r) => (kept.has(r) ? r as ParagraphLink : {
    en: r.en, ko: r.ko, status: r.status, confidence: r.confidence, evidence: r.evidence,
    confirmedBy: r.confirmedBy, confirmedAt: r.confirmedAt, sentences: [],
    ...((r as Partial<ParagraphLink>).crossed ? { crossed: true as const } : {}),
  }));
  const owners = { en: sentenceOwners(state.en), ko: sentenceOwners(state.ko) };
  const rowOf = { en: new Map<number, number>(), ko: new Map<number, number>() };
  rows.forEach((r, i) => { if (!kept.has(r)) SIDES.forEach((s) => r[s].forEach((p) => rowOf[s].set(p, i))); });
  for (const from of state.links) {
    if (kept.has(from)) continue;
    for (const l of from.sentences) {
      const pieces = new Map<number, { en: number[]; ko: number[] }>();
      for (const s of SIDES) {
        for (const x of l[s]) {
          const r = rowOf[s].get(owners[s][x]!)!;
          const piece = pieces.get(r) ?? { en: [], ko: [] };
          piece[s].push(x);
          pieces.set(r, piece);
        }
      }
      const order = [...pieces.keys()].sort((a, b) => a - b);
      for (const r of order) {
        const piece = pieces.get(r)!;
        out[r]!.sentences.push(order.length === 1 ? l : freshLink(piece.en, piece.ko));
      }
    }
  }
  // A row rebuilt with the same sentence links as the row object it came from stays that object:
  // the database write, the row diff and the JSON cache (api-json.ts) then skip it by identity.
  return out.map((row, i) => {
    const was = rows[i] as Partial<ParagraphLink>;
    if (kept.has(rows[i]!)) return row;
    const same = Array.isArray(was.sentences) && was.sentences.length === row.sentences.length
      && was.sentences.every((x, k) => x === row.sentences[k]);
    return same ? (was as ParagraphLink) : row;
  });
}
