import { rm } from 'node:fs/promises';
import type { Db } from '../../db/open.ts';
import { failInterruptedJobs, finishJob, updateJobProgress } from '../../db/jobs.ts';
import { importJsonl } from '../commands/import.ts';
import type { CliIo } from '../commands/types.ts';
import { ImportError } from '../import/index.ts';
import { alignPairs, countPairsToAlign } from './bulk-align.ts';

/** Told to a person whose job a restart or shutdown cut short. */
export const INTERRUPTED_MESSAGE =
  'The server stopped while this import was running. Upload the file again: pairs already imported are skipped, so nothing is doubled.';

const running = new Map<number, Promise<void>>();
let stopping = false;

class JobStopped extends Error {}

/** One event-loop turn, so requests queued meanwhile are served between batches. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const silentIo: CliIo = { stdout: () => {}, stderr: () => {}, env: {} };

/**
 * Runs an import job in this process: the JSONL file is imported in small batches with an
 * event-loop turn between them (the server keeps answering), then, unless the job says otherwise,
 * the pairs without links are aligned on worker threads. Progress goes to the jobs table for the
 * page to poll. The uploaded file is removed at the end. Never rejects: failures are stored.
 */
export function startImportJob(db: Db, jobId: number, path: string, opts: { align: boolean; user?: string }): Promise<void> {
  const run = (async () => {
    try {
      updateJobProgress(db, jobId, { phase: 'import' });
      const summary = await importJsonl(db, path, silentIo, {
        quiet: true,
        batchSize: 50,
        user: opts.user ?? 'system', // the change log names who sent the file
        onProgress: (p) => updateJobProgress(db, jobId, {
          bytesDone: p.bytesRead, bytesTotal: p.bytesTotal, lines: p.lines, imported: p.imported,
          duplicates: p.duplicates, rejected: p.rejected,
        }),
        betweenBatches: async () => {
          await nextTurn();
          if (stopping) throw new JobStopped();
        },
      });
      updateJobProgress(db, jobId, {
        lines: summary.lines, imported: summary.imported, duplicates: summary.duplicates,
        rejected: summary.rejectedCount, rejections: summary.rejected.slice(0, 20),
      });
      if (opts.align) {
        updateJobProgress(db, jobId, { phase: 'align', toAlign: countPairsToAlign(db, false) });
        const aligned = await alignPairs(db, { kind: 'all', force: false }, {
          batchSize: 20,
          onProgress: (done) => {
            updateJobProgress(db, jobId, { aligned: done });
            if (stopping) throw new JobStopped();
          },
        });
        updateJobProgress(db, jobId, { aligned: aligned.aligned });
      }
      finishJob(db, jobId, { state: 'done' });
    } catch (e) {
      const message = e instanceof JobStopped ? INTERRUPTED_MESSAGE
        : e instanceof ImportError ? e.message
          : `The import stopped with an internal error (${(e as Error).message}). Pairs imported so far are kept; upload the file again to finish.`;
      if (!(e instanceof JobStopped || e instanceof ImportError)) console.error(e);
      if (db.open) finishJob(db, jobId, { state: 'failed', error: message });
    } finally {
      running.delete(jobId);
      await rm(path, { force: true });
    }
  })();
  running.set(jobId, run);
  return run;
}

/** Jobs running in this process (for tests and shutdown). */
export function runningJobs(): number[] {
  return [...running.keys()];
}

/**
 * Stops the running jobs at their next batch boundary (each batch is one transaction, so nothing
 * is left half-written) and waits for them; they are marked failed with INTERRUPTED_MESSAGE.
 */
export async function stopImportJobs(): Promise<void> {
  stopping = true;
  await Promise.all(running.values());
  stopping = false;
}

/** At start-up: jobs left queued or running by the previous process can never finish. */
export function failJobsFromLastRun(db: Db): number {
  return failInterruptedJobs(db, INTERRUPTED_MESSAGE);
}
