import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/open.ts';
import { createSession, deleteExpiredSessions, deleteSession, SESSION_TTL_MS } from '../../db/sessions.ts';
import { insertApiToken, listApiTokens, revokeApiToken } from '../../db/tokens.ts';
import { getLoginRecord, setUserPassword } from '../../db/users.ts';
import { SESSION_COOKIE } from '../auth/cookies.ts';
import { LoginThrottle } from '../auth/login-throttle.ts';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from '../auth/password.ts';
import { hashToken, newApiToken, newSessionToken } from '../auth/tokens.ts';
import { AppError } from '../errors.ts';
import { handlerOn, answer, answerError, idParam, wantsJson, type Page, type Handler } from '../http.ts';
import { clearSessionCookie, currentUser, requireRole, type CurrentUser } from '../middleware/auth.ts';


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

const loginPage = (model: { error: string | null; name: string; next: string }): Page => ['auth/login', { title: 'Log in', ...model }];

function showLogin(req: Request, res: Response): void {
  const next = safeNext(typeof req.query['next'] === 'string' ? req.query['next'] : '/');
  const user = currentUser(res);
  answer(req, res, {
    json: () => ({ user: user ? { name: user.name, role: user.role } : null, localMode: res.locals['localMode'] === true }),
    ...(user ? { redirect: next } : { page: loginPage({ error: null, name: '', next }) }),
  });
}

/** A login attempt, throttled per address and name (server/auth/login-throttle.ts). */
async function logIn(db: Db, throttle: LoginThrottle, req: Request, res: Response): Promise<void> {
  const name = field(req, 'name').trim();
  const password = field(req, 'password');
  const next = safeNext(field(req, 'next') || '/');
  const address = req.ip ?? '';
  const wait = throttle.refusal(name, address);
  if (wait > 0) {
    res.setHeader('Retry-After', String(wait));
    const message = `Too many failed logins. Try again in ${Math.ceil(wait / 60)} minutes.`;
    return answerError(req, res, new AppError(429, 'rate_limited', message), loginPage({ error: message, name, next }));
  }
  const slowdown = throttle.attempt(name, address);
  if (slowdown > 0) await new Promise((resolve) => setTimeout(resolve, slowdown));
  const record = name ? getLoginRecord(db, name) : null;
  // An unknown name costs as much time as a wrong password: no guessing names by timing.
  const matches = await verifyPassword(password, record?.password ?? DUMMY_HASH);
  if (!record || !matches || record.user.disabled) {
    const message = 'Wrong name or password.';
    return answerError(req, res, new AppError(401, 'invalid_credentials', message), loginPage({ error: message, name, next }));
  }
  throttle.succeeded(name, address);
  deleteExpiredSessions(db);
  const token = newSessionToken();
  createSession(db, record.user.id, hashToken(token));
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: SESSION_TTL_MS });
  answer(req, res, { json: () => ({ user: { name: record.user.name, role: record.user.role } }), redirect: next });
}

const logOut: Handler<Db> = (db, req, res) => {
  const sessionId = res.locals['sessionId'] as string | undefined;
  if (sessionId) deleteSession(db, sessionId);
  clearSessionCookie(req, res);
  answer(req, res, { json: () => ({ loggedOut: true }), redirect: '/login' });
};

type AccountExtra = { newToken?: { name: string; token: string } | null; error?: string | null; notice?: string | null };

function accountModel(db: Db, res: Response, extra: AccountExtra = {}) {
  const user = currentUser(res)!;
  return {
    title: 'Your account', user, localMode: res.locals['localMode'] === true,
    tokens: user.id !== undefined ? listApiTokens(db, user.id) : [],
    newToken: extra.newToken ?? null, error: extra.error ?? null, notice: extra.notice ?? null,
  };
}
const accountPage = (db: Db, res: Response, extra: AccountExtra = {}): Page => ['auth/account', () => accountModel(db, res, extra)];

const showAccount: Handler<Db> = (db, req, res) => {
  const model = accountModel(db, res);
  answer(req, res, {
    json: () => ({ user: { name: model.user.name, role: model.user.role }, localMode: model.localMode, tokens: model.tokens }),
    page: ['auth/account', model],
  });
};

const addToken: Handler<Db> = (db, req, res) => {
  const user = accountOf(res);
  // A token must not mint tokens: a stolen one would otherwise outlive its own revocation.
  if (user.via !== 'session') throw new AppError(403, 'session_required', 'Create API tokens from a signed-in session (the Account page), not with a token.');
  const name = field(req, 'name').trim();
  if (name.length < 1 || name.length > 60) {
    const message = 'Give the token a name of 1–60 characters, e.g. the script or machine that uses it.';
    return answerError(req, res, new AppError(422, 'bad_name', message), accountPage(db, res, { error: message }));
  }
  const token = newApiToken();
  const id = insertApiToken(db, user.id, name, hashToken(token));
  // Shown once, on this response only: only the hash is stored.
  answer(req, res, { status: 201, json: () => ({ id, name, token }), page: accountPage(db, res, { newToken: { name, token } }) });
};

const revokeToken: Handler<Db> = (db, req, res) => {
  const user = accountOf(res);
  const tokenId = idParam(req.params['tokenId'], 'Token');
  if (!revokeApiToken(db, user.id, tokenId)) throw new AppError(404, 'not_found', `You have no live token ${tokenId}.`);
  answer(req, res, { json: () => ({ id: tokenId, revoked: true }), redirect: '/account' });
};

const changePassword: Handler<Db> = async (db, req, res) => {
  const user = accountOf(res);
  const current = field(req, 'current');
  const password = field(req, 'password');
  const record = getLoginRecord(db, user.name);
  let error = !record || !(await verifyPassword(current, record.password)) ? 'The current password is wrong.' : passwordProblem(password);
  // the form has a confirmation box; a script sends the password once
  if (!error && password !== field(req, 'confirm') && !wantsJson(req)) error = 'The two new passwords differ.';
  if (error) return answerError(req, res, new AppError(422, 'bad_password', error), accountPage(db, res, { error }));
  // Changing the password ends every session, this one too: log in again with the new one.
  setUserPassword(db, user.id, await hashPassword(password));
  clearSessionCookie(req, res);
  answer(req, res, { json: () => ({ changed: true }), redirect: '/login' });
};

/** Login, logout and the user's own account page (API tokens, password). */
export function authRouter(db: Db): Router {
  const router = Router();
  const throttle = new LoginThrottle();
  const reader = requireRole('reader');
  const on = handlerOn(db);
  // login and account pages carry passwords, CSRF tokens and a new API token: never cached
  router.use(['/login', '/account'], (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.get('/login', showLogin);
  router.post('/login', (req, res) => logIn(db, throttle, req, res));
  router.post('/logout', on(logOut));
  router.get('/account', reader, on(showAccount));
  router.post('/account/tokens', reader, on(addToken));
  router.post('/account/tokens/:tokenId/revoke', reader, on(revokeToken));
  router.post('/account/password', reader, on(changePassword));
  return router;
}
