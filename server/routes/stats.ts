import { Router } from 'express';
import type { Db } from '../../db/open.ts';
import { corpusStats } from '../../db/stats.ts';
import { findCollection, listCollections } from '../../db/collections.ts';
import { dashboardCharts, progressBuckets } from '../charts/dashboard.ts';
import { AppError } from '../errors.ts';
import { wantsJson } from '../http.ts';
import { requireRole } from '../middleware/auth.ts';
import { sectionChoices, sectionFilter } from '../import/section.ts';
import { listSections } from '../../db/search/index.ts';

/** `/stats`: the corpus dashboard (HTML with server-drawn SVG charts, and its JSON twin); `?collection=` narrows it to one collection. */
export function statsRouter(db: Db): Router {
  const router = Router();
  router.get('/stats', requireRole('reader'), (req, res) => {
    const name = typeof req.query['collection'] === 'string' ? req.query['collection'].trim().slice(0, 100) : '';
    const collection = name ? findCollection(db, name) : null;
    if (name && !collection) throw new AppError(404, 'not_found', `There is no collection named "${name}".`);
    // the section filter of exports and search (db/pair-filter.ts): a section and those under it
    const section = sectionFilter(typeof req.query['section'] === 'string' ? req.query['section'].slice(0, 100) : '');
    const stats = corpusStats(db, { collectionId: collection?.id ?? null, section });
    if (wantsJson(req)) return void res.json({ ...stats, collection: collection?.name ?? null, section });
    res.render('stats/index', {
      title: 'Statistics', stats, charts: dashboardCharts(stats), progress: progressBuckets(stats.reviewProgress),
      collections: listCollections(db), collection: collection?.name ?? '',
      section: section ?? '', sections: sectionChoices(listSections(db)),
    });
  });
  return router;
}
