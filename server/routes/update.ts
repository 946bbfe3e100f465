import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import type { Db } from '../../db/open.ts';
import { getPair, pairVersion, DuplicatePairError } from '../../db/pairs.ts';
import { listArticleVersions, UpdateConflictError } from '../../db/article-update.ts';
import type { Config } from '../config.ts';
import { notFound, type AppError } from '../errors.ts';
import { idParam, wantsJson } from '../http.ts';
import { decodeText, type FormatChoice } from '../import/index.ts';
import { currentUser, requireRole } from '../middleware/auth.ts';
import { ParsePool } from '../services/parse-pool.ts';
import { MissingPairError, updatePairDocuments } from '../services/update-pair.ts';
import { importErrorToHttp } from './pairs.ts';

const FORMATS: readonly FormatChoice[] = ['auto', 'hani', 'text', 'html'];

interface UpdateForm { en: string; ko: string; enUrl: string; koUrl: string; format: FormatChoice }
const EMPTY_FORM: UpdateForm = { en: '', ko: '', enUrl: '', koUrl: '', format: 'auto' };

/** GET/POST /pairs/:id/update: the "Update article" form (issue 19), the web twin of `jjak import --update`. */
export function updateRouter(db: Db, config: Config, pool = new ParsePool(config.parseBudgetMs)): Router {
  const router = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: config.maxArticleBytes, files: 2, fields: 10, fieldSize: config.maxArticleBytes },
  });

  const page = (res: Response, id: number, form: UpdateForm, error: string | null, status = 200) => {
    const pair = getPair(db, id);
    if (!pair) throw notFound(`Pair ${id}`);
    res.status(status).render('pairs/update', {
      title: `Update pair ${id}`, pair, form, error, formats: FORMATS, versions: listArticleVersions(db, id),
    });
  };

  router.get('/pairs/:id/update', requireRole('reviewer'), (req, res) => {
    page(res, idParam(req.params['id']), EMPTY_FORM, null);
  });

  router.post('/pairs/:id/update', requireRole('reviewer'), upload.fields([{ name: 'enFile', maxCount: 1 }, { name: 'koFile', maxCount: 1 }]), async (req: Request, res: Response) => {
    const id = idParam(req.params['id']);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const files = (req.files ?? {}) as Record<string, Express.Multer.File[] | undefined>;
    const str = (k: string) => { const v = body[k]; return typeof v === 'string' ? v : ''; };
    const form: UpdateForm = {
      en: str('en'), ko: str('ko'), enUrl: str('enUrl').trim(), koUrl: str('koUrl').trim(),
      format: (FORMATS as readonly string[]).includes(str('format')) ? (str('format') as FormatChoice) : 'auto',
    };
    const fail = (status: number, code: string, message: string) => {
      if (wantsJson(req)) return void res.status(status).json({ error: { code, message } });
      page(res, id, form, message, status);
    };
    try {
      const file = (name: string, label: string) => {
        const f = files[name]?.[0];
        return f && f.size > 0 ? decodeText(f.buffer, { maxBytes: config.maxArticleBytes, label }) : undefined;
      };
      // A side left empty stays as it is.
      const en = file('enFile', 'English file') ?? (form.en.trim() ? form.en : undefined);
      const ko = file('koFile', 'Korean file') ?? (form.ko.trim() ? form.ko : undefined);
      if (en === undefined && ko === undefined) return void fail(422, 'empty', 'Paste or upload the new version of the English or the Korean article (or both).');
      if (pairVersion(db, id) === 0) throw new MissingPairError(id);
      // read and segment on the pool's thread, under its time budget; planning and the write are here
      const docs = await pool.run({
        kind: 'sides', ...(en !== undefined ? { en } : {}), ...(ko !== undefined ? { ko } : {}), format: form.format,
        ...(form.enUrl ? { enUrl: form.enUrl } : {}), ...(form.koUrl ? { koUrl: form.koUrl } : {}),
      });
      const r = updatePairDocuments(db, id, docs, currentUser(res)!.name, 'form');
      if (wantsJson(req)) return void res.json(r);
      res.redirect(303, `/pairs/${id}`);
    } catch (e) {
      if (e instanceof DuplicatePairError || e instanceof UpdateConflictError) return void fail(409, e instanceof UpdateConflictError ? 'stale_version' : 'conflict', e.message);
      if (e instanceof MissingPairError) throw notFound(`Pair ${id}`);
      const err: AppError = importErrorToHttp(e);
      fail(err.status, err.code, err.message);
    }
  });

  return router;
}
