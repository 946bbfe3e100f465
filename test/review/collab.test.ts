/** Two reviewers on one pair, through the HTTP API: own undo/redo, refusals naming who, conflicts, events. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { insertApiToken } from '../../db/tokens.ts';
import { insertUser } from '../../db/users.ts';
import { getPair } from '../../db/pairs.ts';
import { checkDatabase } from '../../db/doctor.ts';
import { hashToken, newApiToken } from '../../server/auth/tokens.ts';
import { reviewEvents, type PairEvent } from '../../server/services/review-events.ts';
import { applyReviewOp, StaleVersionError } from '../../server/services/review.ts';
import { openTestDb } from '../helpers.ts';
import { CTX, fiveRowPairDb } from './fixtures.ts';
import { fiveRowPairApp } from './api-helpers.ts';

type Link = { en: number[]; ko: number[]; status: string; crossed?: boolean; sentences: { status: string }[] };
type Api = { id: number; version: number; status: string; links: Link[]; undo: string | null; redo: string | null };
const rows = (b: Api) => b.links.map((l) => `${l.en.join(',') || '-'}/${l.ko.join(',') || '-'}${l.crossed ? 'x' : ''}`).join(' ');

function setup() {
  const { db, id } = fiveRowPairDb();
  const hash = { hash: 'x', salt: 'y' };
  const auth = new Map<string, { Authorization: string }>();
  insertUser(db, { name: 'boss', role: 'admin', password: hash });
  for (const name of ['mina', 'joon']) {
    const uid = insertUser(db, { name, role: 'reviewer', password: hash });
    const token = newApiToken();
    insertApiToken(db, uid, 'test', hashToken(token));
    auth.set(name, { Authorization: `Bearer ${token}` });
  }
  const app = createApp({ db });
  const get = async () => (await request(app).get(`/api/pairs/${id}`).set(auth.get('mina')!).expect(200)).body as Api;
  const op = async (who: string, body: Record<string, unknown>, status = 200) => {
    const { version } = await get();
    const res = await request(app).post(`/api/pairs/${id}/ops`).set(auth.get(who)!).send({ version, ...body });
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res;
  };
  return { db, id, app, get, op, mina: auth.get('mina')! };
}

test('each reviewer undoes and redoes their own operations', async () => {
  const { op, get } = setup();
  await op('mina', { op: 'confirm', link: 0 });
  await op('joon', { op: 'merge', link: 2 });
  await op('mina', { op: 'confirm', link: 1 });
  assert.equal(rows(await get()), '0/0 1/1 2,3/2,3 4/4');
  // mina's two undos take back her two confirms, never joon's merge
  await op('mina', { op: 'undo' });
  await op('mina', { op: 'undo' });
  let b = await get();
  assert.deepEqual(b.links.map((l) => l.status), ['auto', 'auto', 'auto', 'auto']);
  assert.equal(rows(b), '0/0 1/1 2,3/2,3 4/4');
  const none = await op('mina', { op: 'undo' }, 422);
  assert.equal(none.body.error.code, 'nothing_to_undo');
  await op('mina', { op: 'redo' });
  b = await get();
  assert.equal(b.links[0]!.status, 'confirmed');
  // joon's undo takes back his merge though mina acted after it
  await op('joon', { op: 'undo' });
  assert.equal(rows(await get()), '0/0 1/1 2/2 3/3 4/4');
});

test('an undo that another reviewer\'s later operation depends on is refused, naming who and what', async () => {
  const { op, get } = setup();
  await op('mina', { op: 'merge', link: 1 });
  await op('joon', { op: 'confirm', link: 1 });
  const before = await get();
  const res = await op('mina', { op: 'undo' }, 409);
  assert.match(res.body.error.message, /joon/);
  assert.match(res.body.error.message, /confirmed row 2/);
  assert.equal((await get()).version, before.version, 'nothing changed');
  // once joon undoes his confirm, mina's undo goes through
  await op('joon', { op: 'undo' });
  await op('mina', { op: 'undo' });
  assert.equal(rows(await get()), '0/0 1/1 2/2 3/3 4/4');
});

test('local mode behaves as one user: undo steps through every operation', async () => {
  const { id, app, get } = fiveRowPairApp<Api>();
  for (const body of [{ op: 'confirm', link: 0 }, { op: 'merge', link: 2 }, { op: 'undo' }, { op: 'undo' }]) {
    await request(app).post(`/api/pairs/${id}/ops`).send({ version: (await get()).version, ...body }).expect(200);
  }
  const b = await get();
  assert.equal(rows(b), '0/0 1/1 2/2 3/3 4/4');
  assert.equal(b.links[0]!.status, 'auto');
});

test('a stale text edit is refused with the other version beside the typed text and a request to save it on top', async () => {
  const { db, id, op, app, get, mina } = setup();
  const { version } = await get();
  await op('joon', { op: 'edit-text', side: 'en', paragraph: 2, text: 'Children may borrow six books at a time.' });
  const typed = 'Children can borrow up to five books at once.';
  const res = await request(app).post(`/api/pairs/${id}/ops`).set(mina).send({ op: 'edit-text', side: 'en', paragraph: 2, text: typed, version });
  assert.equal(res.status, 409);
  assert.equal(res.body.error.code, 'stale_version');
  // the service's error carries the conflict the route passes on
  try {
    applyReviewOp(db, id, { op: 'edit-text', side: 'en', paragraph: 2, text: typed }, version, 'mina', CTX);
    assert.fail('expected a stale version');
  } catch (e) {
    assert.ok(e instanceof StaleVersionError);
    assert.equal(e.conflict?.theirs, 'Children may borrow six books at a time.');
    assert.equal(e.conflict?.yours, typed);
    assert.equal(e.conflict?.resend.version, (await get()).version);
    // "save on top": resend as given
    await request(app).post(`/api/pairs/${id}/ops`).set(mina).send(e.conflict.resend).expect(200);
  }
  assert.equal(getPair(db, id)!.en.paragraphs[2]!.text, typed);
});

test('every committed operation is published to the pair\'s listeners with who, what and the changed rows', async () => {
  const { db, id, op } = setup();
  const hub = reviewEvents(db);
  const seen: PairEvent[] = [];
  const stop = hub.subscribe(id, (e) => seen.push(e))!;
  await op('mina', { op: 'confirm', link: 3 });
  await op('joon', { op: 'merge', link: 0 });
  await op('mina', { op: 'confirm-at-least', confidence: 0.5, dryRun: true });
  await op('mina', { op: 'undo' });
  assert.deepEqual(seen.map((e) => [e.by, e.op, e.changed.rows]), [['mina', 'confirm', [3]], ['joon', 'merge', [0]], ['mina', 'undo', [2]]]);
  // the window the other screens redraw: the two merged rows and the one after (which may now render differently)
  assert.deepEqual({ ...seen[1]!.changed, rows: undefined }, { start: 0, removed: 3, inserted: 2, rows: undefined });
  stop();
  stop();
  assert.equal(hub.listenerCount(id), 0);
  await op('mina', { op: 'confirm', link: 0 });
  assert.equal(seen.length, 3, 'no event after unsubscribing');
});

test('presence and listener bounds', () => {
  const db = openTestDb();
  const hub = reviewEvents(db);
  hub.join(1, 'mina', 'a');
  hub.join(1, 'mina', 'b');
  hub.join(1, 'joon', 'c');
  assert.deepEqual(hub.present(1), ['joon', 'mina']);
  hub.leave(1, 'a');
  assert.deepEqual(hub.present(1), ['joon', 'mina']);
  hub.leave(1, 'b');
  hub.leave(1, 'c');
  assert.deepEqual(hub.present(1), []);
  const stops = [];
  for (let k = 0; k < 64; k++) stops.push(hub.subscribe(7, () => {}));
  assert.ok(stops.every((s) => s !== null));
  assert.equal(hub.subscribe(7, () => {}), null, 'the 65th listener of one pair is refused');
  stops.forEach((s) => s?.());
  assert.equal(hub.listenerCount(), 0);
});

test('confirm-at-least counts first (dry run) and confirms in one undo step', async () => {
  const { op, get } = setup();
  const v = (await get()).version;
  const dry = await op('mina', { op: 'confirm-at-least', confidence: 0.7, dryRun: true });
  assert.equal((await get()).version, v, 'a dry run writes nothing');
  assert.deepEqual(dry.body.dryRun, { count: 3, rows: [0, 1, 2] });
  await op('mina', { op: 'confirm-at-least', confidence: 0.7 });
  let b = await get();
  assert.deepEqual(b.links.map((l) => l.status), ['confirmed', 'confirmed', 'confirmed', 'auto', 'auto']);
  assert.ok(b.links[1]!.sentences.every((s) => s.status === 'confirmed'));
  await op('mina', { op: 'undo' });
  b = await get();
  assert.ok(b.links.every((l) => l.status === 'auto'));
});

test('confirming every row makes the pair reviewed only with its sentence links; reject is stored', async () => {
  const { op, get } = setup();
  await op('mina', { op: 'reject', link: 2, sentence: 0 });
  assert.equal((await get()).links[2]!.sentences[0]!.status, 'rejected');
  await op('mina', { op: 'confirm-up-to', link: 4 });
  assert.equal((await get()).status, 'in_review', 'a rejected sentence link keeps the pair from reviewed');
  await op('mina', { op: 'unreject', link: 2, sentence: 0 });
  await op('mina', { op: 'confirm', link: 2, sentence: 0 });
  const b = await get();
  assert.equal(b.status, 'reviewed');
  await op('mina', { op: 'reject', link: 1 }, 422);
});

test('a crossed link through the API: listed at its English place, stored, accepted by doctor, undone in one step', async () => {
  const { db, id, op, get } = setup();
  await op('mina', { op: 'split', link: 3 });
  await op('mina', { op: 'split', link: 1 });
  assert.equal(rows(await get()), '0/0 1/- -/1 2/2 3/- -/3 4/4');
  await op('mina', { op: 'link', level: 'paragraph', en: [1], ko: [3] });
  const b = await get();
  assert.equal(rows(b), '0/0 1/3x -/1 2/2 3/- 4/4');
  assert.equal(b.links.filter((l) => l.ko.includes(3)).length, 1, 'Korean 4 is no longer a one-sided row');
  assert.deepEqual(getPair(db, id)!.links[1]!.crossed, true, 'read back from the database');
  assert.deepEqual(checkDatabase(db).problems.filter((p) => p.check === 'links'), []);
  await op('mina', { op: 'realign-rest' });
  assert.ok(rows(await get()).includes('1/3x'), 'realign rest keeps it');
  await op('mina', { op: 'undo' });
  await op('mina', { op: 'undo' });
  assert.equal(rows(await get()), '0/0 1/- -/1 2/2 3/- -/3 4/4');
  assert.deepEqual(checkDatabase(db).problems.filter((p) => p.check === 'links'), []);
});

test('exports carry a crossed link as an ordinary unit, at paragraph and sentence level', async () => {
  const { iterateExportUnits, DEFAULT_EXPORT_FILTER } = await import('../../db/export.ts');
  const { db, op } = setup();
  await op('mina', { op: 'split', link: 3 });
  await op('mina', { op: 'split', link: 1 });
  await op('mina', { op: 'link', level: 'paragraph', en: [1], ko: [3] });
  await op('mina', { op: 'confirm-up-to', link: 5 });
  const paragraphs = [...iterateExportUnits(db, { ...DEFAULT_EXPORT_FILTER, level: 'paragraph' })];
  const crossed = paragraphs.find((u) => u.enText.startsWith('The town of Mokpo-ri'));
  assert.ok(crossed, 'the crossed unit is exported');
  assert.equal(crossed.koText, '배는 1억2000만원이 들었다. 부산에서 만들었다.');
  assert.equal(crossed.linkType, '1:1');
  const sentences = [...iterateExportUnits(db, DEFAULT_EXPORT_FILTER)];
  assert.ok(sentences.some((u) => u.enText.includes('It holds 4,000 books.') && u.koText.includes('부산에서 만들었다.')));
});
