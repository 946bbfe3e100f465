import type { Db } from './open.ts';

export type JobState = 'queued' | 'running' | 'done' | 'failed';
export type JobPhase = 'import' | 'align';

/** A background job as pages and the JSON twin show it. */
export interface Job {
  id: number;
  kind: 'import';
  state: JobState;
  phase: JobPhase | null;
  fileName: string | null;
  align: boolean;
  bytesTotal: number;
  bytesDone: number;
  lines: number;
  imported: number;
  duplicates: number;
  rejected: number;
  rejections: { line: number; reason: string }[];
  toAlign: number;
  aligned: number;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** Counters a running job reports; any subset may be given. */
export type JobProgress = Partial<Pick<Job, 'phase' | 'bytesTotal' | 'bytesDone' | 'lines' | 'imported' | 'duplicates' | 'rejected' | 'rejections' | 'toAlign' | 'aligned'>>;

type JobRow = {
  id: number; kind: 'import'; state: JobState; phase: JobPhase | null; file_name: string | null; align: number;
  bytes_total: number; bytes_done: number; lines: number; imported: number; duplicates: number; rejected: number;
  rejections: string; to_align: number; aligned: number; error: string | null; created_by: string | null;
  created_at: string; updated_at: string; finished_at: string | null;
};

const toJob = (r: JobRow): Job => ({
  id: r.id, kind: r.kind, state: r.state, phase: r.phase, fileName: r.file_name, align: r.align === 1,
  bytesTotal: r.bytes_total, bytesDone: r.bytes_done, lines: r.lines, imported: r.imported, duplicates: r.duplicates,
  rejected: r.rejected, rejections: JSON.parse(r.rejections) as Job['rejections'], toAlign: r.to_align, aligned: r.aligned,
  error: r.error, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at, finishedAt: r.finished_at,
});

const nowIso = (): string => new Date().toISOString();

/** Records a new import job (state queued); returns its id. */
export function createJob(db: Db, job: { kind: 'import'; fileName: string | null; align: boolean; bytesTotal: number; createdBy: string | null }): number {
  const at = nowIso();
  return Number(db.prepare(
    `INSERT INTO jobs (kind, file_name, align, bytes_total, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(job.kind, job.fileName, job.align ? 1 : 0, job.bytesTotal, job.createdBy, at, at).lastInsertRowid);
}

/** One job, or null. */
export function getJob(db: Db, id: number): Job | null {
  const row = db.prepare<[number], JobRow>('SELECT * FROM jobs WHERE id = ?').get(id);
  return row ? toJob(row) : null;
}

/** The newest jobs first. */
export function listJobs(db: Db, limit = 50): Job[] {
  return db.prepare<[number], JobRow>('SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit).map(toJob);
}

const COLUMNS: Record<keyof JobProgress, string> = {
  phase: 'phase', bytesTotal: 'bytes_total', bytesDone: 'bytes_done', lines: 'lines', imported: 'imported',
  duplicates: 'duplicates', rejected: 'rejected', rejections: 'rejections', toAlign: 'to_align', aligned: 'aligned',
};

/** Stores a running job's counters (and marks it running). */
export function updateJobProgress(db: Db, id: number, progress: JobProgress): void {
  const keys = (Object.keys(progress) as (keyof JobProgress)[]).filter((k) => progress[k] !== undefined);
  // Column names come from the fixed COLUMNS map, values are bound.
  const sets = keys.map((k) => `${COLUMNS[k]} = @${k}`);
  const values: Record<string, unknown> = { id, updatedAt: nowIso() };
  for (const k of keys) values[k] = k === 'rejections' ? JSON.stringify(progress[k]) : progress[k];
  db.prepare(`UPDATE jobs SET state = 'running', updated_at = @updatedAt${sets.map((s) => `, ${s}`).join('')} WHERE id = @id`).run(values);
}

/** Marks a job finished: done, or failed with a message for the person who started it. */
export function finishJob(db: Db, id: number, outcome: { state: 'done' } | { state: 'failed'; error: string }): void {
  const at = nowIso();
  db.prepare('UPDATE jobs SET state = ?, error = ?, updated_at = ?, finished_at = ? WHERE id = ?')
    .run(outcome.state, outcome.state === 'failed' ? outcome.error : null, at, at, id);
}

/**
 * Marks every job still queued or running as failed: called at start-up, when no job can be
 * running because jobs live in the server process. Returns how many were marked.
 */
export function failInterruptedJobs(db: Db, message: string): number {
  const at = nowIso();
  return db.prepare(`UPDATE jobs SET state = 'failed', error = ?, updated_at = ?, finished_at = ? WHERE state IN ('queued', 'running')`)
    .run(message, at, at).changes;
}
