import { Router, type Request, type Response } from 'express';
import ejs from 'ejs';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/open.ts';
import type { PairDetail } from '../../db/pairs.ts';
import {
  historyHead, listChanges, listOperations, nextInQueue, reviewQueue, reviewTotals, type HistoryHead, type OperationEntry,
} from '../../db/review.ts';
import { AppError, notFound } from '../errors.ts';
import { idParam, pageParam, wantsJson } from '../http.ts';
import { currentUser, requireRole } from '../middleware/auth.ts';
import { formToBody, OpParseError, parseOpRequest, parseVersion, type ParsedRequest } from '../review/parse.ts';
import { InvariantError, ReviewOpError } from '../review/state.ts';
import {
  DEFAULT_THRESHOLD, diffLinks, isDoubtful, progressOf, linkModel, type LinkModel,
} from '../review/view-model.ts';
import { apiJson } from '../review/api-json.ts';
import { changedParagraphs } from '../../db/article-update.ts';
import { changedLinks } from '../update/changed.ts';
import { reviewEvents } from '../services/review-events.ts';
import {
  applyReviewOp, HistoryConflictError, readReviewPair, StaleVersionError, UndoConflictError, type ReviewOutcome,
} from '../services/review.ts';

const VIEWS_DIR = fileURLToPath(new URL('../../views/', import.meta.url));
const QUEUE_PAGE_SIZE = 100;
/** Pairs longer than this open with the first rows drawn and the rest as light stubs the page fills as they come near. */
const LAZY_ABOVE = 80;
const FIRST_ROWS = 30;

// ejs 7 caches compiled templates only when Express' "view cache" is on (production). The review
// page renders one row partial per link (300+), so it keeps its own compiled copies, refreshed
// when the file changes.
const TEMPLATE_LOCALS: Record<string, string[]> = {
  'partials/link-row': ['row', 'ctx', 'history'],
  'review/summary': ['pair', 'progress', 'head', 'threshold', 'ctx'],
};
const compiled = new Map<string, { mtimeMs: number; fn: ejs.TemplateFunction }>();
function template(name: string): ejs.TemplateFunction {
  const file = `${VIEWS_DIR}${name}.ejs`;
  const mtimeMs = statSync(file).mtimeMs;
  const hit = compiled.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.fn;
  // no `with (locals)`: V8 runs such templates several times faster; the names each one uses are listed
  const fn = ejs.compile(readFileSync(file, 'utf8'), {
    filename: file, _with: false, destructuredLocals: TEMPLATE_LOCALS[name] ?? [], rmWhitespace: true,
  });
  compiled.set(file, { mtimeMs, fn });
  return fn;
}

/** What every row template needs besides the row itself. */
interface RowContext {
  pairId: number; version: number; csrfToken: string; threshold: number; edit: string | null; canEdit: boolean; user: string;
  /** Rows changed by an article update since the last review (server/update/changed.ts). */
  changed: ReadonlySet<number>;
}

const renderLinkModel = (row: LinkModel, ctx: RowContext, history: OperationEntry[]): string =>
  template('partials/link-row')({ row: { ...row, changedSinceReview: ctx.changed.has(row.index) }, ctx, history: row.sentences ? historyOf(row, history) : [] });

// Rendered closed rows, by link object: states are immutable and share unchanged links and
// paragraphs, so a row whose link, paragraphs, number and settings are the same renders the same.
// Version and CSRF token go in as placeholders (never cached: they change per op and per user).
const rowHtmlCache = new WeakMap<object, { key: string; paragraphs: unknown[]; html: string }>();
const VERSION_SLOT = '\u0001v\u0001';
const TOKEN_SLOT = '\u0001t\u0001';

function renderRow(pair: PairDetail, i: number, opts: { open: boolean }, ctx: RowContext, history: OperationEntry[]): string {
  if (opts.open || ctx.edit) return renderLinkModel(linkModel(pair, i, { threshold: ctx.threshold, open: opts.open }), ctx, history);
  const link = pair.links[i]!;
  const key = `${pair.id}|${i}|${i === pair.links.length - 1}|${ctx.threshold}|${ctx.canEdit}|${ctx.changed.has(i)}|${link.crossed === true}`;
  const paragraphs = [...link.en.map((p) => pair.en.paragraphs[p]), ...link.ko.map((p) => pair.ko.paragraphs[p])];
  let hit = rowHtmlCache.get(link);
  if (!hit || hit.key !== key || hit.paragraphs.length !== paragraphs.length || hit.paragraphs.some((p, k) => p !== paragraphs[k])) {
    const html = renderLinkModel(linkModel(pair, i, { threshold: ctx.threshold, open: false }), { ...ctx, version: VERSION_SLOT as unknown as number, csrfToken: TOKEN_SLOT }, []);
    hit = { key, paragraphs, html };
    rowHtmlCache.set(link, hit);
  }
  return hit.html.replaceAll(VERSION_SLOT, String(ctx.version)).replaceAll(TOKEN_SLOT, ctx.csrfToken);
}

/**
 * A row not drawn yet: same height as a closed row, with what filters, n and the progress need.
 * The page replaces it with the full row when it comes near the viewport.
 */
function stubRow(pair: PairDetail, i: number, threshold: number): string {
  const l = pair.links[i]!;
  const confirmed = l.status === 'confirmed';
  return `<section class="link-row stub${confirmed ? ' confirmed' : ''}" id="row-${i}" data-link="${i}" data-stub="1" data-doubtful="${isDoubtful(l, threshold) ? 1 : 0}" data-confirmed="${confirmed ? 1 : 0}" data-status="${l.status}" tabindex="0" aria-label="Row ${i + 1}, loading"></section>`;
}

/** Full rows for [from, to), stubs elsewhere (for long pairs); every row when `all`. */
function renderRows(pair: PairDetail, range: { from: number; to: number } | null, open: Set<number>, ctx: RowContext, ops: OperationEntry[], only?: { start: number; count: number }): string[] {
  const start = only?.start ?? 0;
  const count = only?.count ?? pair.links.length;
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    return !range || (i >= range.from && i < range.to) || open.has(i)
      ? renderRow(pair, i, { open: open.has(i) }, ctx, ops) : stubRow(pair, i, ctx.threshold);
  });
}

/** "a-b" → rows a..b (inclusive), widened a little so rows just out of sight are drawn too. */
function parseNear(v: unknown, length: number): { from: number; to: number } | null {
  const m = typeof v === 'string' ? /^(\d{1,6})-(\d{1,6})$/.exec(v) : null;
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return { from: Math.max(0, Math.min(a, b) - 10), to: Math.min(length, Math.max(a, b) + 11) };
}

/**
 * The Korean places of crossed rows: the Korean paragraph of a crossed link sits elsewhere in the
 * Korean article; the screen marks that place (before the first row after it in Korean order) with a jump back.
 */
function koPlaces(pair: PairDetail): Map<number, string[]> {
  const out = new Map<number, string[]>();
  pair.links.forEach((l, r) => {
    if (!l.crossed) return;
    const k = l.ko[0]!;
    let at = pair.links.findIndex((x) => !x.crossed && x.ko.length > 0 && x.ko[0]! > k);
    if (at < 0) at = pair.links.length;
    const html = `<div class="ko-place" id="ko-place-${k}" data-row="${r}" lang="en"><span>Korean ¶${k + 1}`
      + `${l.ko.length > 1 ? `–${l.ko[l.ko.length - 1]! + 1}` : ''} stands here in the Korean article; it is linked to English ¶${l.en[0]! + 1} in a crossed row.</span>`
      + ` <a class="jump-crossed" href="#row-${r}">Jump to the crossed row</a></div>`;
    out.set(at, [...(out.get(at) ?? []), html]);
  });
  return out;
}

/** Operations that touched the row's paragraphs (paragraph numbers can drift after text splits; good enough for "who did what"). */
function historyOf(row: LinkModel, ops: OperationEntry[]): OperationEntry[] {
  const en = new Set(row.en.map((p) => p.index));
  const ko = new Set(row.ko.map((p) => p.index));
  return ops.filter((o) => o.enParagraphs.some((p) => en.has(p)) || o.koParagraphs.some((p) => ko.has(p))).slice(0, 20);
}

function parseThreshold(v: unknown): number {
  const n = typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 && n <= 1 ? n : DEFAULT_THRESHOLD;
}

function parseOpen(v: unknown): Set<number> {
  const out = new Set<number>();
  if (typeof v !== 'string') return out;
  for (const part of v.split(',').slice(0, 200)) if (/^\d{1,6}$/.test(part)) out.add(Number(part));
  return out;
}

const parseEdit = (v: unknown): string | null => (typeof v === 'string' && /^(en|ko)-\d{1,6}$/.test(v) ? v : null);

function summaryModel(pair: PairDetail, head: HistoryHead, threshold: number) {
  return { pair: { id: pair.id, version: pair.version, status: pair.status }, progress: progressOf(pair, threshold), head, threshold };
}

/** Rows of the pair that an article update changed and no reviewer has looked at since. */
const changedRowsOf = (db: Db, pair: PairDetail): number[] => changedLinks(pair.en, pair.ko, pair.links, changedParagraphs(db, pair.id));

function rowContext(db: Db, pair: PairDetail, req: Request, res: Response): RowContext {
  const user = currentUser(res);
  return {
    changed: new Set(changedRowsOf(db, pair)),
    pairId: pair.id, version: pair.version, csrfToken: String(res.locals['csrfToken'] ?? ''),
    threshold: parseThreshold(req.query['below']), edit: parseEdit(req.query['edit']),
    canEdit: user?.role === 'reviewer' || user?.role === 'admin', user: user?.name ?? '',
  };
}

/** Everything the review page shows. */
function pageModel(db: Db, pair: PairDetail, req: Request, res: Response, extra: { error?: string | null; errorChanges?: unknown[] } = {}) {
  const ctx = rowContext(db, pair, req, res);
  const threshold = ctx.threshold;
  const open = parseOpen(req.query['open']);
  const ops = open.size ? listOperations(db, pair.id) : [];
  // ?all=1 draws every row at once (for printing, find-in-page, and as the benchmark's baseline)
  const range = pair.links.length > LAZY_ABOVE && req.query['all'] !== '1' ? { from: 0, to: FIRST_ROWS } : null;
  const rows = renderRows(pair, range, open, ctx, ops);
  const places = koPlaces(pair);
  const rowsHtml = places.size ? rows.flatMap((h, i) => [...(places.get(i) ?? []), h]).concat(places.get(rows.length) ?? []) : rows;
  const head = historyHead(db, pair.id, ctx.user || null);
  return {
    title: pair.en.meta.title ?? pair.ko.meta.title ?? `Pair ${pair.id}`,
    pair, rowsHtml, ctx, summary: summaryModel(pair, head, threshold),
    summaryHtml: template('review/summary')({ ...summaryModel(pair, head, threshold), ctx }),
    duplicate: req.query['duplicate'] === '1', error: extra.error ?? null, errorChanges: extra.errorChanges ?? [],
    unaligned: pair.links.length === 0,
    filters: { hideConfirmed: req.query['hide'] === 'confirmed', onlyDoubtful: req.query['only'] === 'doubtful' },
  };
}

/**
 * Sends prebuilt JSON bytes. res.json would stringify and UTF-8-encode the whole state again;
 * res.send keeps Express's ETag and freshness handling for the GETs.
 */
function sendJson(res: Response, body: Buffer): void {
  res.type('application/json').send(body);
}

/** sendJson for an operation's answer: no ETag (a POST answer is never revalidated), which saves hashing ~430 KB. */
function sendOpJson(res: Response, body: Buffer): void {
  res.type('application/json').setHeader('Content-Length', body.length);
  res.end(body);
}

/** Maps the service's errors to HTTP; returns null for anything unexpected (rethrown). */
function opErrorToHttp(e: unknown): { status: number; code: string; message: string; extra?: Record<string, unknown> } | null {
  if (e instanceof StaleVersionError) {
    return {
      status: 409, code: 'stale_version', message: e.message,
      extra: {
        currentVersion: e.current, changes: e.changes.map((c) => ({ user: c.user, action: c.action, summary: c.detail['summary'] ?? c.action, at: c.createdAt })),
        ...(e.conflict ? { conflict: e.conflict } : {}),
      },
    };
  }
  if (e instanceof UndoConflictError) return { status: 409, code: e.code, message: e.message, extra: { by: e.by, summary: e.summary } };
  if (e instanceof HistoryConflictError) return { status: 409, code: e.code, message: e.message };
  if (e instanceof OpParseError) return { status: 400, code: e.code, message: e.message };
  if (e instanceof ReviewOpError) return { status: 422, code: e.code, message: e.message };
  if (e instanceof InvariantError) {
    console.error(e);
    return { status: 500, code: 'invariant', message: 'The operation would leave the alignment inconsistent, so nothing was changed. Please report this.' };
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

/** The review screen, its JSON API, the change log and the review queue. */
export function reviewRouter(db: Db): Router {
  const router = Router();
  let connections = 0;
  // pair → senders of "who has it open", so every open screen hears when someone comes or goes
  const presenceListeners = new Map<number, Set<() => void>>();
  const reader = requireRole('reader');
  const reviewer = requireRole('reviewer');

  const loadPair = (value: unknown): PairDetail => {
    const pair = readReviewPair(db, idParam(value))?.pair;
    if (!pair) throw notFound(`Pair ${String(value)}`);
    return pair;
  };

  const userOf = (res: Response): string | null => currentUser(res)?.name ?? null;

  router.get('/api/pairs/:id', reader, (req, res) => {
    const pair = loadPair(req.params['id']);
    sendJson(res, apiJson(pair, historyHead(db, pair.id, userOf(res)), { changedSinceReview: changedRowsOf(db, pair) }));
  });

  router.get('/pairs/:id', reader, (req, res, next) => {
    if (!/^\d+$/.test(String(req.params['id']))) return void next('route'); // /pairs/new and friends
    const pair = loadPair(req.params['id']);
    if (wantsJson(req)) return void sendJson(res, apiJson(pair, historyHead(db, pair.id, userOf(res)), { changedSinceReview: changedRowsOf(db, pair) }));
    res.render('review/show', pageModel(db, pair, req, res));
  });

  // One row (or all rows) as HTML, for the page script: expanding a row, editing a paragraph, catching up after a 409.
  router.get('/pairs/:id/rows/:row', reader, (req, res) => {
    const pair = loadPair(req.params['id']);
    const i = Number(req.params['row']);
    if (!/^\d{1,6}$/.test(String(req.params['row'])) || i >= pair.links.length) throw notFound(`Row ${String(req.params['row'])}`);
    const ctx = rowContext(db, pair, req, res);
    const open = req.query['open'] === '1';
    res.type('html').send(renderRow(pair, i, { open }, ctx,
      open ? listOperations(db, pair.id) : []));
  });

  // Rows as HTML: `from`/`to` for the stubs the page fills as they come near; else every row
  // (full near `near=a-b`, stubs elsewhere), the summary and the Korean places of crossed rows.
  router.get('/pairs/:id/rows', reader, (req, res) => {
    const pair = loadPair(req.params['id']);
    const ctx = rowContext(db, pair, req, res);
    const open = parseOpen(req.query['open']);
    const num = (v: unknown) => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : null);
    const from = num(req.query['from']);
    const to = num(req.query['to']);
    if (from !== null && to !== null) {
      const a = Math.min(from, pair.links.length);
      const b = Math.max(a, Math.min(to, pair.links.length, a + 200));
      const ops = [...open].some((i) => i >= a && i < b) ? listOperations(db, pair.id) : [];
      const summary = req.query['summary'] === '1'
        ? template('review/summary')({ ...summaryModel(pair, historyHead(db, pair.id, ctx.user || null), ctx.threshold), ctx }) : undefined;
      return void res.json({ version: pair.version, from: a, rows: renderRows(pair, null, open, ctx, ops, { start: a, count: b - a }), summary });
    }
    const range = pair.links.length > LAZY_ABOVE ? parseNear(req.query['near'], pair.links.length) ?? { from: 0, to: FIRST_ROWS } : null;
    const ops = open.size ? listOperations(db, pair.id) : [];
    const rows = renderRows(pair, range, open, ctx, ops);
    const places = koPlaces(pair);
    const head = historyHead(db, pair.id, ctx.user || null);
    res.json({
      version: pair.version, rows: places.size ? rows.flatMap((h, i) => [...(places.get(i) ?? []), h]).concat(places.get(rows.length) ?? []) : rows,
      summary: template('review/summary')({ ...summaryModel(pair, head, ctx.threshold), ctx }),
    });
  });

  router.post('/api/pairs/:id/ops', reviewer, (req, res) => {
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
      return void res.status(err.status).json({ error: { code: err.code, message: err.message, ...err.extra } });
    }
    const { pair, before } = outcome;
    if (outcome.dryRun) return void res.json({ id: pair.id, version: pair.version, dryRun: outcome.dryRun });
    const head = historyHead(db, pair.id, userOf(res));
    if (req.query['fragment'] !== '1') return void sendOpJson(res, apiJson(pair, head, { applied: outcome.summary }));
    {
      // The page asked for the rows that changed as HTML, so it never reloads. Rows of the window
      // far from what the page shows go back as stubs (Confirm up to here on row 400 touches 400 rows).
      const threshold = parseThreshold(req.query['below']);
      const openBefore = parseOpen(req.query['open']);
      const patch = diffLinks(before, pair);
      const windowOpen = [...openBefore].some((i) => i >= patch.start && i < patch.start + patch.removed);
      const ctx = { ...rowContext(db, pair, req, res), edit: null };
      const ops = windowOpen ? listOperations(db, pair.id) : [];
      const near = parseNear(req.query['near'], pair.links.length);
      const open = windowOpen ? new Set(Array.from({ length: patch.inserted }, (_, k) => patch.start + k)) : new Set<number>();
      const rows = renderRows(pair, near, open, ctx, ops, { start: patch.start, count: patch.inserted });
      // the page needs only the changed rows, not the whole 400 KB state of a long article
      res.json({
        id: pair.id, version: pair.version, status: pair.status, undo: head.undo, redo: head.redo, applied: outcome.summary,
        crossed: pair.links.some((l) => l.crossed) || before.links.some((l) => l.crossed),
        fragment: { patch, rows, summary: template('review/summary')({ ...summaryModel(pair, head, threshold), ctx }) },
      });
    }
  });

  // Server-Sent Events: every committed operation on the pair (by anyone) and who has it open.
  router.get('/pairs/:id/events', reader, (req, res) => {
    const pairId = idParam(req.params['id']);
    if (!readReviewPair(db, pairId)) throw notFound(`Pair ${pairId}`);
    const hub = reviewEvents(db);
    const user = currentUser(res)?.name ?? 'local';
    // a client that does not ask for a stream (not EventSource) gets who is there and the version, once
    if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
      return void res.json({ id: pairId, version: readReviewPair(db, pairId)!.pair.version, present: hub.present(pairId) });
    }
    const send = (event: string, data: unknown) => { res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`); };
    const unsubscribe = hub.subscribe(pairId, (ev) => send('op', ev));
    if (!unsubscribe) throw new AppError(503, 'busy', 'Too many open review screens; live updates are off. Reload later.');
    const connId = `${user}:${++connections}`;
    res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    hub.join(pairId, user, connId);
    const notify = presenceListeners.get(pairId) ?? new Set<() => void>();
    presenceListeners.set(pairId, notify);
    const sendPresence = () => send('presence', { users: hub.present(pairId), you: user });
    notify.add(sendPresence);
    for (const f of notify) f();
    // a comment line now and then keeps proxies from closing an idle stream
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(ping);
      unsubscribe();
      hub.leave(pairId, connId);
      notify.delete(sendPresence);
      if (notify.size === 0) presenceListeners.delete(pairId);
      for (const f of notify) f();
    });
  });

  // Without JavaScript: a form post, then a redirect back to the row (POST → 303 → GET).
  router.post('/pairs/:id/ops', reviewer, (req, res) => {
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
      const pair = loadPair(req.params['id']);
      res.status(err.status).render('review/show', pageModel(db, pair, req, res, {
        error: err.message, errorChanges: (err.extra?.['changes'] as unknown[] | undefined) ?? [],
      }));
    }
  });

  router.get('/pairs/:id/history', reader, (req, res) => {
    const pair = loadPair(req.params['id']);
    const changes = listChanges(db, pair.id);
    const operations = listOperations(db, pair.id);
    if (wantsJson(req)) return void res.json({ id: pair.id, version: pair.version, changes, operations });
    res.render('review/history', {
      title: `History · ${pair.en.meta.title ?? `Pair ${pair.id}`}`, pair, changes, operations,
    });
  });

  router.get('/review', reader, (req, res) => {
    const page = pageParam(req.query['page']);
    const queue = reviewQueue(db, { limit: QUEUE_PAGE_SIZE, offset: (page - 1) * QUEUE_PAGE_SIZE });
    const totals = reviewTotals(db);
    if (wantsJson(req)) return void res.json({ totals, pairs: queue });
    res.render('review/queue', {
      title: 'Review queue', queue, totals, page, pages: Math.max(1, Math.ceil(totals.pairs / QUEUE_PAGE_SIZE)),
      threshold: DEFAULT_THRESHOLD,
    });
  });

  // The "next pair" key: the most needy unfinished pair other than the current one.
  router.get('/review/next', reader, (req, res) => {
    const after = typeof req.query['after'] === 'string' && /^\d{1,15}$/.test(req.query['after']) ? Number(req.query['after']) : 0;
    // pairs skipped in this session (the page keeps them), so Next pair never goes back to one
    const skip = typeof req.query['skip'] === 'string'
      ? req.query['skip'].split(',').slice(0, 500).filter((x) => /^\d{1,15}$/.test(x)).map(Number) : [];
    const next = nextInQueue(db, after, skip);
    if (wantsJson(req)) return void res.json({ next });
    res.redirect(303, next === null ? '/review?done=1' : `/pairs/${next}`);
  });

  return router;
}
