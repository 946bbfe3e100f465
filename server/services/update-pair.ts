/**
 * `jjak import --update` and the "Update article" form: replaces one or both sides of a stored pair
 * with a new version of the article and keeps the review of every link the change did not touch
 * (server/update/plan.ts decides; db/article-update.ts writes).
 */
import type { Db } from '../../db/open.ts';
import { getPair, hashDocument, pairVersion, type AlignmentInput, type DocumentInput } from '../../db/pairs.ts';
import { changedParagraphs, writeArticleUpdate } from '../../db/article-update.ts';
import type { FormatChoice } from '../import/index.ts';
import type { Lang } from '../model.ts';
import { normaliseParagraph, planUpdate, type UpdateCounts } from '../update/plan.ts';
import { toLinkInputs } from '../model.ts';
import { readSide } from './import-pair.ts';

export interface UpdateTexts {
  en?: string;
  ko?: string;
  format?: FormatChoice;
  enUrl?: string;
  koUrl?: string;
}

export interface UpdateResult {
  pairId: number;
  version: number;
  /** The given texts are the stored ones: nothing was written. */
  unchanged: boolean;
  counts: UpdateCounts;
  sides: Lang[];
}

/** The pair to update does not exist. */
export class MissingPairError extends Error {
  constructor(public readonly pairId: number) {
    super(`Pair ${pairId} does not exist (jjak list shows the ids).`);
  }
}

const NO_COUNTS: UpdateCounts = { kept: 0, keptConfirmed: 0, realigned: 0, new: 0, removed: 0, dropped: 0, droppedConfirmed: 0 };

/**
 * Replaces the given sides of pair `pairId` with new versions (parsed with the same importers and
 * checks as `jjak import`). A new text without a URL, section or publication date keeps the stored
 * one: the page moved on, not its address. Throws ImportError, MissingPairError, UrlConflictError,
 * DuplicatePairError or UpdateConflictError; on any of them nothing is changed.
 */
export function updatePairTexts(db: Db, pairId: number, input: UpdateTexts, user: string, via: 'cli' | 'form' = 'cli'): UpdateResult {
  if (pairVersion(db, pairId) === 0) throw new MissingPairError(pairId);
  const fmt = input.format ?? 'auto';
  return updatePairDocuments(db, pairId, {
    ...(input.en !== undefined ? { en: readSide(input.en, 'en', fmt, input.enUrl) } : {}),
    ...(input.ko !== undefined ? { ko: readSide(input.ko, 'ko', fmt, input.koUrl) } : {}),
  }, user, via);
}

/**
 * The rest of an update once the new sides are read (readSide, here or on the parse thread):
 * plans the links and writes the new version. Same errors and guarantees as updatePairTexts.
 */
export function updatePairDocuments(db: Db, pairId: number, docs: { en?: DocumentInput; ko?: DocumentInput }, user: string, via: 'cli' | 'form' = 'cli'): UpdateResult {
  const pair = getPair(db, pairId);
  if (!pair) throw new MissingPairError(pairId);
  const keepMeta = (lang: Lang, doc: DocumentInput | undefined): DocumentInput | undefined => {
    if (!doc) return undefined;
    const old = pair[lang].meta;
    return { ...doc, meta: { ...doc.meta, url: doc.meta.url ?? old.url, section: doc.meta.section ?? old.section, published: doc.meta.published ?? old.published } };
  };
  const en = keepMeta('en', docs.en);
  const ko = keepMeta('ko', docs.ko);
  if (!en && !ko) throw new Error('updatePairTexts: give the English or the Korean text (or both)');
  const sides = ([['en', en], ['ko', ko]] as const)
    .filter(([lang, d]) => d !== undefined && hashDocument(d) !== hashDocument(pair[lang])).map(([lang]) => lang);
  if (sides.length === 0) return { pairId, version: pair.version, unchanged: true, counts: NO_COUNTS, sides: [] };
  const newEn = sides.includes('en') ? en! : undefined;
  const newKo = sides.includes('ko') ? ko! : undefined;
  const plan = planUpdate(pair.en.paragraphs, pair.ko.paragraphs, (newEn ?? pair.en).paragraphs, (newKo ?? pair.ko).paragraphs, pair.links);
  const alignment: AlignmentInput = { paragraphs: toLinkInputs(plan.paragraphs), sentences: toLinkInputs(plan.sentences) };
  // Marks of an earlier update stay while their paragraphs are still there: no reviewer has cleared them by an update.
  const before = changedParagraphs(db, pairId);
  const present = (docs: DocumentInput | typeof pair.en) => new Set(docs.paragraphs.map((p) => normaliseParagraph(p.text)));
  const enNow = present(newEn ?? pair.en);
  const koNow = present(newKo ?? pair.ko);
  const changed = {
    en: [...new Set([...[...before.en].filter((t) => enNow.has(t)), ...plan.realignedTexts.en])],
    ko: [...new Set([...[...before.ko].filter((t) => koNow.has(t)), ...plan.realignedTexts.ko])],
  };
  const version = writeArticleUpdate(db, {
    pairId, version: pair.version, ...(newEn ? { en: newEn } : {}), ...(newKo ? { ko: newKo } : {}), alignment, changed, user,
    detail: { via, sides, ...plan.counts },
  });
  return { pairId, version, unchanged: false, counts: plan.counts, sides };
}
