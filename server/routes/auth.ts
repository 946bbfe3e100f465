import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/open.ts';
import { createSession, deleteExpiredSessions, deleteSession, SESSION_TTL_MS } from '../../db/sessions.ts';
import { insertApiToken, listApiTokens, revokeApiToken } from '../../db/tokens.ts';
import { getLoginRecord, setUserPassword } from '../../db/users.ts';
import { SESSION_COOKIE } from '../auth/cookies.ts';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from '../auth/password.ts';
import { FailureLimiter, LOGIN_LIMITS } from '../auth/rate-limit.ts';
import { hashToken, newApiToken, newSessionToken } from '../auth/tokens.ts';
import { AppError } from '../errors.ts';
import { idParam, wantsJson as wantsJsonPage } from '../http.ts';
import { clearSessionCookie, currentUser, requireRole, type CurrentUser } from '../middleware/auth.ts';

/** JSON answers for clients that ask for JSON or send it (scripts posting JSON bodies). */
const wantsJson = (req: Request): boolean => wantsJsonPage(req) || req.is('application/json') === 'application/json';

const field = (req: Request, name: string): string => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};

/** Only same-site paths: "/x" but not "//host" or "/\host", which browsers treat as another site. */
export function safeNext(next: string): string {
  return /^\/(?![/\\])[^\s\p{Cc}]*$/u.test(next) ? next : '/';
}

/** The account a token or password change belongs to; local mode has none. */
function accountOf(res: Response): CurrentUser & { id: number } {
  const user = currentUser(res);
  if (!user || user.id === undefined) {
    throw new AppError(409, 'no_account', 'The local user has no account. Create one with "jjak user add NAME --role admin", then log in.');
  }
  return user as CurrentUser & { id: number };
}

/**
 * Login, logout and the user's own account page (API tokens, password). Login failures are
 * counted per client address and per name-and-address pair; past either limit that address gets
 * 429 with Retry-After. Failures against a name from anywhere only slow its logins down (up to
 * LOGIN_SLOWDOWN_MAX_MS), never refuse them: a stranger must not be able to lock the real user out.
 */
/** Each recent failed login for a name delays the next attempt at it by this much, up to the max. */
const LOGIN_SLOWDOWN_STEP_MS = 200;
const LOGIN_SLOWDOWN_MAX_MS = 3_000;

export function authRouter(db: Db): Router {
  const router = Router();
  // login and account pages carry passwords, CSRF tokens and a new API token: never cached
  router.use(['/login', '/account'], (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const byAddress = new FailureLimiter({ ...LOGIN_LIMITS, maxFailures: LOGIN_LIMITS.maxFailures * 4 });
  const byNameAndAddress = new FailureLimiter(LOGIN_LIMITS);
  const byName = new FailureLimiter({ ...LOGIN_LIMITS, maxFailures: 1_000 });

  const renderLogin = (res: Response, status: number, model: { error: string | null; name: string; next: string }) =>
    res.status(status).render('auth/login', { title: 'Log in', ...model });

  router.get('/login', (req, res) => {
    const next = safeNext(typeof req.query['next'] === 'string' ? req.query['next'] : '/');
    const user = currentUser(res);
    if (wantsJson(req)) return void res.json({ user: user ? { name: user.name, role: user.role } : null, localMode: res.locals['localMode'] === true });
    if (user) return void res.redirect(303, next);
    renderLogin(res, 200, { error: null, name: '', next });
  });

  router.post('/login', async (req, res) => {
    const name = field(req, 'name').trim();
    const password = field(req, 'password');
    const next = safeNext(field(req, 'next') || '/');
    const addressKey = `address:${req.ip ?? ''}`;
    const nameKey = `name:${name.toLowerCase()}`;
    const pairKey = `${nameKey}\n${addressKey}`;
    for (const verdict of [byAddress.check(addressKey), byNameAndAddress.check(pairKey)]) {
      if (!verdict.allowed) {
        res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
        const message = `Too many failed logins. Try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minutes.`;
        if (wantsJson(req)) return void res.status(429).json({ error: { code: 'rate_limited', message } });
        return void renderLogin(res, 429, { error: message, name, next });
      }
    }
    // Counted as a failure before the (slow) check, so parallel guesses cannot all slip past the
    // limit while the first ones are still being hashed; taken back below when it succeeds.
    const slowdown = Math.min(LOGIN_SLOWDOWN_MAX_MS, byName.count(nameKey) * LOGIN_SLOWDOWN_STEP_MS);
    byAddress.fail(addressKey);
    byNameAndAddress.fail(pairKey);
    byName.fail(nameKey);
    if (slowdown > 0) await new Promise((resolve) => setTimeout(resolve, slowdown));
    const record = name ? getLoginRecord(db, name) : null;
    // An unknown name costs as much time as a wrong password: no guessing names by timing.
    const matches = await verifyPassword(password, record?.password ?? DUMMY_HASH);
    if (!record || !matches || record.user.disabled) {
      const message = 'Wrong name or password.';
      if (wantsJson(req)) return void res.status(401).json({ error: { code: 'invalid_credentials', message } });
      return void renderLogin(res, 401, { error: message, name, next });
    }
    byName.reset(nameKey);
    byNameAndAddress.reset(pairKey);
    byAddress.forgive(addressKey);
    deleteExpiredSessions(db);
    const token = newSessionToken();
    createSession(db, record.user.id, hashToken(token));
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: SESSION_TTL_MS });
    if (wantsJson(req)) return void res.json({ user: { name: record.user.name, role: record.user.role } });
    res.redirect(303, next);
  });

  router.post('/logout', (req, res) => {
    const sessionId = res.locals['sessionId'] as string | undefined;
    if (sessionId) deleteSession(db, sessionId);
    clearSessionCookie(req, res);
    if (wantsJson(req)) return void res.json({ loggedOut: true });
    res.redirect(303, '/login');
  });

  const accountModel = (res: Response, extra: { newToken?: { name: string; token: string } | null; error?: string | null; notice?: string | null } = {}) => {
    const user = currentUser(res)!;
    return {
      title: 'Your account', user, localMode: res.locals['localMode'] === true,
      tokens: user.id !== undefined ? listApiTokens(db, user.id) : [],
      newToken: extra.newToken ?? null, error: extra.error ?? null, notice: extra.notice ?? null,
    };
  };

  router.get('/account', requireRole('reader'), (req, res) => {
    const model = accountModel(res);
    if (wantsJson(req)) return void res.json({ user: { name: model.user.name, role: model.user.role }, localMode: model.localMode, tokens: model.tokens });
    res.render('auth/account', model);
  });

  router.post('/account/tokens', requireRole('reader'), (req, res) => {
    const user = accountOf(res);
    // A token must not mint tokens: a stolen one would otherwise outlive its own revocation.
    if (user.via !== 'session') throw new AppError(403, 'session_required', 'Create API tokens from a signed-in session (the Account page), not with a token.');
    const name = field(req, 'name').trim();
    if (name.length < 1 || name.length > 60) {
      const message = 'Give the token a name of 1–60 characters, e.g. the script or machine that uses it.';
      if (wantsJson(req)) throw new AppError(422, 'bad_name', message);
      return void res.status(422).render('auth/account', accountModel(res, { error: message }));
    }
    const token = newApiToken();
    const id = insertApiToken(db, user.id, name, hashToken(token));
    if (wantsJson(req)) return void res.status(201).json({ id, name, token });
    // Shown once, on this response only: only the hash is stored.
    res.status(201).render('auth/account', accountModel(res, { newToken: { name, token } }));
  });

  router.post('/account/tokens/:tokenId/revoke', requireRole('reader'), (req, res) => {
    const user = accountOf(res);
    const tokenId = idParam(req.params['tokenId'], 'Token');
    if (!revokeApiToken(db, user.id, tokenId)) throw new AppError(404, 'not_found', `You have no live token ${tokenId}.`);
    if (wantsJson(req)) return void res.json({ id: tokenId, revoked: true });
    res.redirect(303, '/account');
  });

  router.post('/account/password', requireRole('reader'), async (req, res) => {
    const user = accountOf(res);
    const current = field(req, 'current');
    const password = field(req, 'password');
    const record = getLoginRecord(db, user.name);
    let error = !record || !(await verifyPassword(current, record.password)) ? 'The current password is wrong.' : passwordProblem(password);
    if (!error && password !== field(req, 'confirm') && !wantsJson(req)) error = 'The two new passwords differ.';
    if (error) {
      if (wantsJson(req)) throw new AppError(422, 'bad_password', error);
      return void res.status(422).render('auth/account', accountModel(res, { error }));
    }
    // Changing the password ends every session, this one too: log in again with the new one.
    setUserPassword(db, user.id, await hashPassword(password));
    clearSessionCookie(req, res);
    if (wantsJson(req)) return void res.json({ changed: true });
    res.redirect(303, '/login');
  });

  return router;
}
