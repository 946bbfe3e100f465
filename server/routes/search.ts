import { sectionChoices } from '../import/section.ts';
import { listCollections } from '../../db/collections.ts';
import { Router } from 'express';
import type { Db } from '../../db/open.ts';
import { listSections } from '../../db/search/index.ts';
import { answer } from '../http.ts';
import { requireRole } from '../middleware/auth.ts';
import { PAGE_SIZE, searchHref } from '../search/params.ts';
import { runSearch } from '../services/search-page.ts';

/** `/search`: the bilingual concordancer (HTML and its JSON twin). */
export function searchRouter(db: Db): Router {
  const router = Router();

  router.get('/search', requireRole('reader'), (req, res) => {
    const found = runSearch(db, req.query);
    const { form, query, message, notices, total, totalExact, hasMore, page, pages, hits } = found;
    answer(req, res, {
      json: () => found,
      page: ['search/index', () => ({
        title: form.q ? `Search: ${form.q}` : 'Search', form, query, message, notices, total, totalExact, page, pages, hits,
        sections: sectionChoices(listSections(db)),
        collections: listCollections(db),
        prevHref: page > 1 ? searchHref(form, page - 1) : null,
        nextHref: hasMore ? searchHref(form, page + 1) : null,
        exactHref: totalExact ? null : searchHref({ ...form, count: 'exact' }, page),
        firstHit: (page - 1) * PAGE_SIZE + 1,
      })],
    });
  });

  return router;
}
