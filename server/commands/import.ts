import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { DuplicatePairError, getPair, logChange, storePairRows, UrlConflictError } from '../../db/pairs.ts';
import { CollectionError, findCollection, requireCollectionId } from '../../db/collections.ts';
import { UpdateConflictError } from '../../db/article-update.ts';
import { MissingPairError, updatePairTexts } from '../services/update-pair.ts';
import type { Db } from '../../db/open.ts';
import { loadConfig } from '../config.ts';
import { ImportError, type FormatChoice } from '../import/index.ts';
import { decodeLines, readLineChunks, type LineChunk } from '../import/line-chunks.ts';
import { importTexts, readArticleFile } from '../services/import-pair.ts';
import { alignPairs, countPairsToAlign, startTypeScriptWorker } from '../services/bulk-align.ts';
import { prepareLines, type PreparedPair, type RejectedLine } from '../services/prepare-pair.ts';
import { createProgress } from './progress.ts';
import { indexBacklog } from './index-search.ts';
import { parseFlags, withDb, withDbAsync } from './common.ts';
import { importExportJsonl, isExportJsonlFile, type ExportImportSummary } from '../export/import-jsonl.ts';
import { UsageError, type CliIo, type Command } from './types.ts';

const FORMATS = ['auto', 'hani', 'text', 'html'];

function describe(db: Db, id: number): string {
  const p = getPair(db, id)!;
  const title = p.en.meta.title ?? p.ko.meta.title ?? '(untitled)';
  return `${title} — ${p.en.paragraphs.length} English / ${p.ko.paragraphs.length} Korean paragraphs, ${p.links.length} paragraph links`;
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
  /**
   * Threads that parse and segment lines while this one writes: default one less than the cores
   * (at least one) for files over PARSE_WORKERS_FROM_BYTES; 0 parses on this thread.
   */
  workers?: number;
  /** Largest article (default JJAK_MAX_ARTICLE_BYTES from io.env): longer sides and lines are rejected. */
  maxArticleBytes?: number;
  /** Collection of the records that name none (a record's own `collection` wins). Must exist. */
  collection?: string;
  /** The change log's author of every imported pair. */
  user?: string;
}

/** Below this size starting a parse thread (about 0.4 s for the TypeScript loader) costs more than it saves. */
export const PARSE_WORKERS_FROM_BYTES = 4 * 1024 * 1024;

type Parsed = PreparedPair | RejectedLine;

/** Parses chunks of lines on worker threads, answering in the order the chunks were given. */
class ParsePool {
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
  const pages = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
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
        if (db.open) db.pragma(`wal_autocheckpoint = ${pages}`);
      })();
      return stopped;
    },
  };
}

/** Lines sent to a parse thread at a time. */
const PARSE_CHUNK = 25;

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
  const maxArticleBytes = opts.maxArticleBytes ?? loadConfig(io.env).maxArticleBytes;
  const maxLineBytes = 2 * maxArticleBytes + 64 * 1024;
  if (await isExportJsonlFile(path, maxLineBytes)) return importExportJsonl(db, path, maxLineBytes, opts.user ?? 'system');
  const started = Date.now();
  const summary: ImportJsonlSummary = { imported: 0, duplicates: 0, rejectedCount: 0, rejected: [], lines: 0, seconds: 0 };
  const reject = (line: number, reason: string) => {
    summary.rejectedCount++;
    if (summary.rejected.length < KEEP_REJECTED) summary.rejected.push({ line, reason });
  };
  if (opts.collection !== undefined) requireCollectionId(db, opts.collection);
  // Collection ids by name, looked up once per name; null: no such collection (the line is rejected).
  const collectionIds = new Map<string, number | null>();
  const collectionId = (name: string): number | null => {
    if (!collectionIds.has(name)) collectionIds.set(name, findCollection(db, name)?.id ?? null);
    return collectionIds.get(name)!;
  };
  const user = opts.user ?? 'system';
  const writeBatch = db.transaction((batch: PreparedPair[]) => {
    for (const p of batch) {
      const name = p.collection ?? opts.collection;
      const cid = name === undefined ? null : collectionId(name);
      if (name !== undefined && cid === null) {
        reject(p.line, `there is no collection named "${name}"; create it first with jjak collection add`);
        continue;
      }
      try {
        // Checks for a duplicate before writing anything; any other error rolls back the whole batch.
        // Search indexing waits for the backlog (db/search-backlog.ts): alignment or the server does it in batches.
        const id = storePairRows(db, p.rows, p.alignment ?? undefined, {
          deferSearchIndex: true,
          provenance: { collectionId: cid, externalId: p.externalId ?? null, meta: p.meta ?? null },
        });
        logChange(db, id, user, 'import', { via: 'jsonl', line: p.line });
        summary.imported++;
      } catch (e) {
        // A stored page with other text is not a resumed line: say so, as for a single import.
        if (e instanceof UrlConflictError) reject(p.line, e.message.replace(/--(en|ko) FILE$/, '--$1 FILE (or correct the line)'));
        else if (e instanceof DuplicatePairError) summary.duplicates++;
        else throw e;
      }
    }
  });
  const progress = createProgress(io, { label: 'imported', total: bytesTotal, quiet: opts.quiet ?? false });
  let bytesRead = 0;
  const batchSize = opts.batchSize ?? 200;
  let batch: PreparedPair[] = [];
  const flush = async () => {
    if (batch.length > 0) writeBatch.immediate(batch);
    batch = [];
    const state = {
      bytesRead, bytesTotal, lines: summary.lines, imported: summary.imported,
      duplicates: summary.duplicates, rejected: summary.rejectedCount,
    };
    progress.update(state.bytesRead, summary.imported + summary.duplicates);
    opts.onProgress?.(state);
    if (opts.betweenBatches) await opts.betweenBatches();
  };
  const threads = opts.workers ?? (bytesTotal >= PARSE_WORKERS_FROM_BYTES ? Math.max(1, availableParallelism() - 1) : 0);
  const pool = new ParsePool(threads);
  const checkpoints = threads > 0 ? startCheckpointer(db) : null;
  const maxPending = Math.max(Math.max(1, threads) * 4, Math.ceil((2 * batchSize) / PARSE_CHUNK));
  // Chunks being parsed, oldest first: results are taken in file order, so pair ids follow the file.
  const pending: Promise<Parsed[]>[] = [];
  const take = async () => {
    for (const r of await pending.shift()!) {
      if ('reason' in r) reject(r.line, r.reason);
      else batch.push(r);
      if (batch.length >= batchSize) await flush();
    }
  };
  // A record holds two articles, each within JJAK_MAX_ARTICLE_BYTES (checked again per side once
  // parsed): maxLineBytes above.
  try {
    for await (const chunk of readLineChunks(path, PARSE_CHUNK, (n) => { bytesRead = n; }, undefined, maxLineBytes)) {
      summary.lines += chunk.ends.length;
      for (const t of chunk.tooLong ?? []) {
        reject(t.line, `the line is ${t.bytes} bytes, over the ${maxLineBytes} a pair record may have (two articles of at most ${maxArticleBytes} bytes, JJAK_MAX_ARTICLE_BYTES); it was skipped`);
      }
      pending.push(pool.parse(chunk, maxArticleBytes));
      // Enough chunks in flight to keep every parse thread busy while this thread writes a batch: with
      // fewer than a batch's worth queued, the parse thread ran dry during each write (1,350 → 1,500 pairs/s).
      while (pending.length > maxPending) await take();
    }
    while (pending.length > 0) await take();
    await flush();
  } finally {
    progress.stop();
    await pool.close();
    await checkpoints?.stop();
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

export const importCommand: Command = {
  name: 'import',
  usage: `jjak import --en FILE --ko FILE [--format auto|hani|text|html] [--en-url URL --ko-url URL] [--collection NAME] [--db PATH]
jjak import --jsonl FILE [--collection NAME] [--no-align] [--batch N] [--quiet] [--db PATH]
  Streams the file and stores pairs in batches; pairs already stored are skipped, so running it
  again after an interruption resumes. Then aligns the pairs without links on every core
  (--no-align: import only; jjak align --all aligns later). --batch: pairs a transaction (200).
  --collection puts the pairs in a collection (jjak collection add); a record's own "collection" wins.
jjak import --update ID [--en FILE] [--ko FILE] [--format …] [--en-url URL] [--ko-url URL] [--db PATH]
  Replaces one or both articles of pair ID with a new version: links over unchanged paragraphs keep
  their review, the rest is realigned between them, the old text stays in the pair's history.`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      en: { type: 'string' }, ko: { type: 'string' }, format: { type: 'string', default: 'auto' },
      'en-url': { type: 'string' }, 'ko-url': { type: 'string' }, jsonl: { type: 'string' },
      db: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, 'no-align': { type: 'boolean' },
      batch: { type: 'string' }, update: { type: 'string' }, collection: { type: 'string' },
    });
    const user = io.env['JJAK_USER'] || io.env['USER'] || 'cli';
    if (values.update !== undefined) return runUpdate(values, io, user);
    if (values.jsonl) {
      if (values.en || values.ko) throw new UsageError('give either --jsonl or --en and --ko, not both');
      const path = values.jsonl;
      const quiet = values.quiet ?? false;
      const batchSize = values.batch === undefined ? 200 : Number(values.batch);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError('--batch takes a positive whole number');
      return withDbAsync(io, values.db, async (db) => {
        if (values.collection !== undefined && !findCollection(db, values.collection)) {
          io.stderr(`There is no collection named "${values.collection}". Create it first: jjak collection add "${values.collection}" --licence … --attribution …\n`);
          return 1;
        }
        const s = await importJsonl(db, path, io, { quiet, batchSize, user, ...(values.collection !== undefined ? { collection: values.collection } : {}) });
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
        // Alignment indexed the pairs it wrote; whatever is left (pairs not aligned) is indexed now, in big batches.
        const { indexed, seconds: indexSeconds } = indexBacklog(db, io, quiet);
        for (const r of s.rejected.slice(0, 20)) io.stderr(`line ${r.line}: rejected: ${r.reason}\n`);
        if (s.rejectedCount > 20) io.stderr(`… and ${s.rejectedCount - 20} more rejected lines\n`);
        const completed = (s as Partial<ExportImportSummary>).completed;
        if (completed && completed.paragraph + completed.sentence > 0) io.stdout(`completed ${completed.paragraph} paragraphs and ${completed.sentence} sentences that the file left in no link (as one-sided links, or as paragraph links around its sentence links); review them\n`);
        io.stdout(`imported ${s.imported}, skipped ${s.duplicates} duplicates, rejected ${s.rejectedCount} of ${s.lines} lines in ${s.seconds.toFixed(1)} s` +
          (values['no-align'] ? '; not aligned (jjak align --all aligns them)\n'
            : `; aligned ${aligned} pairs${alignFailed ? ` (${alignFailed} failed)` : ''} in ${alignSeconds.toFixed(1)} s\n`));
        if (indexed > 0) io.stdout(`indexed ${indexed} more pairs for search in ${indexSeconds.toFixed(1)} s\n`);
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
        const collectionId = values.collection === undefined ? null : requireCollectionId(db, values.collection);
        id = importTexts(db, {
          en, ko, format: values.format as FormatChoice,
          ...(values['en-url'] ? { enUrl: values['en-url'] } : {}),
          ...(values['ko-url'] ? { koUrl: values['ko-url'] } : {}),
        }, { user, via: 'cli', provenance: { collectionId } });
      } catch (e) {
        if (e instanceof UrlConflictError || e instanceof CollectionError) {
          io.stderr(`${e.message.replace(/FILE$/, e instanceof UrlConflictError ? (e.lang === 'en' ? enPath : koPath) : 'FILE')}\nNothing was changed.\n`);
          return 1;
        }
        if (!(e instanceof DuplicatePairError)) throw e;
        io.stdout(`${e.message} Nothing was added.\n${e.pairId}\n`);
        return 0;
      }
      io.stdout(`imported pair ${id} from ${enPath} and ${koPath}: ${describe(db, id)}\n${id}\n`);
      return 0;
    });
  },
};

/** `jjak import --update ID`: replaces the given sides of a stored pair; the pair id is the last line. */
function runUpdate(values: { update?: string | undefined; en?: string | undefined; ko?: string | undefined; jsonl?: string | undefined; format?: string | undefined; 'en-url'?: string | undefined; 'ko-url'?: string | undefined; collection?: string | undefined; db?: string | undefined }, io: CliIo, user: string): number {
  const id = Number(values.update);
  if (!/^\d+$/.test(values.update ?? '') || !Number.isSafeInteger(id) || id <= 0) throw new UsageError('--update takes a pair id (jjak list shows them)');
  if (values.jsonl) throw new UsageError('--update replaces one pair: give --en FILE and/or --ko FILE, not --jsonl');
  if (values.collection !== undefined) throw new UsageError('--update keeps the pair\'s collection; --collection goes with new imports');
  if (!values.en && !values.ko) throw new UsageError('--update needs the new version: --en FILE and/or --ko FILE');
  if (!FORMATS.includes(values.format ?? 'auto')) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const config = loadConfig(io.env);
  const en = values.en ? readArticleFile(values.en, 'English file', config.maxArticleBytes) : undefined;
  const ko = values.ko ? readArticleFile(values.ko, 'Korean file', config.maxArticleBytes) : undefined;
  return withDb(io, values.db, (db) => {
    try {
      const r = updatePairTexts(db, id, {
        ...(en !== undefined ? { en } : {}), ...(ko !== undefined ? { ko } : {}), format: (values.format ?? 'auto') as FormatChoice,
        ...(values['en-url'] ? { enUrl: values['en-url'] } : {}), ...(values['ko-url'] ? { koUrl: values['ko-url'] } : {}),
      }, user, 'cli');
      if (r.unchanged) {
        io.stdout(`pair ${id} already holds this text; nothing was changed\n${id}\n`);
        return 0;
      }
      const c = r.counts;
      io.stdout(`updated pair ${id} (${r.sides.map((l) => (l === 'en' ? 'English' : 'Korean')).join(' and ')}): ` +
        `${c.new} new and ${c.removed} removed paragraphs; kept ${c.kept} links (${c.keptConfirmed} confirmed), realigned ${c.realigned}` +
        `${c.droppedConfirmed ? `; ${c.droppedConfirmed} confirmed links touched changed paragraphs and need review again` : ''}\n` +
        `${describe(db, id)}\n${id}\n`);
      return 0;
    } catch (e) {
      if (e instanceof MissingPairError || e instanceof DuplicatePairError || e instanceof UpdateConflictError) {
        io.stderr(`${e.message}\nNothing was changed.\n`);
        return 1;
      }
      throw e;
    }
  });
}
