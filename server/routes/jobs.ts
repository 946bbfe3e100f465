import { Router } from 'express';
import multer from 'multer';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Db } from '../../db/open.ts';
import { listCollections } from '../../db/collections.ts';
import { getJob, listJobs, type Job } from '../../db/jobs.ts';
import { AppError, notFound } from '../errors.ts';
import { handlerOn, answer, idParam, type Handler } from '../http.ts';
import { currentUser, requireRole } from '../middleware/auth.ts';
import { queueImportJob, uploadDir } from '../services/import-job.ts';

/** Largest JSONL upload: 100,000 pairs of long articles fit; the import streams it from disk. */
export const MAX_IMPORT_UPLOAD_BYTES = 2 * 1024 ** 3;

/** What the page and its JSON twin show about a job: the row plus figures worked out once here. */
export function jobView(job: Job) {
  const importPercent = job.bytesTotal > 0 ? Math.min(100, Math.round((100 * job.bytesDone) / job.bytesTotal)) : 0;
  const alignPercent = job.toAlign > 0 ? Math.min(100, Math.round((100 * job.aligned) / job.toAlign)) : 0;
  return { ...job, importPercent, alignPercent, finished: job.state === 'done' || job.state === 'failed' };
}


const listPage: Handler<Db> = (db, req, res) => {
  const jobs = listJobs(db).map(jobView);
  answer(req, res, { json: () => jobs, page: ['jobs/index', { title: 'Import jobs', jobs }] });
};

const jobPage: Handler<Db> = (db, req, res) => {
  const id = idParam(req.params['id'], 'Job');
  const job = getJob(db, id);
  if (!job) throw notFound(`Job ${id}`);
  answer(req, res, { json: () => jobView(job), page: ['jobs/show', { title: `Import job ${job.id}`, job: jobView(job) }] });
};

/** An uploaded JSONL file becomes a job that imports it in the background; the answer points at the job. */
const startImport: Handler<Db> = async (db, req, res) => {
  const file = req.file;
  if (!file || file.size === 0) {
    if (file) await rm(file.path, { force: true });
    throw new AppError(400, 'no_file', 'Choose a JSON Lines file (one pair record a line) to import.');
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  // The form's checkbox is absent when unticked (the form marks itself with `form=1`); a script
  // aligns unless it sends align=false.
  const align = body['form'] === '1' ? body['align'] === '1' : body['align'] !== 'false' && body['align'] !== '0';
  // Collection of the records that name none, as `jjak import --jsonl --collection NAME`; empty: none.
  const id = await queueImportJob(db, {
    path: file.path, size: file.size, originalName: file.originalname, align,
    collection: typeof body['collection'] === 'string' ? body['collection'].trim() : '',
    user: currentUser(res)?.name ?? null,
  });
  res.location(`/jobs/${id}`);
  answer(req, res, { status: 202, json: () => jobView(getJob(db, id)!), redirect: `/jobs/${id}` });
};

/** Import jobs: the list, one job's progress, and starting one with an upload. */
export function jobsRouter(db: Db): Router {
  const router = Router();
  const on = handlerOn(db);
  // Uploads go to disk, not memory: a corpus file can be gigabytes.
  const upload = multer({
    storage: multer.diskStorage({
      destination: (_req, _file, cb) => {
        const dir = uploadDir();
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        cb(null, dir);
      },
    }),
    limits: { fileSize: MAX_IMPORT_UPLOAD_BYTES, files: 1, fields: 5 },
  });
  router.get('/jobs', requireRole('reader'), on(listPage));
  router.get('/jobs/new', requireRole('reviewer'), (_req, res) => {
    res.render('jobs/new', { title: 'Import a JSONL file', error: null, maxMb: MAX_IMPORT_UPLOAD_BYTES / 1024 ** 2, collections: listCollections(db) });
  });
  router.post('/jobs/import', requireRole('reviewer'), upload.single('file'), on(startImport));
  router.get('/jobs/:id', requireRole('reader'), on(jobPage));
  return router;
}
