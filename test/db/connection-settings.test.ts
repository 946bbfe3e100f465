/**
 * The connection settings services and workers change through db/open.ts instead of writing
 * pragmas themselves: each is applied, and each temporary one is put back as it was.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  checkpointPassive, limitPageCache, openCheckpointConnection, openDb, pauseAutoCheckpoint, withBusyTimeout,
} from '../../db/open.ts';
import type { Db } from '../../db/open.ts';
import { tempDir } from '../helpers.ts';

/** Opens a database file in a temporary folder for the body, then closes it and removes the folder. */
function withFileDb(name: string, body: (db: Db) => void): void {
  const { dir, cleanup } = tempDir();
  const db = openDb(join(dir, name));
  try {
    body(db);
  } finally {
    db.close();
    cleanup();
  }
}

test('withBusyTimeout sets the timeout for the call only, also when the call throws', () => withFileDb('a.db', (db) => {
  const busy = () => db.pragma('busy_timeout', { simple: true }) as number;
  assert.equal(busy(), 5000);
  assert.equal(withBusyTimeout(db, 0, () => busy()), 0);
  assert.equal(busy(), 5000);
  assert.throws(() => withBusyTimeout(db, 20, () => {
    throw new Error('inside');
  }), /inside/);
  assert.equal(busy(), 5000);
}));

test('limitPageCache caps the cache in KiB; pauseAutoCheckpoint turns checkpoints off and back to what they were', () => withFileDb('b.db', (db) => {
  limitPageCache(db, 2000);
  assert.equal(db.pragma('cache_size', { simple: true }), -2000);
  db.pragma('wal_autocheckpoint = 500');
  const resume = pauseAutoCheckpoint(db);
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0);
  resume();
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 500);
}));

test('a checkpoint connection copies what another connection committed into the database file', () => {
  const { dir, cleanup } = tempDir();
  const file = join(dir, 'c.db');
  const writer = openDb(file);
  const resume = pauseAutoCheckpoint(writer);
  const checkpointer = openCheckpointConnection(file);
  try {
    writer.exec('CREATE TABLE t (x TEXT)');
    writer.prepare('INSERT INTO t VALUES (?)').run('kept');
    // NOOP reads the WAL's counters without copying anything
    const walFrames = () => (writer.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[])[0]!;
    const before = walFrames();
    assert.ok(before.log > 0 && before.checkpointed === 0, 'the writes wait in the WAL (automatic checkpoints are off)');
    checkpointPassive(checkpointer);
    const after = walFrames();
    assert.equal(after.checkpointed, after.log, 'every WAL frame was copied into the database file');
    assert.equal(checkpointer.prepare('SELECT x FROM t').pluck().get(), 'kept');
  } finally {
    resume();
    checkpointer.close();
    writer.close();
    cleanup();
  }
});
