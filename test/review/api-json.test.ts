import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { getPair } from '../../db/pairs.ts';
import { applyReviewOp, readReviewPair, type ReviewRequest } from '../../server/services/review.ts';
import { apiJson } from '../../server/review/api-json.ts';
import { apiShape } from '../../server/review/view-model.ts';
import { CTX, fiveRowPairDb } from './fixtures.ts';

const deps = { segment: CTX.segment, realign: CTX.realign };

test('apiJson gives the bytes of JSON.stringify(apiShape) after every kind of operation, reusing cached rows', () => {
  const { db, id } = fiveRowPairDb();
  const history = { undo: 'merged "x"', redo: null };
  const check = (label: string) => {
    const pair = readReviewPair(db, id)!.pair;
    assert.equal(apiJson(pair, history).toString('utf8'), JSON.stringify(apiShape(pair, history)), label);
    assert.equal(apiJson(pair, history, { applied: 'ok' }).toString('utf8'), JSON.stringify({ ...apiShape(pair, history), applied: 'ok' }), label);
    // the cache must not hide a change: a fresh read (new objects) gives the same bytes
    const fresh = getPair(db, id)!;
    assert.equal(apiJson(fresh, history).toString('utf8'), JSON.stringify(apiShape(pair, history)), `${label} (fresh read)`);
  };
  check('initial');
  const ops: ReviewRequest[] = [
    { op: 'confirm', link: 1 }, { op: 'unconfirm', link: 1 }, { op: 'merge', link: 2 }, { op: 'undo' }, { op: 'redo' },
    { op: 'split', link: 2 }, { op: 'move', link: 1, side: 'ko', dir: 'down' }, { op: 'undo' },
    { op: 'edit-text', side: 'en', paragraph: 2, text: 'Children may borrow "five" books — at once. 어린이도.' },
    { op: 'split-paragraph', side: 'ko', paragraph: 1, at: 3 }, { op: 'undo' }, { op: 'confirm-up-to', link: 2 },
  ];
  for (const op of ops) {
    const v = readReviewPair(db, id)!.pair.version;
    applyReviewOp(db, id, op, v, 'mina', deps);
    check(op.op);
  }
});

test('POST /api/pairs/:id/ops answers JSON with the right type and length', async () => {
  const { db, id } = fiveRowPairDb();
  const app = createApp({ db });
  const got = await request(app).get(`/api/pairs/${id}`).expect(200);
  assert.match(String(got.headers['content-type']), /^application\/json; charset=utf-8$/);
  const res = await request(app).post(`/api/pairs/${id}/ops`).send({ version: got.body.version, op: 'confirm', link: 0 }).expect(200);
  assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8$/);
  assert.equal(Number(res.headers['content-length']), Buffer.byteLength(res.text));
  assert.equal(res.body.version, got.body.version + 1);
  assert.equal(res.body.links[0].status, 'confirmed');
  assert.equal(res.body.applied.length > 0, true);
});
