import { readdirSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollectionError, findCollection } from '../../db/collections.ts';
import type { Db } from '../../db/open.ts';
import { createJob, failInterruptedJobs, finishJob, updateJobProgress } from '../../db/jobs.ts';
import { AppError } from '../errors.ts';
import { ImportError } from '../import/index.ts';
import { alignPairs, countPairsToAlign } from './bulk-align.ts';
import { bulkImport } from './bulk-import.ts';
import { processIsAlive } from './processes.ts';

/** An uploaded file to import: where it lies, its size and name as sent, and the job's choices. */
export interface ImportUpload {
  path: string;
  size: number;
  originalName: string;
  align: boolean;
  /** Collection of the records that name none (`jjak import --jsonl --collection NAME`); '' for none. */
  collection: string;
  user: string | null;
}

/**
 * Makes an uploaded file a job and starts it; returns the job's id. An unknown collection is refused
 * before any job exists, and the upload is removed whenever no job will ever read it.
 */
export async function queueImportJob(db: Db, upload: ImportUpload): Promise<number> {
  if (upload.collection && !findCollection(db, upload.collection)) {
    await rm(upload.path, { force: true });
    throw new AppError(422, 'unknown_collection', `There is no collection named "${upload.collection}". Create it first (jjak collection add "${upload.collection}" --licence … --attribution …), then send the file again.`);
  }
  let id: number;
  try {
    id = createJob(db, {
      kind: 'import', fileName: upload.originalName.slice(0, 200), align: upload.align, bytesTotal: upload.size,
      createdBy: upload.user,
    });
  } catch (e) {
    await rm(upload.path, { force: true });
    throw e;
  }
  void startImportJob(db, id, upload.path, {
    align: upload.align, user: upload.user ?? 'system', ...(upload.collection ? { collection: upload.collection } : {}),
  });
  return id;
}

/** Told to a person whose job a restart or shutdown cut short. */
export const INTERRUPTED_MESSAGE =
  'The server stopped while this import was running. Upload the file again: pairs already imported are skipped, so nothing is doubled.';

/** Running jobs: what they will settle as, and how to stop them. */
const running = new Map<number, { done: Promise<void>; stop: AbortController }>();

class JobStopped extends Error {}

/** One event-loop turn, so requests queued meanwhile are served between batches. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

type JobOptions = { align: boolean; user?: string; collection?: string };

/** The import itself: batches with an event-loop turn between them, progress to the jobs table. */
async function importPhase(db: Db, jobId: number, path: string, opts: JobOptions, signal: AbortSignal): Promise<void> {
  updateJobProgress(db, jobId, { phase: 'import' });
  const summary = await bulkImport(db, path, {
    batchSize: 50,
    // parse on a thread whatever the file's size: 25 lines of 2 MB articles would hold the server for seconds
    workers: 1,
    // the change log names who sent the file (bulkImport says 'system' when nobody is named)
    ...(opts.user !== undefined ? { user: opts.user } : {}),
    // records that name no collection go to the job's (a record's own wins; an unknown one rejects its line)
    ...(opts.collection !== undefined ? { collection: opts.collection } : {}),
    onProgress: (p) => updateJobProgress(db, jobId, {
      bytesDone: p.bytesRead, bytesTotal: p.bytesTotal, lines: p.lines, imported: p.imported,
      duplicates: p.duplicates, rejected: p.rejected,
    }),
    betweenBatches: nextTurn,
    // a stop ends the import between pairs, the pairs in hand written first
    signal,
  });
  updateJobProgress(db, jobId, {
    lines: summary.lines, imported: summary.imported, duplicates: summary.duplicates,
    rejected: summary.rejectedCount, rejections: summary.rejected.slice(0, 20),
  });
}

/** Aligning the pairs without links on worker threads; a stop ends it between batches. */
async function alignPhase(db: Db, jobId: number, signal: AbortSignal): Promise<void> {
  updateJobProgress(db, jobId, { phase: 'align', toAlign: countPairsToAlign(db, false) });
  const aligned = await alignPairs(db, { kind: 'all', force: false }, {
    batchSize: 20,
    onProgress: (done) => {
      updateJobProgress(db, jobId, { aligned: done });
      signal.throwIfAborted();
    },
  });
  updateJobProgress(db, jobId, { aligned: aligned.aligned });
}

/** What the job page says of a failure; an unexpected one is also logged for the admin. */
function failureMessage(e: unknown): string {
  if (e instanceof JobStopped) return INTERRUPTED_MESSAGE;
  if (e instanceof ImportError || e instanceof CollectionError) return e.message;
  console.error(e);
  return `The import stopped with an internal error (${(e as Error).message}). Pairs imported so far are kept; upload the file again to finish.`;
}

/**
 * Runs an import job in this process: the JSONL file is imported in small batches with an
 * event-loop turn between them (the server keeps answering), then, unless the job says otherwise,
 * the pairs without links are aligned on worker threads. Progress goes to the jobs table for the
 * page to poll. The uploaded file is removed at the end. Never rejects: failures are stored.
 */
export function startImportJob(db: Db, jobId: number, path: string, opts: JobOptions): Promise<void> {
  const stop = new AbortController();
  const run = (async () => {
    try {
      await importPhase(db, jobId, path, opts, stop.signal);
      if (opts.align) await alignPhase(db, jobId, stop.signal);
      finishJob(db, jobId, { state: 'done' });
    } catch (e) {
      const message = failureMessage(e);
      if (db.open) finishJob(db, jobId, { state: 'failed', error: message });
    } finally {
      running.delete(jobId);
      await rm(path, { force: true });
    }
  })();
  running.set(jobId, { done: run, stop });
  return run;
}

/** Where uploads wait for their job: one folder per server process, so a sweep can tell whose they are. */
export const uploadRoot = (): string => join(tmpdir(), 'jjak-uploads');
export const uploadDir = (): string => join(uploadRoot(), String(process.pid));


/**
 * At start-up: removes the upload folders of server processes that are gone (killed with their
 * jobs mid-import, so nothing else will), and loose files an older version left. Returns how many
 * entries it removed. Folders of live servers sharing this machine are left alone.
 */
export function sweepStaleUploads(): number {
  let removed = 0;
  let entries: string[];
  try {
    entries = readdirSync(uploadRoot());
  } catch {
    return 0; // no uploads were ever kept here
  }
  for (const name of entries) {
    const path = join(uploadRoot(), name);
    const pid = /^\d+$/.test(name) ? Number(name) : null;
    const stale = pid === null
      ? Date.now() - statSync(path, { throwIfNoEntry: false })!.mtimeMs > 60 * 60_000
      : pid === process.pid || !processIsAlive(pid);
    if (!stale) continue;
    rmSync(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/**
 * Stops the running jobs between pairs (the pairs in hand are written in one transaction, so
 * nothing is left half-written) and waits for them; they are marked failed with INTERRUPTED_MESSAGE.
 */
export async function stopImportJobs(): Promise<void> {
  const jobs = [...running.values()];
  for (const job of jobs) job.stop.abort(new JobStopped());
  await Promise.all(jobs.map((job) => job.done));
}

/** At start-up: jobs left queued or running by the previous process can never finish. */
export function failJobsFromLastRun(db: Db): number {
  return failInterruptedJobs(db, INTERRUPTED_MESSAGE);
}
