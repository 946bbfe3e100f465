import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../../db/open.ts';
import { getSessionUser } from '../../db/sessions.ts';
import { useApiToken } from '../../db/tokens.ts';
import { countUsers } from '../../db/users.ts';
import { readCookie, SESSION_COOKIE } from '../auth/cookies.ts';
import { isLoopbackHost, roleAtLeast, type Role } from '../auth/roles.ts';
import { csrfTokenFor, hashToken, looksLikeApiToken, looksLikeSessionToken } from '../auth/tokens.ts';
import { AppError } from '../errors.ts';
import { wantsJson } from '../http.ts';

export type { Role } from '../auth/roles.ts';

/** How the request proved who it is. */
export type AuthMethod = 'local' | 'session' | 'token';

export interface CurrentUser {
  name: string;
  role: Role;
  /** The account id; absent for the local user of local mode, who has no account. */
  id?: number;
  via?: AuthMethod;
}

/** The user of local mode: no account exists and only this machine can reach the server. */
export const LOCAL_USER: CurrentUser = Object.freeze({ name: 'local', role: 'admin', via: 'local' });

/** The user behind a request, or null for an anonymous visitor. */
export function currentUser(res: Response): CurrentUser | null {
  return (res.locals['user'] as CurrentUser | undefined) ?? null;
}

/** Clears the session cookie with the same attributes it was set with. */
export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}

/** Headers a reverse proxy adds: a request that has one was relayed, whoever sent it first. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-real-ip'];

/** The host name of a Host header ("localhost:3000", "[::1]:3000"), without the port. */
const hostName = (host: string): string => host.replace(/^\[([^\]]*)\](:\d+)?$/, '$1').replace(/^([^:]*)(:\d+)?$/, '$1');

/**
 * The request came straight from this machine, not relayed by a proxy that says so, and was
 * addressed to a loopback name: a page on another site whose name was re-pointed at 127.0.0.1
 * (DNS rebinding) sends its own name as Host and so never gets local mode.
 */
function isDirectLocalRequest(req: Request): boolean {
  return isLoopbackHost(req.socket.remoteAddress ?? '') && PROXY_HEADERS.every((h) => req.headers[h] === undefined)
    && isLoopbackHost(hostName(req.headers.host ?? ''));
}

/**
 * Finds out who sends the request and puts them in `res.locals.user`:
 * 1. `Authorization: Bearer jjak_…` — an API token (a bad or revoked one is refused with 401,
 *    never silently treated as anonymous; other schemes, such as a proxy's Basic auth, are ignored);
 * 2. the session cookie — a login that has not expired, of an account that is not disabled;
 * 3. local mode — the server is bound to a loopback address, no account exists and the request
 *    comes directly from this machine: it runs as the local admin without login.
 * Otherwise the request stays anonymous; `requireLogin` and `requireRole` refuse it.
 */
export function authenticate(db: Db, config: { host: string }) {
  const boundToLoopback = isLoopbackHost(config.host);
  return (req: Request, res: Response, next: NextFunction): void => {
    res.locals['localMode'] = false;
    // Only the Bearer scheme is ours: a proxy's Basic auth in front of jjak passes its own header on.
    const authorization = req.headers.authorization;
    if (authorization !== undefined && /^Bearer(\s|$)/i.test(authorization)) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      const user = m && looksLikeApiToken(m[1]!) ? useApiToken(db, hashToken(m[1]!)) : null;
      if (!user) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="jjak", error="invalid_token"');
        return next(new AppError(401, 'invalid_token', 'The API token is unknown, revoked, or not of the form "Bearer jjak_…".'));
      }
      res.locals['user'] = { name: user.name, role: user.role, id: user.id, via: 'token' } satisfies CurrentUser;
      return next();
    }
    const sessionToken = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (sessionToken !== undefined) {
      const user = looksLikeSessionToken(sessionToken) ? getSessionUser(db, hashToken(sessionToken)) : null;
      if (user) {
        res.locals['user'] = { name: user.name, role: user.role, id: user.id, via: 'session' } satisfies CurrentUser;
        res.locals['sessionCsrfToken'] = csrfTokenFor(sessionToken);
        res.locals['sessionId'] = hashToken(sessionToken); // the hash only: locals reach every view
        return next();
      }
      clearSessionCookie(req, res); // expired or logged out elsewhere: drop the stale cookie
    }
    if (boundToLoopback && isDirectLocalRequest(req) && countUsers(db) === 0) {
      res.locals['user'] = LOCAL_USER;
      res.locals['localMode'] = true;
    }
    next();
  };
}

/** Paths an anonymous visitor may reach: the login form and logging out. */
const PUBLIC = new Set(['GET /login', 'HEAD /login', 'POST /login', 'POST /logout']);

/**
 * Refuses anonymous requests to everything but the login pages, before any route runs, so a
 * route that forgot its requireRole still cannot be used anonymously: pages redirect to /login,
 * API and JSON requests get 401.
 */
export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (currentUser(res) || PUBLIC.has(`${req.method} ${req.path}`)) return next();
  const isPage = (req.method === 'GET' || req.method === 'HEAD') && !wantsJson(req) && !req.path.startsWith('/api/');
  if (isPage) return void res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  if (req.path.startsWith('/api/')) res.setHeader('WWW-Authenticate', 'Bearer realm="jjak"');
  next(new AppError(401, 'unauthenticated', 'Log in first, or send an API token as "Authorization: Bearer …".'));
}

/** Refuses the request unless the user has at least `role`: 401 without a user, 403 with too low a role. */
export function requireRole(role: Role) {
  const check = (_req: Request, res: Response, next: NextFunction): void => {
    const user = currentUser(res);
    if (!user) return next(new AppError(401, 'unauthenticated', 'Log in first.'));
    if (!roleAtLeast(user.role, role)) {
      return next(new AppError(403, 'forbidden', `This needs the ${role} role; you are a ${user.role}.`));
    }
    next();
  };
  // named so the role matrix test can read each route's guard off the router stack
  return Object.defineProperty(check, 'name', { value: `requireRole(${role})` });
}
