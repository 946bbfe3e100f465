import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DuplicatePairError, getPair, insertPairRows, type AlignmentInput, type DocumentInput } from '../../db/pairs.ts';
import type { Db } from '../../db/open.ts';
import { loadConfig } from '../config.ts';
import { ImportError, parseJsonlLine, type FormatChoice } from '../import/index.ts';
import { importTexts, readArticleFile, withSentences } from '../services/import-pair.ts';
import { alignPairs, countPairsToAlign } from '../services/bulk-align.ts';
import { createProgress } from './progress.ts';
import { parseFlags, withDb, withDbAsync } from './common.ts';
import { importExportJsonl, isExportJsonlFile } from '../export/import-jsonl.ts';
import { UsageError, type CliIo, type Command } from './types.ts';

const FORMATS = ['auto', 'hani', 'text', 'html'];

function describe(db: Db, id: number): string {
  const p = getPair(db, id)!;
  const title = p.en.meta.title ?? p.ko.meta.title ?? '(untitled)';
  return `${title} — ${p.en.paragraphs.length} English / ${p.ko.paragraphs.length} Korean paragraphs, ${p.links.length} paragraph links`;
}

/** One line of a JSONL import made ready to store (parsed, segmented), or why it was rejected. */
interface PreparedPair {
  line: number;
  en: DocumentInput;
  ko: DocumentInput;
  /** Links the record brought with it (jjak's own export), stored as they are; null: align later. */
  alignment: AlignmentInput | null;
}

/** Parses one JSONL line into the documents to store. Throws ImportError with the line number. */
function prepareLine(line: string, lineNo: number): PreparedPair {
  if (line.includes('\uFFFD')) throw new ImportError('invalid_utf8', `Line ${lineNo}: the line is not valid UTF-8`);
  const record = parseJsonlLine(line, lineNo);
  const en = withSentences(record.en);
  const ko = withSentences(record.ko);
  return { line: lineNo, en, ko, alignment: null };
}

export interface ImportJsonlOptions {
  /** No progress output. */
  quiet?: boolean;
  /** Pairs per transaction (default 200): fewer commits, and each pair still whole or absent. */
  batchSize?: number;
  /** Called after every batch (the web job stores these counts). */
  onProgress?: (p: ImportJsonlProgress) => void;
  /** Awaited after every batch: the server passes a setImmediate turn so requests keep being served. */
  betweenBatches?: () => Promise<void>;
}

export interface ImportJsonlProgress {
  bytesRead: number;
  bytesTotal: number;
  lines: number;
  imported: number;
  duplicates: number;
  rejected: number;
}

export interface ImportJsonlSummary {
  imported: number;
  duplicates: number;
  /** How many lines were rejected in all; `rejected` keeps the first reasons only. */
  rejectedCount: number;
  rejected: { line: number; reason: string }[];
  lines: number;
  seconds: number;
}

/** Reasons kept for the summary; the count goes on. */
const KEEP_REJECTED = 100;

/**
 * Imports a JSON Lines file as a stream (memory stays flat however long the file is), storing
 * pairs in batches of one transaction each; every pair is its own savepoint inside it, so each
 * pair is whole or absent even if the process is killed. Pairs already stored (same texts or URL)
 * are skipped, which makes a second run after an interruption resume without duplicates.
 * Pairs are stored without links unless the record brings its own: align them afterwards
 * (alignPairs, or `jjak align --all`).
 */
export async function importJsonl(db: Db, path: string, io: CliIo, opts: ImportJsonlOptions = {}): Promise<ImportJsonlSummary> {
  let bytesTotal: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error();
    bytesTotal = st.size;
  } catch {
    throw new ImportError('missing_file', `The JSONL file "${path}" was not found. Check the path.`);
  }
  // A jjak export (unit lines grouped by pair) carries its own alignment: rebuild the pairs from it.
  if (await isExportJsonlFile(path)) return importExportJsonl(db, path);
  const started = Date.now();
  const summary: ImportJsonlSummary = { imported: 0, duplicates: 0, rejectedCount: 0, rejected: [], lines: 0, seconds: 0 };
  const reject = (line: number, reason: string) => {
    summary.rejectedCount++;
    if (summary.rejected.length < KEEP_REJECTED) summary.rejected.push({ line, reason });
  };
  const writeBatch = db.transaction((batch: PreparedPair[]) => {
    for (const p of batch) {
      try {
        // Checks for a duplicate before writing anything; any other error rolls back the whole batch.
        insertPairRows(db, p.en, p.ko, p.alignment ?? undefined);
        summary.imported++;
      } catch (e) {
        if (e instanceof DuplicatePairError) summary.duplicates++;
        else throw e;
      }
    }
  });
  const progress = createProgress(io, { label: 'imported', total: bytesTotal, quiet: opts.quiet ?? false });
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  const batchSize = opts.batchSize ?? 200;
  let batch: PreparedPair[] = [];
  const flush = async () => {
    if (batch.length > 0) writeBatch.immediate(batch);
    batch = [];
    const state = {
      bytesRead: input.bytesRead, bytesTotal, lines: summary.lines, imported: summary.imported,
      duplicates: summary.duplicates, rejected: summary.rejectedCount,
    };
    progress.update(state.bytesRead, summary.imported + summary.duplicates);
    opts.onProgress?.(state);
    if (opts.betweenBatches) await opts.betweenBatches();
  };
  try {
    for await (const line of lines) {
      const lineNo = ++summary.lines;
      if (line.trim() === '') continue;
      try {
        batch.push(prepareLine(line, lineNo));
      } catch (e) {
        if (e instanceof ImportError) reject(lineNo, e.message.replace(/^Line \d+: /, ''));
        else throw e;
      }
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    progress.stop();
    lines.close();
    input.destroy();
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'import a pair from two files, or many pairs from a JSON Lines file',
  usage: `jjak import --en FILE --ko FILE [--format auto|hani|text|html] [--en-url URL --ko-url URL] [--db PATH]
jjak import --jsonl FILE [--no-align] [--batch N] [--quiet] [--db PATH]
  Streams the file and stores pairs in batches; pairs already stored are skipped, so running it
  again after an interruption resumes. Then aligns the pairs without links on every core
  (--no-align: import only; jjak align --all aligns later). --batch: pairs a transaction (200).`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      en: { type: 'string' }, ko: { type: 'string' }, format: { type: 'string', default: 'auto' },
      'en-url': { type: 'string' }, 'ko-url': { type: 'string' }, jsonl: { type: 'string' },
      db: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, 'no-align': { type: 'boolean' },
      batch: { type: 'string' },
    });
    if (values.jsonl) {
      if (values.en || values.ko) throw new UsageError('give either --jsonl or --en and --ko, not both');
      const path = values.jsonl;
      const quiet = values.quiet ?? false;
      const batchSize = values.batch === undefined ? 200 : Number(values.batch);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError('--batch takes a positive whole number');
      return withDbAsync(io, values.db, async (db) => {
        const s = await importJsonl(db, path, io, { quiet, batchSize });
        let aligned = 0;
        let alignFailed = 0;
        let alignSeconds = 0;
        if (!values['no-align']) {
          // Aligns every pair still without links: this run's, and any an interrupted run left.
          const total = countPairsToAlign(db, false);
          const progress = createProgress(io, { label: 'aligned', total, quiet: quiet || total < 2 });
          try {
            const a = await alignPairs(db, { kind: 'all', force: false }, { batchSize: Math.min(batchSize, 100), onProgress: (done) => progress.update(done, done) });
            aligned = a.aligned;
            alignFailed = a.failed.length;
            alignSeconds = a.seconds;
            for (const f of a.failed.slice(0, 20)) io.stderr(`pair ${f.pairId}: not aligned: ${f.error}\n`);
          } finally {
            progress.stop();
          }
        }
        for (const r of s.rejected.slice(0, 20)) io.stderr(`line ${r.line}: rejected: ${r.reason}\n`);
        if (s.rejectedCount > 20) io.stderr(`… and ${s.rejectedCount - 20} more rejected lines\n`);
        io.stdout(`imported ${s.imported}, skipped ${s.duplicates} duplicates, rejected ${s.rejectedCount} of ${s.lines} lines in ${s.seconds.toFixed(1)} s` +
          (values['no-align'] ? '; not aligned (jjak align --all aligns them)\n'
            : `; aligned ${aligned} pairs${alignFailed ? ` (${alignFailed} failed)` : ''} in ${alignSeconds.toFixed(1)} s\n`));
        return s.rejectedCount > 0 || alignFailed > 0 ? 1 : 0;
      });
    }
    if (!values.en || !values.ko) throw new UsageError('name both files: --en FILE --ko FILE (or --jsonl FILE)');
    if (!FORMATS.includes(values.format ?? 'auto')) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const config = loadConfig(io.env);
    const en = readArticleFile(values.en, 'English file', config.maxArticleBytes);
    const ko = readArticleFile(values.ko, 'Korean file', config.maxArticleBytes);
    const enPath = values.en;
    const koPath = values.ko;
    return withDb(io, values.db, (db) => {
      let id: number;
      try {
        id = importTexts(db, {
          en, ko, format: values.format as FormatChoice,
          ...(values['en-url'] ? { enUrl: values['en-url'] } : {}),
          ...(values['ko-url'] ? { koUrl: values['ko-url'] } : {}),
        });
      } catch (e) {
        if (!(e instanceof DuplicatePairError)) throw e;
        io.stdout(`${e.message} Nothing was added.\n${e.pairId}\n`);
        return 0;
      }
      io.stdout(`imported pair ${id} from ${enPath} and ${koPath}: ${describe(db, id)}\n${id}\n`);
      return 0;
    });
  },
};
