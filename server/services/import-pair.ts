import { recordAlignment } from '../import/record-links.ts';
import { readFileSync, statSync } from 'node:fs';
import type { Db } from '../../db/open.ts';
import { insertPair, logChange, type AlignmentInput, type DocumentInput } from '../../db/pairs.ts';
import { requireCollectionId, type PairProvenance } from '../../db/collections.ts';
import type { Lang, ParsedDocument } from '../model.ts';
import { decodeText, ImportError, parseArticle, type FormatChoice, type PairRecord } from '../import/index.ts';
import { segmentSentences } from '../segment/index.ts';
import { alignArticle, toAlignSide } from '../align/index.ts';
import { resultToAlignment } from './alignment.ts';

/**
 * Sentences an article may have: a long news feature has 300, a whole report 5,000. A megabyte
 * of ". . ." would otherwise become half a million sentences for the aligner and the review page.
 */
export const MAX_ARTICLE_SENTENCES = 20_000;

/** Adds sentences to a parsed document: what the database stores. Throws ImportError past MAX_ARTICLE_SENTENCES. */
export function withSentences(doc: ParsedDocument): DocumentInput {
  let count = 0;
  const paragraphs = doc.paragraphs.map((p) => {
    // sentences given by the record (work done elsewhere) are kept as given
    const sentences = p.sentences ?? segmentSentences(p.text, doc.lang);
    count += sentences.length;
    if (count > MAX_ARTICLE_SENTENCES) {
      throw new ImportError('too_many_sentences', `The ${doc.lang === 'en' ? 'English' : 'Korean'} article has more than ${MAX_ARTICLE_SENTENCES.toLocaleString('en-US')} sentences, far more than an article; check that it is the article text (not a whole site or a run of punctuation).`);
    }
    return { kind: p.kind, text: p.text, sentences };
  });
  return { lang: doc.lang, format: doc.format, raw: doc.raw, meta: doc.meta, paragraphs };
}

/** Reads one article file with the checks every import gets: exists, not too big, valid UTF-8. */
export function readArticleFile(path: string, label: string, maxBytes: number): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new ImportError('not_a_file', `The ${label} "${path}" is not a file.`);
    size = st.size;
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError('missing_file', `The ${label} "${path}" was not found. Check the path.`);
  }
  if (size > maxBytes) {
    throw new ImportError('too_large',
      `The ${label} is ${size} bytes, over the limit of ${maxBytes} bytes an article. Split it, or raise JJAK_MAX_ARTICLE_BYTES.`);
  }
  return decodeText(readFileSync(path), { maxBytes, label });
}

/** Aligns two freshly parsed documents (no stored review state to respect). */
export function alignNew(en: DocumentInput, ko: DocumentInput): AlignmentInput {
  return resultToAlignment(alignArticle(toAlignSide(en), toAlignSide(ko)));
}

/** Who imports, and through what (the change log's author and `via`): every change has an author. */
export interface ImportBy {
  user: string;
  via: 'cli' | 'form' | 'api' | 'jsonl';
  provenance?: PairProvenance;
}

export interface ImportTexts {
  en: string;
  ko: string;
  format?: FormatChoice;
  enUrl?: string;
  koUrl?: string;
}

/** Stores a pair and its change-log entry in one transaction (also for pairs prepared on a thread). */
export function storeWithLog(db: Db, en: DocumentInput, ko: DocumentInput, alignment: AlignmentInput, by: ImportBy): number {
  return db.transaction(() => {
    const id = insertPair(db, en, ko, alignment, by.provenance ? { provenance: by.provenance } : {});
    logChange(db, id, by.user, 'import', { via: by.via });
    return id;
  }).immediate();
}

/** Reads one article with the importers and checks of `jjak import`, and segments it: every path that takes a text. */
export function readSide(text: string, lang: Lang, format: FormatChoice, url?: string): DocumentInput {
  return withSentences(parseArticle(text, lang, format, url ? { url } : {}));
}

/** Parses, segments, stores and aligns a pair given as two texts; returns the new pair id. */
export function importTexts(db: Db, input: ImportTexts, by: ImportBy): number {
  const fmt = input.format ?? 'auto';
  const en = readSide(input.en, 'en', fmt, input.enUrl);
  const ko = readSide(input.ko, 'ko', fmt, input.koUrl);
  return storeWithLog(db, en, ko, alignNew(en, ko), by);
}

/**
 * A pair record segmented (sentences given by the record are kept) with the alignment its own
 * `links` give, checked against the segmented documents and completed (record-links.ts); null when
 * it has none. Every path that takes pair records starts here.
 */
export function segmentRecord(record: PairRecord): { en: DocumentInput; ko: DocumentInput; given: AlignmentInput | null } {
  const en = withSentences(record.en);
  const ko = withSentences(record.ko);
  return { en, ko, given: record.links ? recordAlignment(record.links, en, ko).alignment : null };
}

/**
 * A JSONL record's provenance for storing: its id and meta, and its collection (the record's own
 * name, else `defaultCollection`) looked up by name. Throws CollectionError for an unknown name.
 */
export function recordProvenance(db: Db, record: Pick<PairRecord, 'externalId' | 'meta' | 'collection'>, defaultCollection?: string): PairProvenance {
  const name = record.collection ?? defaultCollection;
  return {
    collectionId: name === undefined ? null : requireCollectionId(db, name),
    externalId: record.externalId ?? null,
    meta: record.meta ?? null,
  };
}
