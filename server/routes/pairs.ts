import { Router, type Request } from 'express';
import multer from 'multer';
import type { Db } from '../../db/open.ts';
import { countListedPairs, listPairs } from '../../db/pair-list.ts';
import { DuplicatePairError, UrlConflictError } from '../../db/pairs.ts';
import { CollectionError, findCollection, listCollections } from '../../db/collections.ts';
import { listSections } from '../../db/search.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { answer, answerError, pageParam, type Page } from '../http.ts';
import { sectionChoices, sectionFilter } from '../import/section.ts';
import { currentUser, requireRole } from '../middleware/auth.ts';
import { ParsePool } from '../services/parse-pool.ts';
import { recordProvenance, storeWithLog } from '../services/import-pair.ts';
import { FORMATS, hasUpload, importErrorToHttp, readArticleForm, uploadedText, type ArticleForm } from './article-form.ts';

const PAGE_SIZE = 50;

const newPairPage = (form: ArticleForm, error: string | null): Page =>
  ['pairs/new', { title: 'New pair', form, error, formats: FORMATS }];

/** The two texts of a new pair, each pasted or uploaded. */
function sideTexts(req: Request, form: ArticleForm, maxBytes: number): { en: string; ko: string } {
  // Pasted text and a file for the same side: neither silently wins; the translator chooses.
  const both = [hasUpload(req, 'enFile') && form.en.trim() ? 'English' : null, hasUpload(req, 'koFile') && form.ko.trim() ? 'Korean' : null]
    .filter((s): s is string => s !== null);
  if (both.length) {
    throw new AppError(422, 'text_and_file', `${both.join(' and ')}: you pasted text and chose a file for the same side. Clear the text box or remove the file, then send again (the file has to be chosen again; your text is kept).`);
  }
  return { en: uploadedText(req, 'enFile', maxBytes) ?? form.en, ko: uploadedText(req, 'koFile', maxBytes) ?? form.ko };
}

export function pairsRouter(db: Db, config: Config, pool = new ParsePool(config.parseBudgetMs)): Router {
  const router = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: config.maxArticleBytes, files: 2, fields: 10, fieldSize: config.maxArticleBytes },
  });

  router.get('/', requireRole('reader'), (req, res) => {
    const page = pageParam(req.query['page']);
    const name = typeof req.query['collection'] === 'string' ? req.query['collection'].trim().slice(0, 100) : '';
    const collection = name ? findCollection(db, name) : null;
    if (name && !collection) throw new AppError(404, 'not_found', `There is no collection named "${name}".`);
    const collectionId = collection?.id ?? null;
    // the section filter of exports and search (db/pair-filter.ts): a section and those under it
    const section = sectionFilter(typeof req.query['section'] === 'string' ? req.query['section'].slice(0, 100) : '');
    const total = countListedPairs(db, collectionId, section);
    const pairs = listPairs(db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, collectionId, section });
    answer(req, res, {
      json: () => pairs,
      page: ['pairs/index', () => ({
        title: 'Pairs', pairs, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total,
        collections: listCollections(db), collection: collection?.name ?? '',
        section: section ?? '', sections: sectionChoices(listSections(db)),
      })],
    });
  });

  router.get('/pairs/new', requireRole('reviewer'), (_req, res) => {
    res.render('pairs/new', { title: 'New pair', form: { format: 'auto' }, error: null, formats: FORMATS });
  });

  router.post('/pairs', requireRole('reviewer'), upload.fields([{ name: 'enFile', maxCount: 1 }, { name: 'koFile', maxCount: 1 }]), async (req, res) => {
    const form = readArticleForm(req);
    try {
      const { en, ko } = sideTexts(req, form, config.maxArticleBytes);
      // read, segment and align on the pool's thread, under its time budget; only the write is here
      const p = await pool.run({
        kind: 'texts', en, ko, format: form.format,
        ...(form.enUrl ? { enUrl: form.enUrl } : {}), ...(form.koUrl ? { koUrl: form.koUrl } : {}),
      });
      const id = storeWithLog(db, p.en, p.ko, p.alignment, { user: currentUser(res)!.name, via: 'form' }); // every change has an author
      answer(req, res, { status: 201, json: () => ({ id }), redirect: `/pairs/${id}` });
    } catch (e) {
      if (e instanceof UrlConflictError) {
        // A newer version of a stored page: refuse, name the pair, point at its update form.
        const page = newPairPage(form, `${e.message} (or use "Update article" on /pairs/${e.pairId}).`);
        return void answerError(req, res, new AppError(409, 'url_conflict', e.message), page, { pairId: e.pairId });
      }
      if (e instanceof DuplicatePairError) {
        return void answer(req, res, { json: () => ({ id: e.pairId, duplicate: true, message: e.message }), redirect: `/pairs/${e.pairId}?duplicate=1` });
      }
      const err = e instanceof AppError ? e : importErrorToHttp(e);
      answerError(req, res, err, newPairPage(form, err.message));
    }
  });

  router.post('/api/pairs', requireRole('reviewer'), async (req, res) => {
    if (!req.is('application/json')) {
      throw new AppError(415, 'unsupported_media_type', 'Send the pair as JSON with Content-Type: application/json.');
    }
    try {
      const p = await pool.run({ kind: 'record', body: req.body as unknown, maxBytes: config.maxArticleBytes });
      const id = storeWithLog(db, p.en, p.ko, p.alignment, { user: currentUser(res)!.name, via: 'api', provenance: recordProvenance(db, p.record ?? {}) });
      res.status(201).json({ id });
    } catch (e) {
      if (e instanceof UrlConflictError) throw new AppError(409, 'url_conflict', e.message);
      if (e instanceof CollectionError) throw new AppError(422, 'unknown_collection', e.message);
      // The same pair again adds nothing: answer with the pair that is already there.
      if (e instanceof DuplicatePairError) return void res.json({ id: e.pairId, duplicate: true, message: e.message });
      throw importErrorToHttp(e);
    }
  });

  return router;
}
