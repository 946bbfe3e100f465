import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { openTestDb } from '../helpers.ts';
import { insertApiToken } from '../../db/tokens.ts';
import { insertUser } from '../../db/users.ts';
import { hashToken, newApiToken } from '../../server/auth/tokens.ts';
import type { Role } from '../../server/auth/roles.ts';
import { appFor, seedPair, seedUsers, sessionFor, testHash } from './helpers.ts';
import { collectRoutes, type RouteEntry } from './routes.ts';

/**
 * Who may use each route: 'public' (anyone, logged in or not) or the lowest role allowed.
 * Every route of the app must be here: a route missing from this table fails the test, and so
 * does an entry for a route that no longer exists. Reader: browse, search, export. Reviewer:
 * import, align, review. Admin: users and deleting pairs.
 */
const EXPECTED: Record<string, 'public' | Role> = {
  'GET /login': 'public',
  'POST /login': 'public',
  'POST /logout': 'public',
  'GET /account': 'reader',
  'POST /account/tokens': 'reader',
  'POST /account/tokens/:tokenId/revoke': 'reader',
  'POST /account/password': 'reader',
  'GET /admin/users': 'admin',
  'POST /admin/users': 'admin',
  'POST /admin/users/:userId/role': 'admin',
  'POST /admin/users/:userId/password': 'admin',
  'POST /admin/users/:userId/remove': 'admin',
  'DELETE /api/pairs/:id': 'admin',
  'POST /pairs/:id/delete': 'admin',
  'GET /': 'reader',
  'GET /pairs/new': 'reviewer',
  'POST /pairs': 'reviewer',
  'GET /pairs/:id/update': 'reviewer',
  'POST /pairs/:id/update': 'reviewer',
  'POST /api/pairs': 'reviewer',
  'GET /api/pairs/:id': 'reader',
  'GET /pairs/:id': 'reader',
  'GET /pairs/:id/rows': 'reader',
  'GET /pairs/:id/events': 'reader',
  'GET /pairs/:id/rows/:row': 'reader',
  'GET /pairs/:id/history': 'reader',
  'POST /api/pairs/:id/ops': 'reviewer',
  'POST /pairs/:id/ops': 'reviewer',
  'GET /review': 'reader',
  'GET /review/next': 'reader',
  'GET /export': 'reader',
  'GET /api/export': 'reader',
  'GET /search': 'reader',
  'GET /stats': 'reader',
  'GET /jobs': 'reader',
  'GET /jobs/new': 'reviewer',
  'POST /jobs/import': 'reviewer',
  'GET /jobs/:id': 'reader',
};

const WHO = ['anonymous', 'reader', 'reviewer', 'admin'] as const;
const RANK = { reader: 1, reviewer: 2, admin: 3 } as const;
const keyOf = (r: RouteEntry) => `${r.method} ${r.path}`;

/** The status and error code a role should meet at a route: null means allowed. */
function expectedRefusal(need: 'public' | Role, who: (typeof WHO)[number]): { status: number; code: string } | null {
  if (need === 'public') return null;
  if (who === 'anonymous') return { status: 401, code: 'unauthenticated' };
  return RANK[who] >= RANK[need] ? null : { status: 403, code: 'forbidden' };
}

/** A fresh database with a pair, the three roles, a spare user and a token of theirs; values for route params. */
async function world() {
  const db = openTestDb();
  const ids = await seedUsers(db);
  const pairId = seedPair(db);
  const spare = insertUser(db, { name: 'spare', role: 'reader', password: await testHash() });
  const tokenId = insertApiToken(db, spare, 'spare token', hashToken(newApiToken()));
  const params: Record<string, string> = { id: String(pairId), userId: String(spare), tokenId: String(tokenId), row: '0' };
  return { db, ids, params };
}

/** Fills `:name` params (an existing pair id for any param the table does not know) and `{*name}` wildcards. */
const fill = (path: string, params: Record<string, string>) =>
  path.replace(/\{\*\w+\}/g, 'x').replace(/[{}]/g, '').replace(/:(\w+)/g, (_, name: string) => params[name] ?? params['id']!);

describe('role matrix: every route × {anonymous, reader, reviewer, admin}', () => {
  const layers = collectRoutes(appFor(openTestDb(), '0.0.0.0'));
  const routes = [...new Map(layers.map((r) => [keyOf(r), r])).values()];

  it('finds the routes on the router stack', () => {
    assert.ok(routes.length >= 20, `only ${routes.length} routes found`);
    assert.ok(routes.some((r) => keyOf(r) === 'DELETE /api/pairs/:id'));
  });

  it('has an expectation for every route, and no stale ones', () => {
    const actual = new Set(routes.map(keyOf));
    const missing = [...actual].filter((k) => !(k in EXPECTED));
    const stale = Object.keys(EXPECTED).filter((k) => !actual.has(k));
    assert.deepEqual(missing, [], `routes without an expected role (add them to EXPECTED in ${import.meta.url.split('/').pop()}): ${missing.join(', ')}`);
    assert.deepEqual(stale, [], `expected roles for routes that do not exist: ${stale.join(', ')}`);
  });

  it('guards every non-public route with requireRole of exactly its expected role', () => {
    const wrong = layers
      .filter((r) => EXPECTED[keyOf(r)] !== undefined && EXPECTED[keyOf(r)] !== 'public')
      .filter((r) => !r.guards.includes(EXPECTED[keyOf(r)]!) || r.guards.some((g) => g !== EXPECTED[keyOf(r)] && RANK[g as Role] > RANK[EXPECTED[keyOf(r)] as Role]))
      .map((r) => `${keyOf(r)} has [${r.guards.join(', ')}], expected requireRole('${EXPECTED[keyOf(r)]}')`);
    assert.deepEqual(wrong, []);
  });

  for (const route of routes) {
    const key = keyOf(route);
    it(`${key}`, async (t) => {
      const need = EXPECTED[key];
      if (!need) return t.skip('not in the table (reported above)');
      const { db, ids, params } = await world();
      const app = appFor(db, '0.0.0.0');
      const url = fill(route.path, params);
      for (const who of WHO) {
        const method = (route.method === 'ALL' ? 'get' : route.method.toLowerCase()) as 'get' | 'post' | 'put' | 'patch' | 'delete';
        let req = request(app)[method](url).set('Accept', 'application/json');
        if (who !== 'anonymous') {
          const s = sessionFor(db, ids[who]);
          req = req.set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf);
        }
        if (method !== 'get') req = req.send({});
        const res = await req;
        const refusal = expectedRefusal(need, who);
        const code = (res.body as { error?: { code?: string } })?.error?.code;
        const got = `${who}: ${route.method} ${url} → ${res.status} ${code ?? ''}`;
        if (refusal) {
          assert.equal(res.status, refusal.status, got);
          assert.equal(code, refusal.code, got);
        } else {
          assert.ok(res.status !== 401 && res.status !== 403 || code === 'invalid_credentials', `${got} (should be allowed)`);
        }
      }
    });
  }
});
