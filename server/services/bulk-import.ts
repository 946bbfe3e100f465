import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { addCollection, findCollection, requireCollectionId } from '../../db/collections.ts';
import { storeRebuiltPair, type RebuiltPair } from '../../db/export.ts';
import { pauseAutoCheckpoint, type Db } from '../../db/open.ts';
import { DuplicatePairError, logChange, storePairRows, UrlConflictError } from '../../db/pairs.ts';
import { loadConfig } from '../config.ts';
import { isExportHeaderLine } from '../export/jsonl.ts';
import { ExportUnitAssembler, isExportUnitLine, readHeaderCollections, type ExportReadResult } from '../export/jsonl-reader.ts';
import { ImportError } from '../import/index.ts';
import { decodeLines, type LineChunk } from '../import/line-chunks.ts';
import { readBoundedLines, readLineChunks } from './line-files.ts';
import { startTypeScriptWorker } from './bulk-align.ts';
import { prepareLines, type PreparedPair, type RejectedLine } from './prepare-pair.ts';

/**
 * Bulk import of a JSON Lines file, whichever of the two record formats it holds: pair records
 * (one pair a line: `jjak import --jsonl`, the web's import jobs) or a jjak export (unit lines
 * grouped by pair, rebuilt with their links). Both go through the same batches, progress, stop
 * signal, collection rule and change-log entries; the CLI command and the web job only present it.
 */

export interface BulkImportOptions {
  /** Pairs per transaction (default 200): fewer commits, and each pair still whole or absent. */
  batchSize?: number;
  /** Called after every batch is written (the CLI draws its bar, the web job stores the counts). */
  onProgress?: (p: BulkImportProgress) => void;
  /** Awaited after every batch: the server passes a setImmediate turn so requests keep being served. */
  betweenBatches?: () => Promise<void>;
  /**
   * Stops the import between pairs: the pairs in hand are written, progress is reported once
   * more, and the import rejects with the signal's reason. Pairs written stay; a run on the same
   * file later skips them as duplicates.
   */
  signal?: AbortSignal;
  /**
   * Threads that parse and segment pair records while this one writes: default one less than the
   * cores (at least one) for files over PARSE_WORKERS_FROM_BYTES; 0 parses on this thread.
   * Export files are read on this thread (their lines are checked against each other per pair).
   */
  workers?: number;
  /** Largest article (default JJAK_MAX_ARTICLE_BYTES of this process): longer sides and lines are rejected. */
  maxArticleBytes?: number;
  /** Collection of the pairs whose record names none (a record's own `collection` wins). Must exist. */
  collection?: string;
  /** The change log's author of every imported pair. */
  user?: string;
}

export interface BulkImportProgress {
  /** Bytes of the file read into lines being imported, a chunk of lines at a time (the file's size at the end). */
  bytesRead: number;
  bytesTotal: number;
  lines: number;
  imported: number;
  duplicates: number;
  rejected: number;
}

export interface BulkImportSummary {
  /** Which record format the file held. */
  format: 'pairs' | 'export';
  imported: number;
  duplicates: number;
  /** How many lines were rejected in all; `rejected` keeps the first reasons only. */
  rejectedCount: number;
  rejected: { line: number; reason: string }[];
  lines: number;
  seconds: number;
  /** Export files: items the file left in no link, completed as one-sided links (zero for pair records). */
  completed: { paragraph: number; sentence: number };
}

/** Below this size starting a parse thread (about 0.4 s for the TypeScript loader) costs more than it saves. */
export const PARSE_WORKERS_FROM_BYTES = 4 * 1024 * 1024;

/** Reasons kept for the summary; the count goes on. */
const KEEP_REJECTED = 100;
/** Lines sent to a parse thread at a time. */
const PARSE_CHUNK = 25;
/** Lines of an export file read at a time (a pair is a few to a few hundred lines). */
const EXPORT_CHUNK = 200;

/**
 * Imports a JSON Lines file as a stream (memory stays flat however long the file is), storing
 * pairs in batches of one transaction each, each pair whole or absent even if the process is
 * killed. Pairs already stored (same texts or URL) are skipped, so a second run after an
 * interruption resumes without duplicates. Pairs are stored without links unless the file brings
 * them (an export always does): align them afterwards (alignPairs, or `jjak align --all`). Search
 * indexing waits for the backlog (db/search-backlog.ts).
 */
export async function bulkImport(db: Db, path: string, opts: BulkImportOptions = {}): Promise<BulkImportSummary> {
  let bytesTotal: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error();
    bytesTotal = st.size;
  } catch {
    throw new ImportError('missing_file', `The JSONL file "${path}" was not found. Check the path.`);
  }
  const maxArticleBytes = opts.maxArticleBytes ?? loadConfig(process.env).maxArticleBytes;
  // A pair record holds two articles, each within JJAK_MAX_ARTICLE_BYTES (checked again per side once parsed).
  const maxLineBytes = 2 * maxArticleBytes + 64 * 1024;
  opts.signal?.throwIfAborted();
  const run = new ImportRun(db, bytesTotal, opts);
  if (await isExportJsonlFile(path, maxLineBytes)) {
    run.summary.format = 'export';
    await importExportLines(run, path, maxLineBytes);
  } else {
    await importPairRecords(run, path, maxArticleBytes, maxLineBytes);
  }
  run.summary.seconds = (Date.now() - run.started) / 1000;
  return run.summary;
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

/**
 * True when the file's first non-blank line is a jjak export unit line (or its header): the
 * signal to read the whole file as an export rather than as one pair record per line.
 */
export async function isExportJsonlFile(path: string, maxLineBytes = 64 * 1024 ** 2): Promise<boolean> {
  for await (const { text, tooLong } of readBoundedLines(path, maxLineBytes)) {
    if (tooLong !== undefined) return false; // the pair-record reader reports it with its number
    if (text.trim() === '') continue;
    const first = parseJson(text);
    return isExportUnitLine(first) || isExportHeaderLine(first);
  }
  return false;
}

/** What one import has done so far, and the rules both readers share. */
class ImportRun {
  readonly started = Date.now();
  readonly summary: BulkImportSummary = {
    format: 'pairs', imported: 0, duplicates: 0, rejectedCount: 0, rejected: [], lines: 0, seconds: 0, completed: { paragraph: 0, sentence: 0 },
  };
  /** Bytes of the file taken in so far (see BulkImportProgress). */
  bytesRead = 0;
  readonly batchSize: number;
  readonly user: string;
  /** Collection ids by name, looked up once per name; null: no such collection. */
  private readonly collectionIds = new Map<string, number | null>();

  constructor(readonly db: Db, readonly bytesTotal: number, readonly opts: BulkImportOptions) {
    this.batchSize = opts.batchSize ?? 200;
    this.user = opts.user ?? 'system';
    if (opts.collection !== undefined) requireCollectionId(db, opts.collection);
  }

  reject(line: number, reason: string): void {
    this.summary.rejectedCount++;
    if (this.summary.rejected.length < KEEP_REJECTED) this.summary.rejected.push({ line, reason });
  }

  /** True once a stop was asked for: the batch in hand is written at once and the import ends. */
  get stopping(): boolean {
    return this.opts.signal?.aborted ?? false;
  }

  /**
   * The collection a pair goes to: the one its record names, else the import's. Undefined when
   * the named one does not exist here (the line is then rejected with the reason).
   */
  collectionFor(own: string | null | undefined, line: number): number | null | undefined {
    const name = own ?? this.opts.collection;
    if (name === undefined) return null;
    if (!this.collectionIds.has(name)) this.collectionIds.set(name, findCollection(this.db, name)?.id ?? null);
    const id = this.collectionIds.get(name)!;
    if (id !== null) return id;
    this.reject(line, `there is no collection named "${name}"; create it first with jjak collection add`);
    return undefined;
  }

  /** Creates the collections an export's header names that this database lacks; existing ones are left as they are. */
  addHeaderCollections(header: unknown): void {
    this.db.transaction(() => {
      for (const c of readHeaderCollections(header)) {
        if (findCollection(this.db, c.name)) continue;
        addCollection(this.db, c);
        this.collectionIds.delete(c.name);
      }
    })();
  }

  /** After a batch is written: progress, the caller's turn, then the stop if one was asked for. */
  async afterBatch(): Promise<void> {
    const s = this.summary;
    this.opts.onProgress?.({
      bytesRead: this.bytesRead, bytesTotal: this.bytesTotal, lines: s.lines, imported: s.imported, duplicates: s.duplicates, rejected: s.rejectedCount,
    });
    if (this.opts.betweenBatches) await this.opts.betweenBatches();
    this.opts.signal?.throwIfAborted();
  }

  /**
   * A batch of pairs to write in one transaction: `add` writes the batch when it is full or a stop
   * was asked for, `flush` writes what is left and reports progress.
   */
  batcher<T>(write: (batch: T[]) => void): { add(item: T): Promise<void>; flush(): Promise<void> } {
    const writeAll = this.db.transaction(write);
    let batch: T[] = [];
    const flush = async () => {
      if (batch.length > 0) writeAll.immediate(batch);
      batch = [];
      await this.afterBatch();
    };
    return {
      add: async (item) => {
        batch.push(item);
        if (batch.length >= this.batchSize || this.stopping) await flush();
      },
      flush,
    };
  }
}

type Parsed = PreparedPair | RejectedLine;

/** Parses chunks of pair-record lines on worker threads, answering in the order the chunks were given. */
class RecordParsePool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (r: Parsed[]) => void; reject: (e: Error) => void }>();
  private next = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = startTypeScriptWorker(PARSE_WORKER_URL);
      worker.on('message', (m: { id: number; results?: Parsed[]; error?: string }) => {
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.error !== undefined) w?.reject(new Error(`parse worker: ${m.error}`));
        else w?.resolve(m.results ?? []);
      });
      worker.on('error', (e) => {
        for (const w of this.waiting.values()) w.reject(e);
        this.waiting.clear();
      });
      this.workers.push(worker);
    }
  }

  parse(chunk: LineChunk, maxArticleBytes: number): Promise<Parsed[]> {
    if (this.workers.length === 0) return Promise.resolve(prepareLines(decodeLines(chunk), maxArticleBytes));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // The bytes move to the thread (transfer): this thread never decodes them.
      this.workers[id % this.workers.length]!.postMessage({ id, chunk, maxArticleBytes }, [chunk.bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

const PARSE_WORKER_URL = new URL('../workers/parse-worker.ts', import.meta.url);
const CHECKPOINT_WORKER_URL = new URL('../workers/checkpoint-worker.ts', import.meta.url);
/** How often the checkpoint thread copies the WAL into the database during a bulk import. */
const CHECKPOINT_EVERY_MS = 250;

/**
 * Moves WAL checkpoints off this thread for a bulk import (server/workers/checkpoint-worker.ts):
 * automatic checkpoints are off on this connection until stop(), which restores them. Null for an
 * in-memory database, which has no WAL.
 */
function startCheckpointer(db: Db): { stop(): Promise<void> } | null {
  if (db.memory || db.readonly) return null;
  const resume = pauseAutoCheckpoint(db);
  const worker = startTypeScriptWorker(CHECKPOINT_WORKER_URL, { path: db.name, everyMs: CHECKPOINT_EVERY_MS });
  // A thread that fails (it could not open the database) just exits: stop() still restores automatic checkpoints.
  worker.on('error', () => {});
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= (async () => {
        const finalCheckpoint = new Promise<void>((resolve) => worker.once('message', () => resolve()));
        worker.postMessage('stop');
        await Promise.race([finalCheckpoint, exited]);
        await worker.terminate();
        resume();
      })();
      return stopped;
    },
  };
}

/** Batches of parsed pair records, each written in one transaction. */
function recordBatcher(run: ImportRun) {
  const { db, summary } = run;
  return run.batcher((pairs: PreparedPair[]) => {
    for (const p of pairs) {
      const collectionId = run.collectionFor(p.collection, p.line);
      if (collectionId === undefined) continue;
      try {
        // Checks for a duplicate before writing anything; any other error rolls back the whole batch.
        const id = storePairRows(db, p.rows, p.alignment ?? undefined, {
          deferSearchIndex: true,
          provenance: { collectionId, externalId: p.externalId ?? null, meta: p.meta ?? null },
        });
        logChange(db, id, run.user, 'import', { via: 'jsonl', line: p.line });
        summary.imported++;
      } catch (e) {
        // A stored page with other text is not a resumed line: say so, as for a single import.
        if (e instanceof UrlConflictError) run.reject(p.line, e.message.replace(/--(en|ko) FILE$/, '--$1 FILE (or correct the line)'));
        else if (e instanceof DuplicatePairError) summary.duplicates++;
        else throw e;
      }
    }
  });
}

/** One pair record a line, parsed on worker threads (for big files) and written here in file order. */
async function importPairRecords(run: ImportRun, path: string, maxArticleBytes: number, maxLineBytes: number): Promise<void> {
  const { db, summary } = run;
  const batch = recordBatcher(run);
  const threads = run.opts.workers ?? (run.bytesTotal >= PARSE_WORKERS_FROM_BYTES ? Math.max(1, availableParallelism() - 1) : 0);
  const pool = new RecordParsePool(threads);
  const checkpoints = threads > 0 ? startCheckpointer(db) : null;
  const maxPending = Math.max(Math.max(1, threads) * 4, Math.ceil((2 * run.batchSize) / PARSE_CHUNK));
  // Chunks being parsed, oldest first: results are taken in file order, so pair ids follow the file.
  const pending: { end: number; results: Promise<Parsed[]> }[] = [];
  const take = async () => {
    const chunk = pending.shift()!;
    const results = await chunk.results;
    run.bytesRead = chunk.end;
    for (const r of results) {
      if ('reason' in r) run.reject(r.line, r.reason);
      else await batch.add(r);
    }
  };
  try {
    for await (const chunk of readLineChunks(path, PARSE_CHUNK, undefined, undefined, maxLineBytes)) {
      if (run.stopping) await batch.flush(); // ends the import
      summary.lines += chunk.ends.length;
      for (const t of chunk.tooLong ?? []) {
        run.reject(t.line, `the line is ${t.bytes} bytes, over the ${maxLineBytes} a pair record may have (two articles of at most ${maxArticleBytes} bytes, JJAK_MAX_ARTICLE_BYTES); it was skipped`);
      }
      pending.push({ end: chunk.end, results: pool.parse(chunk, maxArticleBytes) });
      // Enough chunks in flight to keep every parse thread busy while this thread writes a batch: with
      // fewer than a batch's worth queued, the parse thread ran dry during each write (1,350 → 1,500 pairs/s).
      while (pending.length > maxPending) await take();
    }
    while (pending.length > 0) await take();
    await batch.flush();
  } finally {
    await pool.close();
    await checkpoints?.stop();
  }
}

/** Batches of pairs rebuilt from an export, each written in one transaction (a savepoint a pair). */
function rebuiltPairBatcher(run: ImportRun) {
  const { db, summary } = run;
  return run.batcher((pairs: { line: number; pairId: number; pair: RebuiltPair; collectionId: number | null }[]) => {
    for (const p of pairs) {
      try {
        storeRebuiltPair(db, p.pair, { user: run.user, collectionId: p.collectionId, deferSearchIndex: true });
        summary.imported++;
        summary.completed.paragraph += p.pair.completed?.paragraph ?? 0;
        summary.completed.sentence += p.pair.completed?.sentence ?? 0;
      } catch (e) {
        if (e instanceof DuplicatePairError) summary.duplicates++;
        else if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_CHECK') run.reject(p.line, `pair ${p.pairId} was refused by the database: ${(e as Error).message}`);
        else throw e;
      }
    }
  });
}

/**
 * A jjak JSONL export: rebuilds each pair from its consecutive unit lines (jsonl-reader.ts) with
 * its links at both levels and its review status. A pair with any bad line is rejected whole, with
 * the line number; memory holds one pair's lines (and one batch of pairs) at a time.
 */
async function importExportLines(run: ImportRun, path: string, maxLineBytes: number): Promise<void> {
  const { summary } = run;
  const batch = rebuiltPairBatcher(run);
  const store = async (results: ExportReadResult[]) => {
    for (const r of results) {
      if (r.kind === 'error') {
        run.reject(r.lineNo, r.message);
        continue;
      }
      const collectionId = run.collectionFor(r.pair.provenance?.collection, r.lineNo);
      if (collectionId !== undefined) await batch.add({ line: r.lineNo, pairId: r.pairId, pair: r.pair, collectionId });
    }
  };
  const assembler = new ExportUnitAssembler();
  // No line is held past maxLineBytes: a longer one fails its pair with its number.
  for await (const chunk of readLineChunks(path, EXPORT_CHUNK, undefined, undefined, maxLineBytes)) {
    if (run.stopping) await batch.flush(); // ends the import
    run.bytesRead = chunk.end;
    const tooLong = new Map((chunk.tooLong ?? []).map((t) => [t.line, t.bytes]));
    const texts = new Map(decodeLines(chunk).map((l) => [l.line, l.text]));
    for (let lineNo = chunk.firstLine; lineNo < chunk.firstLine + chunk.ends.length; lineNo++) {
      summary.lines = lineNo;
      const bytes = tooLong.get(lineNo);
      if (bytes !== undefined) {
        await store(assembler.fail(lineNo, `the line is ${bytes} bytes, over the ${maxLineBytes} a line may have (JJAK_MAX_ARTICLE_BYTES)`));
        continue;
      }
      const text = texts.get(lineNo);
      if (text === undefined) continue; // blank
      const value = parseJson(text);
      // The header line names the export's collections; the pairs come from the unit lines.
      if (isExportHeaderLine(value)) run.addHeaderCollections(value);
      else if (value === undefined) await store(assembler.fail(lineNo, 'not valid JSON'));
      else await store(assembler.push({ lineNo, value }));
    }
  }
  await store(assembler.end());
  await batch.flush();
}
