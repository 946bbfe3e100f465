import request from 'supertest';
import type { Db } from '../../db/open.ts';
import { insertPair, saveAlignment } from '../../db/pairs.ts';
import { createSession } from '../../db/sessions.ts';
import { insertApiToken } from '../../db/tokens.ts';
import { insertUser } from '../../db/users.ts';
import { createApp } from '../../server/app.ts';
import { hashPassword, type PasswordHash } from '../../server/auth/password.ts';
import type { Role } from '../../server/auth/roles.ts';
import { csrfTokenFor, hashToken, newApiToken, newSessionToken } from '../../server/auth/tokens.ts';
import { loadConfig } from '../../server/config.ts';
import { doc, openTestDb } from '../helpers.ts';

export const PASSWORD = 'correct horse battery';

/** Low-cost scrypt for tests (the cost is read back from the hash, so login verifies it as usual). */
let cheap: Promise<PasswordHash> | null = null;
export const testHash = (): Promise<PasswordHash> => (cheap ??= hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 }));

/** An app as `jjak serve` would build it for `host`. */
export const appFor = (db: Db, host = '127.0.0.1', env: NodeJS.ProcessEnv = {}) => createApp({ db, config: { ...loadConfig(env), host } });

/** Adds admin, reviewer and reader accounts (password PASSWORD); returns their ids by role. */
export async function seedUsers(db: Db): Promise<Record<Role, number>> {
  const password = await testHash();
  return {
    admin: insertUser(db, { name: 'ada', role: 'admin', password }),
    reviewer: insertUser(db, { name: 'rin', role: 'reviewer', password }),
    reader: insertUser(db, { name: 'reo', role: 'reader', password }),
  };
}

/** The start most auth tests share: a fresh database with the three accounts, served for `host` (settings from `env`). */
export async function seededApp(host = '0.0.0.0', env: NodeJS.ProcessEnv = {}) {
  const db = openTestDb();
  const ids = await seedUsers(db);
  return { db, ids, app: appFor(db, host, env) };
}

/** As seededApp, with one aligned pair stored (the app reads the database per request). */
export async function seededAppWithPair(host = '0.0.0.0') {
  const seeded = await seededApp(host);
  return { ...seeded, pairId: seedPair(seeded.db) };
}

/** A fresh database with one aligned pair and no accounts, served for `host` (loopback: local mode). */
export function appWithPair(host = '127.0.0.1') {
  const db = openTestDb();
  const pairId = seedPair(db);
  return { db, pairId, app: appFor(db, host) };
}

/** The first capture of `re` in `html`; throws, naming `what`, when the page has none. */
function tokenIn(html: string, re: RegExp, what: string): string {
  const token = re.exec(html)?.[1];
  if (!token) throw new Error(`the page has no ${what}`);
  return token;
}

/** The CSRF token a page's <meta name="csrf-token"> carries (what its scripts send). */
export const metaCsrf = (html: string) => tokenIn(html, /name="csrf-token" content="([^"]+)"/, 'csrf-token meta element');

/** The CSRF token of the page's first form (its hidden _csrf field). */
export const formCsrf = (html: string) => tokenIn(html, /name="_csrf" value="([^"]+)"/, 'form with a _csrf field');

/** A local-mode app on an empty database and a browser-like agent that has opened `path`: the page and its CSRF token. */
export async function localAgentOn(path: string) {
  const db = openTestDb();
  const agent = request.agent(appFor(db));
  const page = await agent.get(path);
  return { db, agent, page, csrf: metaCsrf(page.text) };
}

/** A logged-in session made directly in the database: the cookie header and its CSRF token. */
export function sessionFor(db: Db, userId: number): { cookie: string; csrf: string } {
  const token = newSessionToken();
  createSession(db, userId, hashToken(token));
  return { cookie: `jjak_session=${token}`, csrf: csrfTokenFor(token) };
}

/** Sends `r` as a signed-in script would: the session cookie, its CSRF header, and JSON wanted back. */
export const asJson = (r: request.Test, s: { cookie: string; csrf: string }) =>
  r.set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf).set('Accept', 'application/json');

/** GET / as JSON with the session `cookie`: the quickest check of whether a session still lets its user in. */
export const homeWithCookie = (app: ReturnType<typeof appFor>, cookie: string) =>
  request(app).get('/').set('Cookie', cookie).set('Accept', 'application/json');

/** Creates an API token named `name` through the account route, as `session`; expects 201 and returns the response. */
export const createToken = (app: ReturnType<typeof appFor>, session: { cookie: string; csrf: string }, name: string) =>
  asJson(request(app).post('/account/tokens'), session).send({ name }).expect(201);

/** An API token named 'script' made directly in the database for `userId`; returns the token a script would send. */
export function tokenFor(db: Db, userId: number): string {
  const token = newApiToken();
  insertApiToken(db, userId, 'script', hashToken(token));
  return token;
}

/** One stored, aligned pair built by hand (no importer or aligner involved); returns its id. */
export function seedPair(db: Db, tag = 'A'): number {
  const id = insertPair(db,
    doc('en', [['title', `Ferry route ${tag} reopens`], ['body', 'The ferry runs again.', 'Tickets cost 5,000 won.']]),
    doc('ko', [['title', `여객선 ${tag} 항로 재개`], ['body', '여객선이 다시 운항한다.', '표는 5000원이다.']]));
  saveAlignment(db, id, {
    paragraphs: [{ en: [0, 1], ko: [0, 1], confidence: 0.9 }, { en: [1, 2], ko: [1, 2], confidence: 0.8 }],
    sentences: [{ en: [0, 1], ko: [0, 1] }, { en: [1, 2], ko: [1, 2] }, { en: [2, 3], ko: [2, 3] }],
  });
  return id;
}

/** Logs in through the form as a browser would: fetches the CSRF cookie, posts, returns the session cookie. */
export async function loginThroughForm(app: ReturnType<typeof appFor>, name: string, password = PASSWORD) {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const res = await agent.post('/login').type('form').send({ _csrf: csrf, name, password, next: '/' });
  return { agent, res };
}
