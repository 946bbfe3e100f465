/**
 * A JSONL pair record's own `links` (issue 18, item 7): work done elsewhere, stored as given.
 *
 *   "links": [{"en": [0], "ko": [0, 1], "status"?: "confirmed", "confidence"?: 0.9,
 *              "sentences"?: [{"en": [0], "ko": [0], "status"?, "confidence"?}, …]}, …]
 *
 * `en`/`ko` of a link are paragraph indices (0-based, consecutive, `[]` for a one-sided link);
 * sentence indices are article-wide (0-based), as `jjak show --json` and the exports number them.
 * Shapes are checked here (pure, no segmentation needed); {@link recordAlignment} then checks the
 * indices against the segmented documents and completes what the links leave out
 * (complete-links.ts). Paragraph links given without any sentence links get their sentences
 * aligned by the aligner inside each paragraph link, so the paragraph alignment is kept as given.
 */
import { itemsSpan, LINK_STATUSES, sentenceStarts, type AlignmentInput, type LinkInput } from '../model.ts';
import { alignArticle } from '../align/align.ts';
import type { LinkStatus, Paragraph } from '../model.ts';
import { completeAlignment, LinkError } from './complete-links.ts';
import { ImportError } from './errors.ts';

/** A record's links after the shape checks: item index lists, optional review state. */
export interface RecordLink {
  en: number[];
  ko: number[];
  status?: LinkStatus;
  confidence?: number | null;
  sentences?: RecordLink[];
}

const MAX_LINKS = 20_000;
const bad = (message: string) => new ImportError('bad_links', message);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function indices(v: unknown, path: string): number[] {
  if (!Array.isArray(v) || !v.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    throw bad(`${path} must be an array of 0-based indices such as [3, 4], not ${JSON.stringify(v)?.slice(0, 40)}.`);
  }
  const list = v as number[];
  list.forEach((n, i) => { if (i > 0 && n !== list[i - 1]! + 1) throw bad(`${path} must be consecutive indices such as [3, 4], not ${JSON.stringify(list)}.`); });
  return list;
}

function link(v: unknown, path: string, nested: boolean): RecordLink {
  if (!isObj(v)) throw bad(`${path} must be an object with "en" and "ko".`);
  for (const key of Object.keys(v)) {
    if (!['en', 'ko', 'status', 'confidence', ...(nested ? [] : ['sentences'])].includes(key)) {
      throw bad(`${path}.${key} is not a known field. A link has en, ko, status, confidence${nested ? '' : ' and sentences'}.`);
    }
  }
  const out: RecordLink = { en: indices(v['en'], `${path}.en`), ko: indices(v['ko'], `${path}.ko`) };
  if (out.en.length + out.ko.length === 0) throw bad(`${path} is empty: give at least one index on one side.`);
  if (v['status'] !== undefined) {
    if (!(LINK_STATUSES as readonly unknown[]).includes(v['status'])) throw bad(`${path}.status must be one of ${LINK_STATUSES.join(', ')}.`);
    out.status = v['status'] as LinkStatus;
  }
  const c = v['confidence'];
  if (c !== undefined) {
    if (c !== null && (typeof c !== 'number' || !(c >= 0 && c <= 1))) throw bad(`${path}.confidence must be a number from 0 to 1, or null.`);
    out.confidence = c;
  }
  if (v['sentences'] !== undefined) {
    if (!Array.isArray(v['sentences'])) throw bad(`${path}.sentences must be an array of links.`);
    out.sentences = v['sentences'].map((s: unknown, i) => link(s, `${path}.sentences[${i}]`, true));
  }
  return out;
}

/** Checks the shape of a record's `links`; throws ImportError('bad_links') naming the field. */
export function parseRecordLinks(v: unknown): RecordLink[] {
  if (!Array.isArray(v)) throw bad('links must be an array of {"en": [...], "ko": [...]} paragraph links.');
  if (v.length === 0) throw bad('links is empty: leave it out to have the pair aligned, or give the links.');
  if (v.length > MAX_LINKS) throw bad(`links has ${v.length} entries; at most ${MAX_LINKS} are taken.`);
  return v.map((l: unknown, i) => link(l, `links[${i}]`, false));
}

const toLink = (l: RecordLink, anchor: { en: number; ko: number }): LinkInput => ({
  en: itemsSpan(l.en, anchor.en),
  ko: itemsSpan(l.ko, anchor.ko),
  status: l.status ?? 'auto',
  confidence: l.confidence ?? null,
});

/**
 * The alignment to store for a record's links over the segmented documents: as given, sentences
 * aligned inside paragraph links that came without any, then completed (complete-links.ts).
 * Throws ImportError('bad_links') with the reason when the links cannot be made valid.
 */
export function recordAlignment(links: readonly RecordLink[], en: { paragraphs: Paragraph[] }, ko: { paragraphs: Paragraph[] }): { alignment: AlignmentInput; completed: number } {
  const paragraphs = links.map((l) => toLink(l, { en: 0, ko: 0 }));
  const given = links.flatMap((l) => l.sentences ?? []);
  let sentences: LinkInput[];
  if (given.length > 0) sentences = given.map((s) => toLink(s, { en: 0, ko: 0 }));
  else {
    const enStart = sentenceStarts(en);
    const koStart = sentenceStarts(ko);
    sentences = [];
    for (const l of links) {
      const enS = l.en.flatMap((p) => en.paragraphs[p]?.sentences ?? []);
      const koS = l.ko.flatMap((p) => ko.paragraphs[p]?.sentences ?? []);
      if (enS.length === 0 || koS.length === 0) continue; // one-sided: completion makes each sentence its own link
      const e0 = enStart[l.en[0]!] ?? 0;
      const k0 = koStart[l.ko[0]!] ?? 0;
      for (const s of alignArticle({ paragraphs: [{ sentences: enS }] }, { paragraphs: [{ sentences: koS }] }).sentences) {
        if (s.en.length + s.ko.length === 0) continue;
        sentences.push({
          en: itemsSpan(s.en.map((x) => e0 + x), 0),
          ko: itemsSpan(s.ko.map((x) => k0 + x), 0),
          confidence: s.confidence, evidence: s.evidence,
        });
      }
    }
  }
  try {
    const r = completeAlignment(en, ko, { paragraphs, sentences });
    return { alignment: r.alignment, completed: r.added.paragraph + r.added.sentence };
  } catch (e) {
    if (e instanceof LinkError) throw bad(`links: ${e.message}`);
    throw e;
  }
}
