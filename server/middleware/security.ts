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

/**
 * CSRF protection. A logged-in session has a token derived from its session token (bound to that
 * login, rotated by logging in again); a visitor without a session (local mode, the login form)
 * gets a double-submit token in a SameSite cookie. The token must come back in the form field
 * `_csrf` or the `X-CSRF-Token` header. Exempt: requests authenticated by an API token (a browser
 * never adds an Authorization header on its own), and JSON bodies sent without any of our cookies
 * (scripts: a cross-site page cannot send `application/json` without a CORS preflight, which this
 * server never grants). A foreign Origin header is refused outright. Runs after `authenticate`.
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
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
  // multipart bodies are parsed inside their route: the route checks with verifyCsrf after the upload
  if (req.is('multipart/form-data')) return next();
  verifyCsrf(req, res, next);
}

/** The token check itself; used directly after a multipart parser. */
export function verifyCsrf(req: Request, res: Response, next: NextFunction): void {
  const token = res.locals['csrfToken'] as string;
  const origin = req.headers.origin;
  if (origin) {
    // 'null' comes from sandboxed frames and privacy-stripped contexts: never from our own pages
    const host = req.headers.host;
    let originHost = '';
    try { originHost = new URL(origin).host; } catch { /* unreadable origin: treated as foreign */ }
    if (!host || originHost !== host) {
      return next(new AppError(403, 'csrf', 'Cross-site request refused.'));
    }
  }
  if ((res.locals['user'] as { via?: string } | undefined)?.via === 'token') return next();
  const cookies = req.headers.cookie;
  const hasOurCookie = readCookie(cookies, CSRF_COOKIE) !== undefined || readCookie(cookies, SESSION_COOKIE) !== undefined;
  // A non-form body with no cookie of ours and no Origin comes from a script (curl, the CLI), not
  // from a browser page, which always sends Origin on a cross-site POST. It carries no ambient
  // credential to abuse, so the route itself judges the body (JSON, or 415 for anything else).
  const formBody = req.is(['application/x-www-form-urlencoded', 'multipart/form-data']) !== false;
  if (!hasOurCookie && !origin && !formBody) return next();
  const sent = (req.body as Record<string, unknown> | undefined)?.['_csrf'] ?? req.get('x-csrf-token');
  if (typeof sent === 'string' && same(sent, token)) return next();
  next(new AppError(403, 'csrf', 'The form has expired or did not come from this site. Reload the page and try again.'));
}
