import { Router, type Request } from 'express';
import type { Db } from '../../db/open.ts';
import { countListedPairs, listPairs } from '../../db/pair-list.ts';
import { DuplicatePairError, UrlConflictError } from '../../db/pairs.ts';
import { CollectionError, listCollections } from '../../db/collections.ts';
import { listSections } from '../../db/search/index.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { handlerOn, answer, answerError, pageParam, renderPage, type Page, type Handler } from '../http.ts';
import { sectionChoices } from '../import/section.ts';
import { currentUser, requireRole } from '../middleware/auth.ts';
import { ParsePool } from '../services/parse-pool.ts';
import { recordProvenance, storeWithLog } from '../services/import-pair.ts';
import { listFilter } from './list-filter.ts';
import { articleUploads, EMPTY_FORM, FORMATS, hasUpload, importErrorToHttp, readArticleForm, uploadedText, type ArticleForm } from './article-form.ts';

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

interface Deps { db: Db; config: Config; pool: ParsePool }

const listPage: Handler<Deps> = ({ db }, req, res) => {
  const page = pageParam(req.query['page']);
  const { collection, section } = listFilter(db, req);
  const collectionId = collection?.id ?? null;
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
};

/** The "New pair" form's post: pasted or uploaded texts, read on the pool's thread, stored with a log entry. */
const addFromForm: Handler<Deps> = async ({ db, config, pool }, req, res) => {
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
      return answerError(req, res, new AppError(409, 'url_conflict', e.message), page, { pairId: e.pairId });
    }
    if (e instanceof DuplicatePairError) {
      return answer(req, res, { json: () => ({ id: e.pairId, duplicate: true, message: e.message }), redirect: `/pairs/${e.pairId}?duplicate=1` });
    }
    const err = e instanceof AppError ? e : importErrorToHttp(e);
    answerError(req, res, err, newPairPage(form, err.message));
  }
};

/** POST /api/pairs: one pair record as JSON. */
const addFromApi: Handler<Deps> = async ({ db, config, pool }, req, res) => {
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
};

/** The pair list (home page), the "New pair" form and adding pairs by form or API. */
export function pairsRouter(db: Db, config: Config, pool = new ParsePool(config.parseBudgetMs)): Router {
  const router = Router();
  const deps: Deps = { db, config, pool };
  const on = handlerOn(deps);
  router.get('/', requireRole('reader'), on(listPage));
  router.get('/pairs/new', requireRole('reviewer'), (_req, res) => renderPage(res, newPairPage(EMPTY_FORM, null)));
  router.post('/pairs', requireRole('reviewer'), articleUploads(config.maxArticleBytes), on(addFromForm));
  router.post('/api/pairs', requireRole('reviewer'), on(addFromApi));
  return router;
}
