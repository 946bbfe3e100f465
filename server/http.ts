import type { Request, Response } from 'express';
import { AppError } from './errors.ts';

/**
 * True when the answer should be JSON: the client prefers JSON to HTML in Accept, or it sent a
 * JSON body. Scripts posting JSON often send no Accept (or `*\/*`), which alone would pick HTML;
 * a form post never has a JSON body, so a browser always gets its page.
 */
export const wantsJson = (req: Request): boolean =>
  req.accepts(['html', 'json']) === 'json' || req.is('application/json') === 'application/json';

/** A view and its locals; locals may be a function, so a JSON answer never builds them. */
export type Page = readonly [view: string, locals: object | (() => object)];

const localsOf = (locals: Page[1]): object => (locals instanceof Function ? locals() : locals);

/**
 * One answer with a JSON twin. `status` goes with both (default 200); an HTML redirect is always
 * 303 (POST → GET), whatever the JSON's status.
 */
export type Answer = { status?: number; json: () => unknown } & ({ page: Page } | { redirect: string });

/**
 * Answers a page or its JSON twin, by content negotiation (`wantsJson`). A Buffer from `json` is
 * sent as prebuilt JSON bytes (kept from stringifying a large state twice).
 */
export function answer(req: Request, res: Response, a: Answer): void {
  const status = a.status ?? 200;
  if (wantsJson(req)) {
    const body = a.json();
    if (Buffer.isBuffer(body)) return sendJson(res.status(status), body);
    return void res.status(status).json(body);
  }
  if ('redirect' in a) return res.redirect(303, a.redirect);
  renderPage(res.status(status), a.page);
}

/** Renders a page (for pages with no JSON twin, such as forms). */
export function renderPage(res: Response, [view, locals]: Page): void {
  res.render(view, localsOf(locals));
}

/**
 * Sends prebuilt JSON bytes. res.json would stringify and UTF-8-encode a large state again;
 * res.send keeps Express's ETag and freshness handling for the GETs.
 */
export function sendJson(res: Response, body: Buffer): void {
  res.type('application/json').send(body);
}

/** sendJson for an operation's answer: no ETag (a POST answer is never revalidated), which saves hashing ~430 KB. */
export function sendOpJson(res: Response, body: Buffer): void {
  res.type('application/json').setHeader('Content-Length', body.length);
  res.end(body);
}

/** The JSON body of an error: `{ error: { code, message, ...extra } }`. */
export const errorBody = (e: AppError, extra: Record<string, unknown> = {}) =>
  ({ error: { code: e.code, message: e.message, ...extra } });

/**
 * An error as JSON, or as the page the request came from showing the message (a form shown
 * again with what was typed), both with the error's status.
 */
export function answerError(req: Request, res: Response, e: AppError, page: Page, extra: Record<string, unknown> = {}): void {
  answer(req, res, { status: e.status, json: () => errorBody(e, extra), page });
}

/** Parses a positive integer route or query parameter, or answers 404/400. */
export function idParam(value: unknown, what = 'Pair'): number {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new AppError(404, 'not_found', `${what} ${String(value)} was not found.`);
  return n;
}

export function pageParam(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.max(1, n);
}

/** A route handler that takes what its router was built with (the database, or more) first. */
export type Handler<D> = (deps: D, req: Request, res: Response) => void | Promise<void>;

/** Binds a router's dependencies to its handlers: `router.get(path, on(handler))`. */
export const handlerOn = <D>(deps: D) => (h: Handler<D>) => (req: Request, res: Response) => h(deps, req, res);
