/**
 * bench:auth — what accounts cost.
 *  - scrypt: time to hash one password at N = 2^14 (Node's default cost, the baseline) up to 2^17
 *    (jjak's cost), r = 8, p = 1. This is the price of each login and of each failed guess.
 *  - per request: the pair list as JSON (GET / with Accept: application/json, empty database) over
 *    loopback, in local mode (no credential: the baseline), with a session cookie and with an API
 *    token (one indexed lookup each, the token also its throttled last-use write). Median and p95.
 */
import type { AddressInfo } from 'node:net';
import { scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../db/open.ts';
import { createSession } from '../db/sessions.ts';
import { insertApiToken } from '../db/tokens.ts';
import { insertUser } from '../db/users.ts';
import { createApp } from '../server/app.ts';
import { hashPassword } from '../server/auth/password.ts';
import { hashToken, newApiToken, newSessionToken } from '../server/auth/tokens.ts';
import { loadConfig } from '../server/config.ts';

const RUNS = 500;
const ms = (t: number) => `${t.toFixed(2)} ms`;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

console.log('scrypt, one hash (r=8, p=1):');
for (const exp of [14, 15, 16, 17]) {
  const N = 2 ** exp;
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    scryptSync('a passphrase of some length', 'sixteen byte salt', 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
    times.push(performance.now() - t);
  }
  console.log(`  N=2^${exp}${exp === 14 ? ' (baseline: Node default)' : exp === 17 ? ' (jjak)' : ''}: median ${ms(quantile(times, 0.5))}, ${128 * N * 8 / 2 ** 20} MiB`);
}

const dir = mkdtempSync(join(tmpdir(), 'jjak-bench-auth-'));
try {
  const db = openDb(join(dir, 'bench.db'));
  const local = createApp({ db, config: { ...loadConfig({}), host: '127.0.0.1' } });
  const serve = (app: ReturnType<typeof createApp>) => new Promise<{ base: string; close: () => void }>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve({
      base: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, close: () => { s.close(); s.closeAllConnections(); },
    }));
  });
  const run = async (base: string, headers: Record<string, string>) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS + 50; i++) {
      const t = performance.now();
      const res = await fetch(`${base}/`, { headers: { Accept: 'application/json', ...headers } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      if (i >= 50) times.push(performance.now() - t); // first 50 warm up
    }
    return `median ${ms(quantile(times, 0.5))}, p95 ${ms(quantile(times, 0.95))}`;
  };

  const a = await serve(local);
  console.log(`GET / (JSON), ${RUNS} sequential requests over loopback:`);
  console.log(`  local mode (baseline): ${await run(a.base, {})}`);
  a.close();

  const userId = insertUser(db, { name: 'bench', role: 'admin', password: await hashPassword('bench password', { N: 1024, r: 8, p: 1 }) });
  const session = newSessionToken();
  createSession(db, userId, hashToken(session));
  const token = newApiToken();
  insertApiToken(db, userId, 'bench', hashToken(token));
  const b = await serve(createApp({ db, config: { ...loadConfig({}), host: '0.0.0.0' } }));
  console.log(`  session cookie:        ${await run(b.base, { Cookie: `jjak_session=${session}` })}`);
  console.log(`  API token:             ${await run(b.base, { Authorization: `Bearer ${token}` })}`);
  b.close();
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
