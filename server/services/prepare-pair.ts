import { toPairRows, type AlignmentInput, type PairRows } from '../../db/pairs.ts';
import { ImportError, parseJsonlLine } from '../import/index.ts';
import { withSentences } from './import-pair.ts';

/** One line of a JSONL import made ready to store: parsed, segmented, hashed and laid out as rows. */
export interface PreparedPair {
  line: number;
  rows: PairRows;
  /** Links the record brought with it, stored as they are; null: align later. */
  alignment: AlignmentInput | null;
}

/** A line that could not be imported, with the importer's reason (no "Line N:" prefix). */
export interface RejectedLine {
  line: number;
  reason: string;
}

/** Parses one JSONL line into the documents to store. Throws ImportError. */
export function prepareLine(text: string, line: number): PreparedPair {
  if (text.includes('\uFFFD')) throw new ImportError('invalid_utf8', 'the line is not valid UTF-8');
  const record = parseJsonlLine(text, line);
  return { line, rows: toPairRows(withSentences(record.en), withSentences(record.ko)), alignment: null };
}

/** prepareLine for many lines; importer errors become rejections, anything else is thrown. */
export function prepareLines(lines: readonly { line: number; text: string }[]): (PreparedPair | RejectedLine)[] {
  return lines.map(({ line, text }) => {
    try {
      return prepareLine(text, line);
    } catch (e) {
      if (e instanceof ImportError) return { line, reason: e.message.replace(/^Line \d+: /, '') };
      throw e;
    }
  });
}
