import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { countPairsToAlign, pairIdsToAlign } from '../../db/align-backlog.ts';
import type { Db } from '../../db/open.ts';
import { indexPairsForSearch } from '../../db/search-backlog.ts';
import { getPair, pairVersion, saveAlignment, type AlignmentInput, type LinkInput, type PairDetail } from '../../db/pairs.ts';
import { alignArticle, realignAround, toAlignSide, type AlignSide, type FixedLink } from '../align/index.ts';
import { resultToAlignment } from './alignment.ts';
import { spanItems } from '../model.ts';
import { isKeptLink, linkKey, toFixedLink } from '../review/state.ts';
import { flatSentences, type CrossableLink } from '../../db/review.ts';

// re-exported for the commands and the import job, which count the work before starting it
export { countPairsToAlign };

/** What a worker needs to align one pair: both sides and the links a reviewer fixed. */
export interface AlignRequest {
  pairId: number;
  en: AlignSide;
  ko: AlignSide;
  fixed: FixedLink[];
}

/** A worker's answer: the rows to store, or why the aligner gave up on this pair. */
export type AlignResponse = { pairId: number; alignment: AlignmentInput } | { pairId: number; error: string };

/** Runs the aligner core on one request: realigns around the confirmed and crossed links when there are any. */
export function computeAlignment(request: AlignRequest): AlignmentInput {
  const result = request.fixed.length === 0
    ? alignArticle(request.en, request.ko)
    : realignAround(request.en, request.ko, request.fixed);
  // the realigner gives fixed links back as they were: those holding a crossed Korean side are stored crossed again
  const crossed = request.fixed.filter((f) => f.crossed);
  return resultToAlignment(result, {
    paragraphs: new Set(crossed.flatMap((f) => f.paragraph.ko)),
    sentences: new Set(crossed.flatMap((f) => f.sentences.flatMap((s) => s.ko))),
  });
}

/** The request for a stored pair. */
export function alignRequestFor(pair: PairDetail): AlignRequest {
  return {
    pairId: pair.id,
    en: toAlignSide(pair.en),
    ko: toAlignSide(pair.ko),
    fixed: pair.links.filter(isKeptLink).map(toFixedLink),
  };
}

/**
 * Copies review state from the previous links onto new links that cover exactly the same items,
 * so a realignment never loses who confirmed what. Links of crossed rows were fixed, so they keep
 * everything (status, score, evidence) as a reviewer left them.
 */
export function keepReviewState(alignment: AlignmentInput, pair: PairDetail): void {
  const apply = (links: LinkInput[], previous: readonly CrossableLink[]) => {
    const kept = new Map(previous.filter(isKeptLink).map((l) => [linkKey(l), l]));
    if (kept.size === 0) return;
    for (const b of links) {
      const old = kept.get(linkKey({ en: spanItems(b.en), ko: spanItems(b.ko) }));
      if (!old) continue;
      Object.assign(b, { status: old.status, confirmedBy: old.confirmedBy, confirmedAt: old.confirmedAt });
      if (old.crossed) Object.assign(b, { confidence: old.confidence, evidence: old.evidence });
    }
  };
  apply(alignment.paragraphs, pair.links);
  apply(alignment.sentences, flatSentences(pair.links));
}

/** Where the pairs to align come from. */
export type PairSelection =
  | { kind: 'ids'; ids: readonly number[] }
  /** Every pair without links (`force: false`, the resumable default) or every pair (`force: true`). */
  | { kind: 'all'; force: boolean };

export interface BulkAlignOptions {
  /** Worker threads; 0 aligns on the calling thread. Default: one per core. */
  workers?: number;
  /** Pairs written per transaction (default 100). */
  batchSize?: number;
  /** Called after each written batch with pairs done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** User recorded in the change log. */
  user?: string;
}

export interface BulkAlignSummary {
  aligned: number;
  total: number;
  missing: number[];
  /** Pairs whose version changed between reading and writing (a reviewer edited them): left as they were. */
  changedMeanwhile: number[];
  failed: { pairId: number; error: string }[];
  seconds: number;
}

const WORKER_URL = new URL('../workers/align-worker.ts', import.meta.url);

/**
 * Starts a worker from its TypeScript module URL. In the built program (this file is .js in dist/)
 * the worker was built beside it as .js. From the sources, Node 20 does not pass `--import tsx`
 * through a Worker's execArgv, so a tiny bootstrap registers tsx inside the thread and then
 * imports the worker module.
 */
export function startTypeScriptWorker(url: URL, workerData?: unknown): Worker {
  const options = workerData !== undefined ? { workerData } : {};
  if (import.meta.url.endsWith('.js')) return new Worker(new URL(url.href.replace(/\.ts$/, '.js')), options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, ...options });
}
const startWorker = (): Worker => startTypeScriptWorker(WORKER_URL);

/** A pool of align workers, each with a queue; or the calling thread when size is 0. */
class AlignPool {
  private readonly workers: { worker: Worker; inFlight: number }[] = [];
  private readonly waiting = new Map<number, (r: AlignResponse) => void>();
  private failure: Error | null = null;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker();
      const slot = { worker, inFlight: 0 };
      worker.on('message', (r: AlignResponse) => {
        slot.inFlight--;
        const resolve = this.waiting.get(r.pairId);
        this.waiting.delete(r.pairId);
        resolve?.(r);
      });
      worker.on('error', (e) => {
        // A worker that dies takes its queue with it: fail every pair still waiting.
        this.failure = e;
        for (const [pairId, resolve] of this.waiting) resolve({ pairId, error: `align worker failed: ${e.message}` });
        this.waiting.clear();
      });
      this.workers.push(slot);
    }
  }

  align(request: AlignRequest): Promise<AlignResponse> {
    if (this.failure) throw this.failure;
    if (this.workers.length === 0) {
      try {
        return Promise.resolve({ pairId: request.pairId, alignment: computeAlignment(request) });
      } catch (e) {
        return Promise.resolve({ pairId: request.pairId, error: e instanceof Error ? e.message : String(e) });
      }
    }
    const slot = this.workers.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    slot.inFlight++;
    return new Promise((resolve) => {
      this.waiting.set(request.pairId, resolve);
      slot.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

type AlignedPair = { pair: PairDetail; response: AlignResponse };

/**
 * Writes a batch of aligned pairs in one transaction, each pair in its own savepoint; a pair deleted
 * or changed by a reviewer while it was being aligned is left alone and reported.
 */
function batchWriter(db: Db, summary: BulkAlignSummary, user: string) {
  return db.transaction((batch: AlignedPair[]) => {
    for (const { pair, response } of batch) {
      if ('error' in response) {
        summary.failed.push({ pairId: pair.id, error: response.error });
        continue;
      }
      const now = pairVersion(db, pair.id); // 0: deleted meanwhile
      if (now === 0) summary.missing.push(pair.id);
      else if (now !== pair.version) summary.changedMeanwhile.push(pair.id);
      else {
        keepReviewState(response.alignment, pair);
        saveAlignment(db, pair.id, response.alignment, user); // nested: a savepoint per pair
        summary.aligned++;
      }
    }
    // Pairs a bulk import left in the search backlog are indexed with their links, all in one statement
    // after the savepoints (FTS5 flushes at each savepoint once written in a transaction).
    indexPairsForSearch(db, batch.map((r) => r.pair.id));
  });
}

/** The pairs a selection names; walked by id so pairs written meanwhile (now aligned) do not shift the window. */
function* selectedIds(db: Db, selection: PairSelection): Generator<number> {
  if (selection.kind === 'ids') {
    yield* selection.ids;
    return;
  }
  let after = 0;
  for (;;) {
    const ids = pairIdsToAlign(db, after, 500, selection.force);
    if (ids.length === 0) return;
    yield* ids;
    after = ids[ids.length - 1]!;
  }
}

/** Below this many pairs, starting threads (≈0.4 s each for the TypeScript loader) costs more than it saves. */
export const MIN_PAIRS_FOR_WORKERS = 8;

/**
 * Aligns many pairs using worker threads for the aligner and this thread for SQLite: pairs are read
 * here, aligned in the workers, and written back here in batches, each pair in its own savepoint,
 * so an interrupted run leaves every pair either aligned (with its new links) or as it was. A pair
 * whose version changed while it was being aligned (a reviewer edited it) is left alone and reported.
 */
export async function alignPairs(db: Db, selection: PairSelection, opts: BulkAlignOptions = {}): Promise<BulkAlignSummary> {
  const started = Date.now();
  const total = selection.kind === 'ids' ? selection.ids.length : countPairsToAlign(db, selection.force);
  const batchSize = opts.batchSize ?? 100;
  const wanted = opts.workers ?? Math.max(1, availableParallelism());
  const pool = new AlignPool(total < MIN_PAIRS_FOR_WORKERS ? 0 : wanted);
  // Enough requests queued that the workers keep busy while this thread writes a whole batch
  // (with only 8 a worker, they sat idle during each write: 102 → 121 pairs/s on 1,000 pairs).
  const maxInFlight = Math.max(1, wanted) * 8 + batchSize;
  const summary: BulkAlignSummary = { aligned: 0, total, missing: [], changedMeanwhile: [], failed: [], seconds: 0 };
  const user = opts.user ?? 'system';
  const results: AlignedPair[] = [];

  const writeBatch = batchWriter(db, summary, user);
  const flush = () => {
    if (results.length === 0) return;
    writeBatch.immediate(results.splice(0));
    opts.onProgress?.(summary.aligned + summary.failed.length + summary.changedMeanwhile.length + summary.missing.length, total);
  };

  const inFlight = new Set<Promise<void>>();
  const submit = async (id: number) => {
    const pair = getPair(db, id);
    if (!pair) {
      summary.missing.push(id);
      return;
    }
    const job = pool.align(alignRequestFor(pair)).then((response) => {
      results.push({ pair, response });
    });
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
    if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    if (results.length >= batchSize) flush();
  };

  try {
    for (const id of selectedIds(db, selection)) await submit(id);
    await Promise.all(inFlight);
    flush();
  } finally {
    await pool.close();
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}
