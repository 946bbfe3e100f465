import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/open.ts';
import type { PairDetail } from '../../db/pairs.ts';
import { listChanges, listOperations, nextInQueue, reviewQueue, reviewTotals } from '../../db/review.ts';
import { AppError, notFound } from '../errors.ts';
import { handlerOn, answer, errorBody, idParam, pageParam, sendJson, sendOpJson, type Handler } from '../http.ts';
import { currentUser, requireRole } from '../middleware/auth.ts';
import { formToBody, OpParseError, parseOpRequest, parseVersion, type ParsedRequest } from '../review/parse.ts';
import { InvariantError, ReviewOpError } from '../review/state.ts';
import { LOW_CONFIDENCE } from '../model.ts';
import { parseNear, parseLinkIndex, readReviewView } from '../review/view-params.ts';
import {
  applyReviewOp, HistoryConflictError, readReviewPair, StaleVersionError, UndoConflictError, type ReviewOutcome,
} from '../services/review.ts';
import {
  allLinks, opFragment, opStateJson, pairJson, reviewPageModel, linkHtml, linkSlice, type Viewer,
} from '../services/review-page.ts';
import { reviewEventsRouter } from './review-events.ts';

const QUEUE_PAGE_SIZE = 100;

/** Who looks at the page, for the row templates. */
function viewerOf(res: Response): Viewer {
  const user = currentUser(res);
  return { name: user?.name ?? '', canEdit: user?.role === 'reviewer' || user?.role === 'admin', csrfToken: String(res.locals['csrfToken'] ?? '') };
}

/** Maps the service's errors to HTTP; returns null for anything unexpected (rethrown). */
function opErrorToHttp(e: unknown): { error: AppError; extra?: Record<string, unknown> } | null {
  if (e instanceof StaleVersionError) {
    return {
      error: new AppError(409, 'stale_version', e.message),
      extra: {
        currentVersion: e.current, changes: e.changes.map((c) => ({ user: c.user, action: c.action, summary: c.detail['summary'] ?? c.action, at: c.createdAt })),
        ...(e.conflict ? { conflict: e.conflict } : {}),
      },
    };
  }
  if (e instanceof UndoConflictError) return { error: new AppError(409, e.code, e.message), extra: { by: e.by, summary: e.summary } };
  if (e instanceof HistoryConflictError) return { error: new AppError(409, e.code, e.message) };
  if (e instanceof OpParseError) return { error: new AppError(400, e.code, e.message) };
  if (e instanceof ReviewOpError) return { error: new AppError(422, e.code, e.message) };
  if (e instanceof InvariantError) {
    console.error(e);
    return { error: new AppError(500, 'invariant', 'The operation would leave the alignment inconsistent, so nothing was changed. Please report this.') };
  }
  return null;
}

function runOp(db: Db, pairId: number, body: Record<string, unknown>, user: string): ReviewOutcome {
  const request: ParsedRequest = parseOpRequest(body);
  const version = parseVersion(body);
  const outcome = applyReviewOp(db, pairId, request, version, user);
  if (!outcome) throw notFound(`Pair ${pairId}`);
  return outcome;
}


function loadPair(db: Db, value: unknown): PairDetail {
  const pair = readReviewPair(db, idParam(value))?.pair;
  if (!pair) throw notFound(`Pair ${String(value)}`);
  return pair;
}

const userOf = (res: Response): string | null => currentUser(res)?.name ?? null;

const apiPair: Handler<Db> = (db, req, res) => sendJson(res, pairJson(db, loadPair(db, req.params['id']), userOf(res)));

function showPair(db: Db, req: Request, res: Response, next: NextFunction): void {
  if (!/^\d+$/.test(String(req.params['id']))) return next('route'); // /pairs/new and friends
  const pair = loadPair(db, req.params['id']);
  answer(req, res, {
    json: () => pairJson(db, pair, userOf(res)),
    page: ['review/show', () => reviewPageModel(db, pair, viewerOf(res), readReviewView(req.query))],
  });
}

/** One row as HTML, for the page script: expanding a row, editing a paragraph. */
const oneLink: Handler<Db> = (db, req, res) => {
  const pair = loadPair(db, req.params['id']);
  const i = parseLinkIndex(req.params['row']);
  if (i === null || i >= pair.links.length) throw notFound(`Row ${String(req.params['row'])}`);
  res.type('html').send(linkHtml(db, pair, i, viewerOf(res), readReviewView(req.query), req.query['open'] === '1'));
};

/**
 * Rows as HTML: `from`/`to` for the stubs the page fills as they come near; else every row (full
 * near `near=a-b`, stubs elsewhere), the summary and the Korean places of crossed rows.
 */
const someLinks: Handler<Db> = (db, req, res) => {
  const pair = loadPair(db, req.params['id']);
  const view = readReviewView(req.query);
  const from = parseLinkIndex(req.query['from']);
  const to = parseLinkIndex(req.query['to']);
  if (from !== null && to !== null) return void res.json(linkSlice(db, pair, viewerOf(res), view, { from, to, summary: req.query['summary'] === '1' }));
  res.json(allLinks(db, pair, viewerOf(res), view, parseNear(req.query['near'], pair.links.length)));
};

/** An operation sent as JSON: the new state, or (`fragment=1`, the page) only the rows that changed. */
const apiOp: Handler<Db> = (db, req, res) => {
  if (!req.is('application/json')) throw new AppError(415, 'unsupported_media_type', 'Send the operation as JSON with Content-Type: application/json.');
  const pairId = idParam(req.params['id']);
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body)) throw new AppError(400, 'bad_request', 'Send one JSON object.');
  let outcome: ReviewOutcome;
  try {
    outcome = runOp(db, pairId, body, currentUser(res)?.name ?? 'unknown');
  } catch (e) {
    const err = opErrorToHttp(e);
    if (!err) throw e;
    return void res.status(err.error.status).json(errorBody(err.error, err.extra));
  }
  if (outcome.dryRun) return void res.json({ id: outcome.pair.id, version: outcome.pair.version, dryRun: outcome.dryRun });
  if (req.query['fragment'] !== '1') return void sendOpJson(res, opStateJson(db, outcome, userOf(res)));
  res.json(opFragment(db, outcome, viewerOf(res), readReviewView(req.query), parseNear(req.query['near'], outcome.pair.links.length)));
};

/** Without JavaScript: a form post, then a redirect back to the row (POST → 303 → GET), or the page with the error. */
const formOp: Handler<Db> = (db, req, res) => {
  const pairId = idParam(req.params['id']);
  const body = formToBody((req.body ?? {}) as Record<string, unknown>);
  const back = new URLSearchParams();
  for (const k of ['open', 'below'] as const) if (typeof body[k] === 'string' && body[k]) back.set(k, body[k]);
  try {
    const outcome = runOp(db, pairId, body, currentUser(res)?.name ?? 'unknown');
    const link = typeof body['link'] === 'string' && /^\d+$/.test(body['link']) ? Number(body['link']) : 0;
    const row = Math.min(link, Math.max(0, outcome.pair.links.length - 1));
    const qs = back.toString();
    res.redirect(303, `/pairs/${pairId}${qs ? `?${qs}` : ''}#row-${row}`);
  } catch (e) {
    const err = opErrorToHttp(e);
    if (!err) throw e;
    const pair = loadPair(db, req.params['id']);
    res.status(err.error.status).render('review/show', reviewPageModel(db, pair, viewerOf(res), readReviewView(req.query), {
      error: err.error.message, errorChanges: (err.extra?.['changes'] as unknown[] | undefined) ?? [],
    }));
  }
};

const history: Handler<Db> = (db, req, res) => {
  const pair = loadPair(db, req.params['id']);
  const changes = listChanges(db, pair.id);
  const operations = listOperations(db, pair.id);
  answer(req, res, {
    json: () => ({ id: pair.id, version: pair.version, changes, operations }),
    page: ['review/history', { title: `History · ${pair.en.meta.title ?? `Pair ${pair.id}`}`, pair, changes, operations }],
  });
};

const queue: Handler<Db> = (db, req, res) => {
  const page = pageParam(req.query['page']);
  const pairs = reviewQueue(db, { limit: QUEUE_PAGE_SIZE, offset: (page - 1) * QUEUE_PAGE_SIZE });
  const totals = reviewTotals(db);
  answer(req, res, {
    json: () => ({ totals, pairs }),
    page: ['review/queue', {
      title: 'Review queue', queue: pairs, totals, page, pages: Math.max(1, Math.ceil(totals.pairs / QUEUE_PAGE_SIZE)), threshold: LOW_CONFIDENCE,
    }],
  });
};

/** The "next pair" key: the most needy unfinished pair other than the current one. */
const nextPair: Handler<Db> = (db, req, res) => {
  const after = typeof req.query['after'] === 'string' && /^\d{1,15}$/.test(req.query['after']) ? Number(req.query['after']) : 0;
  // pairs skipped in this session (the page keeps them), so Next pair never goes back to one
  const skip = typeof req.query['skip'] === 'string'
    ? req.query['skip'].split(',').slice(0, 500).filter((x) => /^\d{1,15}$/.test(x)).map(Number) : [];
  const next = nextInQueue(db, after, skip);
  answer(req, res, { json: () => ({ next }), redirect: next === null ? '/review?done=1' : `/pairs/${next}` });
};

/** The review screen, its JSON API, the change log and the review queue. */
export function reviewRouter(db: Db): Router {
  const router = Router();
  const reader = requireRole('reader');
  const reviewer = requireRole('reviewer');
  const on = handlerOn(db);
  router.use(reviewEventsRouter(db));
  router.get('/api/pairs/:id', reader, on(apiPair));
  router.get('/pairs/:id', reader, (req, res, next) => showPair(db, req, res, next));
  router.get('/pairs/:id/rows/:row', reader, on(oneLink));
  router.get('/pairs/:id/rows', reader, on(someLinks));
  router.post('/api/pairs/:id/ops', reviewer, on(apiOp));
  router.post('/pairs/:id/ops', reviewer, on(formOp));
  router.get('/pairs/:id/history', reader, on(history));
  router.get('/review', reader, on(queue));
  router.get('/review/next', reader, on(nextPair));
  return router;
}
