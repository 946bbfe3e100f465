import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb } from '../helpers.ts';
import { getPair } from '../../db/pairs.ts';
import type { Db } from '../../db/open.ts';
import { startBrowser } from './browser.ts';
import { PASSWORD, seedPair, seedUsers } from '../auth/helpers.ts';

describe('logging in and out in a real browser', () => {
  let browser: Awaited<ReturnType<typeof startBrowser>>;
  let db: Db;
  let pairId = 0;

  before(async () => {
    db = openTestDb();
    pairId = seedPair(db);
    await seedUsers(db);
    browser = await startBrowser(db);
  });

  after(async () => {
    await browser?.close();
  });

  const login = async (name: string, password = PASSWORD) => {
    const { page } = browser;
    await page.fill('input[name="name"]', name);
    await page.fill('input[name="password"]', password);
    await Promise.all([page.waitForLoadState('load'), page.click('form.auth-form button[type="submit"]')]);
  };

  it('sends a visitor to the login page and back to where they were going', async () => {
    const { page, base } = browser;
    await page.goto(`${base}/pairs/${pairId}`);
    assert.equal(new URL(page.url()).pathname, '/login');
    await login('ada', 'not the password');
    assert.match(await page.textContent('.error') ?? '', /Wrong name or password/);
    await login('ada');
    assert.equal(new URL(page.url()).pathname, `/pairs/${pairId}`);
    assert.match(await page.textContent('header .user') ?? '', /ada\s*\(admin\)/);
  });

  it('an admin deletes the pair from its page, with the confirmation ticked', async () => {
    const { page, base } = browser;
    await page.goto(`${base}/pairs/${pairId}`);
    await page.click('details.danger-zone summary');
    await page.check('details.danger-zone input[name="confirm"]');
    await Promise.all([page.waitForURL(`${base}/`), page.click('details.danger-zone button[type="submit"]')]);
    assert.equal(getPair(db, pairId), null);
  });

  it('logging out ends the session: the next page asks for a login again', async () => {
    const { page, base } = browser;
    await Promise.all([page.waitForURL(`${base}/login`), page.click('header form.logout button')]);
    await page.goto(`${base}/`);
    assert.equal(new URL(page.url()).pathname, '/login');
  });

  it('a reader sees no delete form, no Users link, and gets 403 on /admin/users', async () => {
    const { page, base } = browser;
    const other = seedPair(db, 'B');
    await page.goto(`${base}/login`);
    await login('reo');
    await page.goto(`${base}/pairs/${other}`);
    assert.equal(await page.locator('details.danger-zone').count(), 0);
    assert.equal(await page.locator('header a[href="/admin/users"]').count(), 0);
    const res = await page.goto(`${base}/admin/users`);
    assert.equal(res?.status(), 403);
  });
});
