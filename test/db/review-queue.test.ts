import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextInQueue, reviewQueue } from '../../db/review.ts';
import { applyReviewOp } from '../../server/services/review.ts';
import { getPair } from '../../db/pairs.ts';
import { openTestDb } from '../helpers.ts';
import { CTX, insertFiveRowPair } from '../review/fixtures.ts';

function fourPairs() {
  const db = openTestDb();
  const ids = ['a', 'b', 'c', 'd'].map((s) => insertFiveRowPair(db, ` ${s}`));
  return { db, ids };
}

test('next pair is the next one after the current in queue order, wrapping only at the end', () => {
  const { db, ids } = fourPairs();
  const order = reviewQueue(db, { limit: 10, offset: 0 }).map((q) => q.id);
  assert.deepEqual(order, ids, 'equal confidence: queue order is id order');
  assert.equal(nextInQueue(db, ids[1]!), ids[2], 'after the current, not the first of the queue');
  assert.equal(nextInQueue(db, ids[3]!), ids[0], 'wraps at the end');
});

test('next pair never goes back to a pair skipped in this session, so two pairs cannot bounce', () => {
  const { db, ids } = fourPairs();
  const [a, b, c, d] = ids as [number, number, number, number];
  assert.equal(nextInQueue(db, b, [a, b]), c);
  assert.equal(nextInQueue(db, c, [a, b, c]), d);
  assert.equal(nextInQueue(db, d, [a, b, c, d]), null, 'every other pair skipped: none left');
  assert.equal(nextInQueue(db, d, [b, c]), a, 'wraps to the first one not skipped');
});

test('a reviewed pair (every paragraph and sentence link confirmed) leaves the queue', () => {
  const { db, ids } = fourPairs();
  const [a, b, c] = ids as [number, number, number, number];
  const v = getPair(db, b)!.version;
  applyReviewOp(db, b, { op: 'confirm-up-to', link: 4 }, v, 'mina', CTX);
  assert.equal(getPair(db, b)!.status, 'reviewed');
  assert.equal(nextInQueue(db, a), c, 'the reviewed pair is passed over');
  assert.equal(nextInQueue(db, b), c, 'from a just-finished pair, the next after its place');
});
