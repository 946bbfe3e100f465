import { toPairRows, type AlignmentInput, type ArticleRows, type PairRows } from '../../db/pairs.ts';
import { ImportError, parseJsonlLine, recordFields } from '../import/index.ts';
import { segmentRecord } from './import-pair.ts';

/** One line of a JSONL import made ready to store: parsed, segmented, hashed and laid out as rows. */
export interface PreparedPair {
  line: number;
  rows: PairRows;
  /** Links the record brought with it, stored as they are; null: align later. */
  alignment: AlignmentInput | null;
  /** The record's own id, meta object and collection name (issue 19). */
  externalId?: string;
  meta?: Record<string, unknown>;
  collection?: string;
}

/** A line that could not be imported, with the importer's reason (no "Line N:" prefix). */
export interface RejectedLine {
  line: number;
  reason: string;
}

/** Parses one JSONL line into the documents to store. Throws ImportError, also for a side over `maxArticleBytes`. */
export function prepareLine(text: string, line: number, maxArticleBytes = Infinity): PreparedPair {
  if (text.includes('\uFFFD')) throw new ImportError('invalid_utf8', 'the line is not valid UTF-8');
  const record = parseJsonlLine(text, line);
  for (const side of [record.en, record.ko]) {
    const bytes = Buffer.byteLength(side.raw);
    if (bytes > maxArticleBytes) {
      throw new ImportError('too_large', `the ${side.lang === 'en' ? 'English' : 'Korean'} article is ${bytes} bytes, over the limit of ${maxArticleBytes} bytes an article (JJAK_MAX_ARTICLE_BYTES)`);
    }
  }
  const { en, ko, given } = segmentRecord(record);
  return { line, rows: toPairRows(en, ko), alignment: given, ...recordFields(record) };
}

/** prepareLine for many lines; importer errors become rejections, anything else is thrown. */
export function prepareLines(lines: readonly { line: number; text: string }[], maxArticleBytes = Infinity): (PreparedPair | RejectedLine)[] {
  return lines.map(({ line, text }) => {
    try {
      return prepareLine(text, line, maxArticleBytes);
    } catch (e) {
      if (e instanceof ImportError) return { line, reason: e.message.replace(/^Line \d+: /, '') };
      throw e;
    }
  });
}

const BIG_TEXTS = ['raw', 'paragraphs', 'sentences'] as const;

/**
 * Moves the big texts of prepared pairs (raw input, paragraph and sentence arrays) into one buffer
 * as UTF-8, replacing each by a view of it; returns the buffer to transfer with the results (a
 * parse thread's answer then reaches the writing thread without copying them).
 */
export function packTexts(results: readonly (PreparedPair | RejectedLine)[]): ArrayBuffer {
  const sides: ArticleRows[] = [];
  for (const r of results) if ('rows' in r) sides.push(r.rows.en, r.rows.ko);
  let total = 0;
  for (const side of sides) for (const key of BIG_TEXTS) {
    const v = side[key];
    total += typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : v.byteLength;
  }
  const buffer = new ArrayBuffer(total);
  const bytes = Buffer.from(buffer);
  let at = 0;
  for (const side of sides) for (const key of BIG_TEXTS) {
    const v = side[key];
    const n = typeof v === 'string' ? bytes.write(v, at, 'utf8') : (bytes.set(v, at), v.byteLength);
    side[key] = new Uint8Array(buffer, at, n);
    at += n;
  }
  return buffer;
}
