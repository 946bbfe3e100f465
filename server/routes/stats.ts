import { Router } from 'express';
import type { Db } from '../../db/open.ts';
import { corpusStats } from '../../db/stats.ts';
import { listCollections } from '../../db/collections.ts';
import { dashboardCharts, progressBuckets } from '../charts/dashboard.ts';
import { answer } from '../http.ts';
import { requireRole } from '../middleware/auth.ts';
import { sectionChoices } from '../import/section.ts';
import { listFilter } from './list-filter.ts';
import { listSections } from '../../db/search/index.ts';

/** `/stats`: the corpus dashboard (HTML with server-drawn SVG charts, and its JSON twin); `?collection=` narrows it to one collection. */
export function statsRouter(db: Db): Router {
  const router = Router();
  router.get('/stats', requireRole('reader'), (req, res) => {
    const { collection, section } = listFilter(db, req);
    const stats = corpusStats(db, { collectionId: collection?.id ?? null, section });
    answer(req, res, {
      json: () => ({ ...stats, collection: collection?.name ?? null, section }),
      page: ['stats/index', () => ({
        title: 'Statistics', stats, charts: dashboardCharts(stats), progress: progressBuckets(stats.reviewProgress),
        collections: listCollections(db), collection: collection?.name ?? '',
        section: section ?? '', sections: sectionChoices(listSections(db)),
      })],
    });
  });
  return router;
}
