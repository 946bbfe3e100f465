import type { Db } from '../../db/open.ts';
import { QueryTooBroadError, searchCorpus } from '../../db/search/index.ts';
import { countSearchBacklog } from '../../db/search-backlog.ts';
import { hitViews, PAGE_SIZE, parseSearchParams, type HitView } from '../search/params.ts';
import { parseQuery } from '../search/query.ts';

/**
 * One `/search` request from its query string to what the page and its JSON twin show: the form as
 * read, the parsed query, the hits of the page, the totals and the messages a person reads.
 */
export function runSearch(db: Db, queryString: Record<string, unknown>) {
  const { form, filters, page, notices } = parseSearchParams(queryString);
  const parsed = form.q ? parseQuery(form.q, form.lang) : null;
  let message: string | null = parsed && !parsed.ok ? parsed.message : null;
  let total = 0;
  let totalExact = true;
  let hasMore = false;
  let hits: HitView[] = [];
  if (parsed?.ok) {
    try {
      const result = searchCorpus(db, parsed, filters, {
        level: form.level, sort: form.sort, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, exactTotal: form.count === 'exact',
      });
      ({ total, totalExact, hasMore } = result);
      hits = hitViews(result.hits, parsed);
      if (total === 0) message = `No ${form.level}s contain ${parsed.terms.map((t) => `“${t.text}”`).join(' and ')}${Object.keys(filters).length ? ' with these filters' : ''}.`;
      else if (hits.length === 0) message = `There are ${total} hits, but page ${page} is past the last one.`;
    } catch (e) {
      if (!(e instanceof QueryTooBroadError)) throw e;
      message = e.message;
    }
  }
  // A count that stopped early means more than `total` hits, and always a next page.
  const pages = totalExact ? Math.max(1, Math.ceil(total / PAGE_SIZE)) : Math.max(Math.ceil((total + 1) / PAGE_SIZE), page + 1);
  const query = parsed?.ok ? { terms: parsed.terms, sides: parsed.sides, detected: parsed.detected } : null;
  // Pairs a bulk import stored but the server has not indexed yet (it does so in the background).
  const pendingIndex = countSearchBacklog(db);
  if (pendingIndex > 0) {
    notices.push(`${pendingIndex.toLocaleString('en-US')} pair${pendingIndex === 1 ? ' was' : 's were'} imported in bulk and ${pendingIndex === 1 ? 'is' : 'are'} still being indexed: `
      + 'they are not in these results yet, and will be within minutes (or at once with jjak index).');
  }
  return { form, query, message, notices, pendingIndex, total, totalExact, hasMore, page, pages, pageSize: PAGE_SIZE, hits };
}
