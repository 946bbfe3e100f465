import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/open.ts';
import { getPair, pairVersion, DuplicatePairError } from '../../db/pairs.ts';
import { listArticleVersions, UpdateConflictError } from '../../db/article-update.ts';
import type { Config } from '../config.ts';
import { AppError, notFound } from '../errors.ts';
import { answer, answerError, idParam, renderPage, type Page } from '../http.ts';
import { currentUser, requireRole } from '../middleware/auth.ts';
import { ParsePool } from '../services/parse-pool.ts';
import { MissingPairError, updatePairDocuments } from '../services/update-pair.ts';
import { articleUploads, EMPTY_FORM, FORMATS, importErrorToHttp, readArticleForm, uploadedText, type ArticleForm } from './article-form.ts';

/** GET/POST /pairs/:id/update: the "Update article" form (issue 19), the web twin of `jjak import --update`. */
export function updateRouter(db: Db, config: Config, pool = new ParsePool(config.parseBudgetMs)): Router {
  const router = Router();

  const page = (id: number, form: ArticleForm, error: string | null): Page => ['pairs/update', () => {
    const pair = getPair(db, id);
    if (!pair) throw notFound(`Pair ${id}`);
    return { title: `Update pair ${id}`, pair, form, error, formats: FORMATS, versions: listArticleVersions(db, id) };
  }];

  router.get('/pairs/:id/update', requireRole('reviewer'), (req, res) => {
    renderPage(res, page(idParam(req.params['id']), EMPTY_FORM, null));
  });

  router.post('/pairs/:id/update', requireRole('reviewer'), articleUploads(config.maxArticleBytes), async (req: Request, res: Response) => {
    const id = idParam(req.params['id']);
    const form = readArticleForm(req);
    const fail = (e: AppError) => answerError(req, res, e, page(id, form, e.message));
    try {
      // A side left empty stays as it is.
      const en = uploadedText(req, 'enFile', config.maxArticleBytes) ?? (form.en.trim() ? form.en : undefined);
      const ko = uploadedText(req, 'koFile', config.maxArticleBytes) ?? (form.ko.trim() ? form.ko : undefined);
      if (en === undefined && ko === undefined) return void fail(new AppError(422, 'empty', 'Paste or upload the new version of the English or the Korean article (or both).'));
      if (pairVersion(db, id) === 0) throw new MissingPairError(id);
      // read and segment on the pool's thread, under its time budget; planning and the write are here
      const docs = await pool.run({
        kind: 'sides', ...(en !== undefined ? { en } : {}), ...(ko !== undefined ? { ko } : {}), format: form.format,
        ...(form.enUrl ? { enUrl: form.enUrl } : {}), ...(form.koUrl ? { koUrl: form.koUrl } : {}),
      });
      const r = updatePairDocuments(db, id, docs, currentUser(res)!.name, 'form');
      answer(req, res, { json: () => r, redirect: `/pairs/${id}` });
    } catch (e) {
      if (e instanceof UpdateConflictError) return void fail(new AppError(409, 'stale_version', e.message));
      if (e instanceof DuplicatePairError) return void fail(new AppError(409, 'conflict', e.message));
      if (e instanceof MissingPairError) throw notFound(`Pair ${id}`);
      fail(importErrorToHttp(e));
    }
  });

  return router;
}
