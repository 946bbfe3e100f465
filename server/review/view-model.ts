/**
 * View model of the review screen: rows ready for the templates, with evidence matches cut into
 * text segments (the template escapes every segment; no HTML is built here).
 */
import type { Lang, Link, ParagraphKind, ParagraphLink } from '../model.ts';
import type { ReviewState } from './state.ts';
import { commonEnds, sameParagraph, sameParagraphLink } from './patch.ts';

/** Doubtful rows this close under the threshold show amber rather than red: worth a look, less likely wrong. */
const NEAR_THRESHOLD = 0.1;

/** A piece of text; `mark` is the evidence type when the piece matched evidence. */
export interface Segment { text: string; mark: string | null }

export interface EvidenceItem { type: string; en: string; ko: string }

export interface ParagraphCell {
  index: number;
  kind: ParagraphKind;
  text: string;
  segments: Segment[];
  /** First / last of its side in the row: only those can move or become one-sided. */
  edge: boolean;
  /** The next paragraph on this side is in the same row, so the two can be joined. */
  canJoinNext: boolean;
}

export interface SentenceCell { index: number; segments: Segment[] }

export interface LinkCells {
  status: string;
  confirmed: boolean;
  rejected: boolean;
  confidence: number | null;
  confidenceText: string;
  confidenceClass: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  oneSided: Lang | null;
  doubtful: boolean;
  evidence: EvidenceItem[];
  type: string;
}

export interface SentenceLinkModel extends LinkCells { index: number; en: SentenceCell[]; ko: SentenceCell[]; last: boolean }

export interface LinkModel extends LinkCells {
  index: number;
  en: ParagraphCell[];
  ko: ParagraphCell[];
  first: boolean;
  last: boolean;
  sentenceCount: number;
  /** A link that joins paragraphs out of Korean order (a moved paragraph). */
  crossed: boolean;
  /** Sentence links, only for rows the reviewer opened (keeps the page small). */
  sentences: SentenceLinkModel[] | null;
  /** An article update realigned this row and no reviewer has confirmed or rejected it since (set by the route). */
  changedSinceReview?: boolean;
}

const isEvidence = (x: unknown): x is EvidenceItem =>
  typeof x === 'object' && x !== null && typeof (x as EvidenceItem).en === 'string'
  && typeof (x as EvidenceItem).ko === 'string' && typeof (x as EvidenceItem).type === 'string';

/**
 * Cuts `text` into segments where the needles occur (longest match wins, no overlaps), so that the
 * template can wrap matches in <mark> while escaping every piece.
 */
export function highlight(text: string, needles: readonly { text: string; type: string }[]): Segment[] {
  const hits: { start: number; end: number; type: string }[] = [];
  for (const n of needles) {
    if (n.text.trim().length === 0) continue;
    for (let at = text.indexOf(n.text); at >= 0; at = text.indexOf(n.text, at + n.text.length)) {
      hits.push({ start: at, end: at + n.text.length, type: n.type });
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let pos = 0;
  for (const h of hits) {
    if (h.start < pos) continue;
    if (h.start > pos) out.push({ text: text.slice(pos, h.start), mark: null });
    out.push({ text: text.slice(h.start, h.end), mark: h.type });
    pos = h.end;
  }
  if (pos < text.length || out.length === 0) out.push({ text: text.slice(pos), mark: null });
  return out;
}

function cells(l: Link, threshold: number): LinkCells {
  const evidence = l.evidence.filter(isEvidence);
  const c = l.confidence;
  return {
    status: l.status,
    confirmed: l.status === 'confirmed',
    rejected: l.status === 'rejected',
    confidence: c,
    confidenceText: c === null ? '—' : c.toFixed(2),
    confidenceClass: l.status === 'confirmed' ? 'conf-confirmed' : c === null ? 'conf-none' : c >= threshold ? 'conf-high' : c >= threshold - NEAR_THRESHOLD ? 'conf-mid' : 'conf-low',
    confirmedBy: l.confirmedBy,
    confirmedAt: l.confirmedAt,
    oneSided: l.en.length === 0 ? 'ko' : l.ko.length === 0 ? 'en' : null,
    doubtful: isDoubtful(l, threshold),
    evidence,
    type: `${l.en.length}:${l.ko.length}`,
  };
}

/** Not confirmed and below the threshold; a rejected link stays doubtful until it is fixed. */
export const isDoubtful = (l: Pick<Link, 'status' | 'confidence'>, threshold: number): boolean =>
  l.status !== 'confirmed' && (l.status === 'rejected' || (l.confidence ?? 0) < threshold);

const needlesOf = (evidence: EvidenceItem[], side: Lang) =>
  evidence.map((e) => ({ text: e[side], type: e.type }));

/** Builds one row of the screen. `open` adds its sentence links. */
export function linkModel(state: ReviewState, index: number, opts: { threshold: number; open: boolean }): LinkModel {
  const row = state.links[index]!;
  const base = cells(row, opts.threshold);
  const side = (lang: Lang): ParagraphCell[] => row[lang].map((p, k, list) => {
    const para = state[lang].paragraphs[p]!;
    return {
      index: p, kind: para.kind, text: para.text, segments: highlight(para.text, needlesOf(base.evidence, lang)),
      edge: k === 0 || k === list.length - 1, canJoinNext: k < list.length - 1,
    };
  });
  return {
    ...base, index, en: side('en'), ko: side('ko'), first: index === 0, last: index === state.links.length - 1,
    sentenceCount: row.sentences.length, crossed: row.crossed === true,
    sentences: opts.open ? sentenceRows(state, row, opts.threshold) : null,
  };
}

function sentenceRows(state: ReviewState, row: ParagraphLink, threshold: number): SentenceLinkModel[] {
  const texts = {
    en: state.en.paragraphs.flatMap((p) => p.sentences),
    ko: state.ko.paragraphs.flatMap((p) => p.sentences),
  };
  return row.sentences.map((s, j) => {
    const base = cells(s, threshold);
    const side = (lang: Lang): SentenceCell[] => s[lang].map((x) => ({ index: x, segments: highlight(texts[lang][x] ?? '', needlesOf(base.evidence, lang)) }));
    return { ...base, index: j, en: side('en'), ko: side('ko'), last: j === row.sentences.length - 1 };
  });
}

/** Rows [start, start + removed) of the old list become `inserted` new rows [start, start + inserted). */
export interface LinkPatch { start: number; removed: number; inserted: number }

/** A LinkPatch with the new indices of the rows whose own content changed (what a message points at). */
export interface ChangedLinks extends LinkPatch { rows: number[] }

/** Whether a row renders the same in both states: its link, sentence links and paragraphs' text. */
function renderedSame(before: ReviewState, after: ReviewState) {
  const paragraphsSame = (x: ParagraphLink, y: ParagraphLink) =>
    x.en.every((p, k) => sameParagraph(before.en.paragraphs[p]!, after.en.paragraphs[y.en[k]!]!))
    && x.ko.every((p, k) => sameParagraph(before.ko.paragraphs[p]!, after.ko.paragraphs[y.ko[k]!]!));
  return (x: ParagraphLink, y: ParagraphLink) => sameParagraphLink(x, y) && paragraphsSame(x, y);
}

/**
 * What a change redraws, for the screen that made it and for everyone else who has the pair open:
 * the window of rows whose rendering differs (a row renders its link, its sentence links, its
 * paragraphs and whether it is first or last), widened by one row on each side so a row that became
 * first or last is redrawn too; and the rows (new indices) whose own content changed, for the
 * message. A text edit that leaves every link as it was still changes its row. Unchanged objects
 * are shared between the states, so this is cheap. Rows outside the window are only renumbered.
 */
export function changedWindow(before: ReviewState, after: ReviewState): ChangedLinks {
  const a = before.links;
  const b = after.links;
  const same = renderedSame(before, after);
  const ends = commonEnds(a, b, same);
  const rows: number[] = [];
  for (let i = ends.prefix; i < b.length - ends.suffix; i++) {
    if (a.length !== b.length || !same(a[i]!, b[i]!)) rows.push(i);
  }
  const p = Math.max(0, ends.prefix - 1);
  const q = Math.max(0, Math.min(ends.suffix - 1, a.length - p, b.length - p));
  return { start: p, removed: a.length - p - q, inserted: b.length - p - q, rows };
}

/**
 * The rows of a redrawn window that show their sentences: the ones that did before. Where the window
 * kept its length a row keeps its place; where links were merged or split, the new rows holding a
 * paragraph of an open row are open. (The window is one row wider on each side than the change, so
 * opening it whole opened the neighbours of the row being worked on.)
 */
export function stillOpen(before: ReviewState, after: ReviewState, patch: LinkPatch, open: ReadonlySet<number>): Set<number> {
  const window = Array.from({ length: patch.inserted }, (_, k) => patch.start + k);
  if (patch.removed === patch.inserted) return new Set(window.filter((i) => open.has(i)));
  const wasOpen = (side: 'en' | 'ko') => new Set([...open].filter((i) => i >= patch.start && i < patch.start + patch.removed)
    .flatMap((i) => before.links[i]?.[side] ?? []));
  const en = wasOpen('en');
  const ko = wasOpen('ko');
  return new Set(window.filter((i) => after.links[i]!.en.some((p) => en.has(p)) || after.links[i]!.ko.some((p) => ko.has(p))));
}

/** Progress figures of the header. */
export function progressOf(state: ReviewState, threshold: number) {
  const total = state.links.length;
  const confirmed = state.links.filter((l) => l.status === 'confirmed').length;
  const doubtful = state.links.filter((l) => isDoubtful(l, threshold)).length;
  return { total, confirmed, doubtful, percent: total === 0 ? 0 : Math.round((confirmed / total) * 100) };
}

/** A pair as GET /api/pairs/:id answers it: the contract the page and independent checks use. */
export function apiShape(pair: ReviewState & {
  id: number; version: number; status: string;
  en: ReviewState['en'] & { lang: Lang; meta: unknown }; ko: ReviewState['ko'] & { lang: Lang; meta: unknown };
}, history: { undo: string | null; redo: string | null }) {
  const doc = (d: typeof pair.en) => ({
    lang: d.lang, meta: d.meta,
    paragraphs: d.paragraphs.map((p) => ({ kind: p.kind, text: p.text, sentences: p.sentences })),
  });
  const link = (l: Link) => ({
    en: l.en, ko: l.ko, status: l.status, confidence: l.confidence, evidence: l.evidence,
    confirmedBy: l.confirmedBy, confirmedAt: l.confirmedAt,
  });
  return {
    id: pair.id, version: pair.version, status: pair.status, en: doc(pair.en), ko: doc(pair.ko),
    links: pair.links.map((l) => ({ ...link(l), sentences: l.sentences.map(link) })),
    undo: history.undo, redo: history.redo,
  };
}
