import { sectionChoices, sectionFilter } from '../import/section.ts';
import { listSections } from '../../db/search/index.ts';
import { Router } from 'express';
import multer from 'multer';
import type { Db } from '../../db/open.ts';
import { countListedPairs, listPairs } from '../../db/pair-list.ts';
import { DuplicatePairError, UrlConflictError } from '../../db/pairs.ts';
import { CollectionError, findCollection, listCollections } from '../../db/collections.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { pageParam, wantsJson } from '../http.ts';
import { decodeText, ImportError, type FormatChoice } from '../import/index.ts';
import { currentUser, requireRole } from '../middleware/auth.ts';
import { ParsePool } from '../services/parse-pool.ts';
import { recordProvenance, storeWithLog } from '../services/import-pair.ts';

const PAGE_SIZE = 50;
const FORMATS: readonly FormatChoice[] = ['auto', 'hani', 'text', 'html'];

/** Maps importer and storage errors to HTTP errors with the importer's own message. */
export function importErrorToHttp(e: unknown): AppError {
  if (e instanceof ImportError) {
    const status = e.code === 'too_large' ? 413 : e.code === 'bad_json' ? 400 : 422;
    return new AppError(status, e.code, e.message);
  }
  throw e;
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
    if (wantsJson(req)) return void res.json(pairs);
    res.render('pairs/index', {
      title: 'Pairs', pairs, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total,
      collections: listCollections(db), collection: collection?.name ?? '',
      section: section ?? '', sections: sectionChoices(listSections(db)),
    });
  });

  router.get('/pairs/new', requireRole('reviewer'), (_req, res) => {
    res.render('pairs/new', { title: 'New pair', form: { format: 'auto' }, error: null, formats: FORMATS });
  });

  router.post('/pairs', requireRole('reviewer'), upload.fields([{ name: 'enFile', maxCount: 1 }, { name: 'koFile', maxCount: 1 }]), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const files = (req.files ?? {}) as Record<string, Express.Multer.File[] | undefined>;
    const str = (k: string) => { const v = body[k]; return typeof v === 'string' ? v : ''; };
    const form = {
      en: str('en'), ko: str('ko'), enUrl: str('enUrl').trim(), koUrl: str('koUrl').trim(),
      format: (FORMATS as readonly string[]).includes(str('format')) ? (str('format') as FormatChoice) : 'auto',
    };
    try {
      const enFile = files['enFile']?.[0];
      const koFile = files['koFile']?.[0];
      // Pasted text and a file for the same side: neither silently wins; the translator chooses.
      const both = [enFile && enFile.size > 0 && form.en.trim() ? 'English' : null, koFile && koFile.size > 0 && form.ko.trim() ? 'Korean' : null]
        .filter((s): s is string => s !== null);
      if (both.length) {
        throw new AppError(422, 'text_and_file', `${both.join(' and ')}: you pasted text and chose a file for the same side. Clear the text box or remove the file, then send again (the file has to be chosen again; your text is kept).`);
      }
      const en = enFile && enFile.size > 0 ? decodeText(enFile.buffer, { maxBytes: config.maxArticleBytes, label: 'English file' }) : form.en;
      const ko = koFile && koFile.size > 0 ? decodeText(koFile.buffer, { maxBytes: config.maxArticleBytes, label: 'Korean file' }) : form.ko;
      // read, segment and align on the pool's thread, under its time budget; only the write is here
      const p = await pool.run({
        kind: 'texts', en, ko, format: form.format,
        ...(form.enUrl ? { enUrl: form.enUrl } : {}), ...(form.koUrl ? { koUrl: form.koUrl } : {}),
      });
      const id = storeWithLog(db, p.en, p.ko, p.alignment, { user: currentUser(res)!.name, via: 'form' }); // every change has an author
      if (wantsJson(req)) return void res.status(201).json({ id });
      res.redirect(303, `/pairs/${id}`);
    } catch (e) {
      if (e instanceof UrlConflictError) {
        // A newer version of a stored page: refuse, name the pair, point at its update form.
        if (wantsJson(req)) return void res.status(409).json({ error: { code: 'url_conflict', message: e.message, pairId: e.pairId } });
        return void res.status(409).render('pairs/new', { title: 'New pair', form, error: `${e.message} (or use "Update article" on /pairs/${e.pairId}).`, formats: FORMATS });
      }
      if (e instanceof AppError) {
        if (wantsJson(req)) return void res.status(e.status).json({ error: { code: e.code, message: e.message } });
        return void res.status(e.status).render('pairs/new', { title: 'New pair', form, error: e.message, formats: FORMATS });
      }
      if (e instanceof DuplicatePairError) {
        if (wantsJson(req)) return void res.json({ id: e.pairId, duplicate: true, message: e.message });
        return void res.redirect(303, `/pairs/${e.pairId}?duplicate=1`);
      }
      const err = importErrorToHttp(e);
      if (wantsJson(req)) return void res.status(err.status).json({ error: { code: err.code, message: err.message } });
      res.status(err.status).render('pairs/new', { title: 'New pair', form, error: err.message, formats: FORMATS });
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
