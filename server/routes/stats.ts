import { Router } from 'express';
import type { Db } from '../../db/open.ts';
import { corpusStats } from '../../db/stats.ts';
import { dashboardCharts, progressBuckets } from '../charts/dashboard.ts';
import { wantsJson } from '../http.ts';
import { requireRole } from '../middleware/auth.ts';

/** `/stats`: the corpus dashboard (HTML with server-drawn SVG charts, and its JSON twin). */
export function statsRouter(db: Db): Router {
  const router = Router();
  router.get('/stats', requireRole('reader'), (req, res) => {
    const stats = corpusStats(db);
    if (wantsJson(req)) return void res.json(stats);
    res.render('stats/index', { title: 'Statistics', stats, charts: dashboardCharts(stats), progress: progressBuckets(stats.reviewProgress) });
  });
  return router;
}
