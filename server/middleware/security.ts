import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { CSRF_COOKIE, readCookie, SESSION_COOKIE } from '../auth/cookies.ts';
import { AppError } from '../errors.ts';

/** Headers every response gets: a CSP without inline script, no framing, no sniffing. */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
  ].join('; '));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  // over HTTPS (directly or via a trusted proxy), browsers should never fall back to plain HTTP
  if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=15552000');
  next();
}

const same = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Bodies parsed in memory (bounded by maxBodyBytes) whose `_csrf` field may carry the token. */
const IN_MEMORY_BODIES = ['application/x-www-form-urlencoded', 'application/json'];

/** Why the request comes from another site, or null when nothing says it does. */
function crossSiteReason(req: Request): string | null {
  // Fetch Metadata: every current browser says where a request comes from; 'none' is the user
  // typing the address or using a bookmark. 'same-site' includes other ports of this host.
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site: ${String(site)}`;
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  // 'null' comes from sandboxed frames and privacy-stripped contexts: never from our own pages
  let originHost = '';
  try { originHost = new URL(origin).host; } catch { /* unreadable origin: treated as foreign */ }
  // req.host: the Host header, or X-Forwarded-Host from a proxy named in JJAK_TRUST_PROXY
  const host = req.host;
  return host && originHost === host ? null : `Origin: ${origin}`;
}

const refuse = (next: NextFunction, message: string): void => next(new AppError(403, 'csrf', message));
const EXPIRED = 'The form has expired or did not come from this site. Reload the page and try again.';

/**
 * CSRF protection for every unsafe method, run before any body parser or upload handler, so a
 * refused request never has its body read or written to disk, whatever its Content-Type.
 * 1. Requests authenticated by an API token pass: a browser never adds an Authorization header
 *    on its own (`authenticate` has already refused bad tokens).
 * 2. A request another site sent (Origin not ours, or Sec-Fetch-Site other than same-origin/none)
 *    gets 403.
 * 3. Otherwise a token is needed: the session's (derived from the session token) or, without a
 *    session, a double-submit token in a SameSite cookie. It comes in the `X-CSRF-Token` header or
 *    the `_csrf` query parameter (upload forms put it in their action URL); urlencoded and JSON
 *    bodies, parsed in memory within maxBodyBytes, may carry it in their `_csrf` field instead,
 *    checked by `verifyBodyCsrf` right after parsing.
 * Exempt from 3: a request with no cookie of ours, no Origin and no form body — a script (curl,
 * the CLI), which carries no ambient credential to abuse.
 */
export function csrfProtection(req: Request, res: Response, next: NextFunction): void {
  let token = res.locals['sessionCsrfToken'] as string | undefined;
  if (!token) {
    token = readCookie(req.headers.cookie, CSRF_COOKIE);
    if (!token || !/^[A-Za-z0-9_-]{32,}$/.test(token)) {
      token = randomBytes(24).toString('base64url');
      res.cookie(CSRF_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
    }
  }
  res.locals['csrfToken'] = token;
  if (SAFE_METHODS.has(req.method)) return next();
  if ((res.locals['user'] as { via?: string } | undefined)?.via === 'token') return next();
  const crossSite = crossSiteReason(req);
  if (crossSite) return refuse(next, `Cross-site request refused (${crossSite}).`);
  const query = req.query['_csrf'];
  const sent = req.get('x-csrf-token') ?? (typeof query === 'string' ? query : undefined);
  if (sent !== undefined) return same(sent, token) ? next() : refuse(next, EXPIRED);
  if (req.is(IN_MEMORY_BODIES)) {
    res.locals['csrfFromBody'] = true;
    return next();
  }
  const cookies = req.headers.cookie;
  const hasOurCookie = readCookie(cookies, CSRF_COOKIE) !== undefined || readCookie(cookies, SESSION_COOKIE) !== undefined;
  const formBody = req.is(['application/x-www-form-urlencoded', 'multipart/form-data']);
  if (!hasOurCookie && req.headers.origin === undefined && !formBody) return next();
  refuse(next, EXPIRED);
}

/** Second half of `csrfProtection` for urlencoded and JSON bodies: the token in their `_csrf` field. */
export function verifyBodyCsrf(req: Request, res: Response, next: NextFunction): void {
  if (res.locals['csrfFromBody'] !== true) return next();
  const cookies = req.headers.cookie;
  const hasOurCookie = readCookie(cookies, CSRF_COOKIE) !== undefined || readCookie(cookies, SESSION_COOKIE) !== undefined;
  const sent = (req.body as Record<string, unknown> | undefined)?.['_csrf'];
  if (typeof sent === 'string' && same(sent, res.locals['csrfToken'] as string)) return next();
  // JSON from a script (no cookie of ours, no Origin) judges itself, as before
  if (!hasOurCookie && req.headers.origin === undefined && !req.is('application/x-www-form-urlencoded')) return next();
  refuse(next, EXPIRED);
}
