import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDatabase } from '../../db/doctor.ts';
import { getPair } from '../../db/pairs.ts';
import { applyReviewOp } from '../../server/services/review.ts';
import { openTestDb } from '../helpers.ts';
import { CTX, insertFiveRowPair } from '../review/fixtures.ts';

const linkProblems = (db: ReturnType<typeof openTestDb>) => checkDatabase(db).problems.filter((p) => p.check === 'links').map((p) => p.message);

function crossedPair() {
  const db = openTestDb();
  const id = insertFiveRowPair(db);
  const op = (o: Parameters<typeof applyReviewOp>[2]) => applyReviewOp(db, id, o, getPair(db, id)!.version, 'mina', CTX);
  op({ op: 'split', link: 3 });
  op({ op: 'split', link: 1 });
  op({ op: 'link', level: 'paragraph', en: [1], ko: [3] });
  return { db, id };
}

test('doctor accepts a crossed link and the sentence links inside it', () => {
  const { db, id } = crossedPair();
  assert.equal(getPair(db, id)!.links[1]!.crossed, true);
  assert.deepEqual(linkProblems(db), []);
});

test('doctor still finds a Korean paragraph held by a crossed link and by an in-order one', () => {
  const { db, id } = crossedPair();
  // the one-sided row of Korean 4 put back without dissolving the crossed link
  db.prepare("UPDATE links SET ko_start = 3, ko_end = 4 WHERE pair_id = ? AND level = 'paragraph' AND position = 4").run(id);
  assert.ok(linkProblems(db).length > 0);
});

test('doctor finds a crossed flag on a one-sided paragraph link', () => {
  const { db, id } = crossedPair();
  db.prepare("UPDATE links SET crossed = 1 WHERE pair_id = ? AND level = 'paragraph' AND position = 0").run(id);
  db.prepare("UPDATE links SET crossed = 1 WHERE pair_id = ? AND level = 'paragraph' AND position = 2").run(id);
  assert.ok(linkProblems(db).some((m) => /crossed paragraph link 2 .* is one-sided/.test(m)), linkProblems(db).join('\n'));
});
