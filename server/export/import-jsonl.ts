import { readBoundedLines } from '../import/line-chunks.ts';
import { insertRebuiltPair } from '../../db/export.ts';
import type { Db } from '../../db/open.ts';
import { DuplicatePairError } from '../../db/pairs.ts';
import type { ImportJsonlSummary } from '../commands/import.ts';
import { isExportHeaderLine } from './jsonl.ts';
import { addCollection, findCollection, MAX_COLLECTION_NAME, MAX_COLLECTION_TEXT } from '../../db/collections.ts';
import { ExportUnitAssembler, isExportUnitLine, type ExportReadResult } from './jsonl-reader.ts';

/**
 * How an export file's import went: the figures `jjak import --jsonl` reports for pair records,
 * plus the items a filtered export had left in no link, completed as one-sided links.
 */
export type ExportImportSummary = ImportJsonlSummary & { completed: { paragraph: number; sentence: number } };

const KEEP_REJECTED = 100;

/**
 * Creates the collections an export's header line names that this database lacks, with their
 * source, licence and attribution, so the imported pairs keep them. Existing ones are left as they are.
 */
function addHeaderCollections(db: Db, header: unknown): void {
  const list = (header as { collections?: unknown }).collections;
  if (!Array.isArray(list)) return;
  const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, MAX_COLLECTION_TEXT) : null);
  for (const c of list.slice(0, 1000) as { name?: unknown; source?: unknown; licence?: unknown; attribution?: unknown }[]) {
    const name = text(c?.name);
    if (name === null || name.length > MAX_COLLECTION_NAME || findCollection(db, name)) continue;
    addCollection(db, { name, source: text(c.source), licence: text(c.licence), attribution: text(c.attribution) });
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

/**
 * True when the file's first non-blank line is a jjak export unit line: the signal to read the
 * whole file as an export (units grouped by pair) rather than as one pair record per line.
 */
export async function isExportJsonlFile(path: string, maxLineBytes = 64 * 1024 ** 2): Promise<boolean> {
  for await (const { text, tooLong } of readBoundedLines(path, maxLineBytes)) {
    if (tooLong !== undefined) return false; // the pair-record reader reports it with its number
    if (text.trim() === '') continue;
    const first = parseLine(text);
    return isExportUnitLine(first) || isExportHeaderLine(first);
  }
  return false;
}

/**
 * Imports a jjak JSONL export: streams the lines, rebuilds each pair from its consecutive unit
 * lines (jsonl-reader.ts) and stores it with its links at both levels and its review status, one
 * transaction per pair. A pair with any bad line is rejected whole, with the line number; a pair
 * already stored is skipped as a duplicate. Memory holds one pair's lines at a time.
 */
export async function importExportJsonl(db: Db, path: string, maxLineBytes = 64 * 1024 ** 2, user = 'system'): Promise<ExportImportSummary> {
  const started = Date.now();
  const summary: ExportImportSummary = {
    imported: 0, duplicates: 0, rejectedCount: 0, rejected: [], lines: 0, seconds: 0, completed: { paragraph: 0, sentence: 0 },
  };
  const reject = (line: number, reason: string) => {
    summary.rejectedCount++;
    if (summary.rejected.length < KEEP_REJECTED) summary.rejected.push({ line, reason });
  };
  const store = (results: ExportReadResult[]) => {
    for (const r of results) {
      if (r.kind === 'error') {
        reject(r.lineNo, r.message);
        continue;
      }
      try {
        insertRebuiltPair(db, r.pair, user);
        summary.imported++;
        summary.completed.paragraph += r.pair.completed?.paragraph ?? 0;
        summary.completed.sentence += r.pair.completed?.sentence ?? 0;
      } catch (e) {
        if (e instanceof DuplicatePairError) summary.duplicates++;
        else if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_CHECK') reject(r.lineNo, `pair ${r.pairId} was refused by the database: ${(e as Error).message}`);
        else throw e;
      }
    }
  };
  const assembler = new ExportUnitAssembler();
  // no line is held past maxLineBytes: a longer one fails its pair with its number
  for await (const { line: lineNo, text: line, tooLong } of readBoundedLines(path, maxLineBytes)) {
    summary.lines = lineNo;
    if (tooLong !== undefined) {
      store(assembler.fail(lineNo, `the line is ${tooLong} bytes, over the ${maxLineBytes} a line may have (JJAK_MAX_ARTICLE_BYTES)`));
      continue;
    }
    if (line.trim() === '') continue;
    const value = parseLine(line);
    // The header line names the export's collections; the pairs come from the unit lines.
    if (isExportHeaderLine(value)) {
      addHeaderCollections(db, value);
      continue;
    }
    if (value === undefined) {
      store(assembler.fail(lineNo, 'not valid JSON'));
      continue;
    }
    store(assembler.push({ lineNo, value }));
  }
  store(assembler.end());
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}
