import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { checkDatabase } from '../../db/doctor.ts';
import { openDb } from '../../db/open.ts';
import { countPairs, getPair, insertPair } from '../../db/pairs.ts';
import { migrate } from '../../db/migrate.ts';
import { migrationsBefore15 } from '../db/migration-history.ts';
import { doc, inTempDir } from '../helpers.ts';
import { runCli } from '../cli-helpers.ts';
import { pairsInFile, writeAlignedPairs } from './fixtures.ts';

const FIXTURES = new URL('./fixtures.ts', import.meta.url).href;
const OPEN = new URL('../../db/open.ts', import.meta.url).href;
/** The writer process: stores pairs in a loop, prints "started" then its count when stdin says stop. */
const WRITER = `
const { openDb } = await import(${JSON.stringify(OPEN)});
const { storeAlignedPair } = await import(${JSON.stringify(FIXTURES)});
const db = openDb(process.argv[1]);
let n = 0, stop = false;
process.stdin.on('data', () => { stop = true; });
storeAlignedPair(db, 5000 + n++);
process.stdout.write('started\\n');
while (!stop) { storeAlignedPair(db, 5000 + n++); await new Promise((r) => setImmediate(r)); }
db.close();
process.stdout.write(n + '\\n');
`;

describe('jjak backup', () => {
  it('makes a consistent copy while another process keeps writing', async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, 'live.db');
      writeAlignedPairs(path, Array.from({ length: 40 }, (_, i) => i));
      // A second process adds pairs without pause until it is told to stop.
      const writer = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', WRITER, path], { stdio: ['pipe', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => writer.stdout.once('data', () => resolve()));
      const r = await runCli(['backup', join(dir, 'copy.db'), '--db', path]);
      writer.stdin.end('stop\n');
      const written = Number(await new Promise<string>((resolve) => {
        let out = '';
        writer.stdout.on('data', (d: Buffer) => { out += d.toString(); });
        writer.on('close', () => resolve(out.trim().split('\n').pop() ?? '0'));
      }));
      assert.equal(r.code, 0, r.stderr);
      const copy = new Database(join(dir, 'copy.db'), { readonly: true });
      assert.deepEqual(checkDatabase(copy).problems, []);
      const copied = countPairs(copy);
      copy.close();
      assert.ok(written > 0, 'the writer wrote');
      assert.ok(copied >= 41 && copied <= 40 + written, `copied ${copied} of 40 + ${written}`);
      assert.match(r.stdout, new RegExp(`backed up ${copied} pairs`));
    });
  });

  it('refuses to overwrite an existing file without --force', async () => {
    await inTempDir(async (dir) => {
      const db = openDb(join(dir, 'a.db'));
      db.close();
      writeFileSync(join(dir, 'taken.db'), 'keep me');
      const r = await runCli(['backup', join(dir, 'taken.db'), '--db', join(dir, 'a.db')]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /already exists/);
    });
  });
});

describe('jjak restore', () => {
  it('refuses to overwrite a newer database, saying what it compared, and restores with --force', async () => {
    await inTempDir(async (dir) => {
      const live = join(dir, 'live.db');
      const backup = join(dir, 'backup.db');
      writeAlignedPairs(live, [1, 2]);
      assert.equal((await runCli(['backup', backup, '--db', live])).code, 0);
      writeAlignedPairs(live, [3]); // a change the backup lacks

      const refused = await runCli(['restore', backup, '--db', live]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /refusing: .* is newer than the backup/);
      assert.match(refused.stderr, /database: newest change .*change log #\d+, 3 pairs/);
      assert.match(refused.stderr, /backup: {3}newest change .*2 pairs/);
      assert.match(refused.stderr, /--force/);
      assert.equal(pairsInFile(live), 3, 'nothing changed');

      const forced = await runCli(['restore', backup, '--db', live, '--force']);
      assert.equal(forced.code, 0, forced.stderr);
      const db = openDb(live);
      assert.equal(countPairs(db), 2);
      assert.deepEqual(checkDatabase(db).problems, []);
      db.close();
    });
  });

  it('restores over an older database without --force', async () => {
    await inTempDir(async (dir) => {
      const live = join(dir, 'live.db');
      const old = join(dir, 'old.db');
      writeAlignedPairs(old, [1]);
      await new Promise((r) => setTimeout(r, 5));
      writeAlignedPairs(live, [1, 2]);
      // live is the newer one: restoring live over old needs no --force.
      const r = await runCli(['restore', live, '--db', old]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(pairsInFile(old), 2);
    });
  });

  it('restores a backup made before the links table had its name (migration 016), links and all', async () => {
    await inTempDir(async (dir) => {
      const backup = join(dir, 'before-016.db');
      const live = join(dir, 'live.db');
      const old = new Database(backup);
      old.pragma('foreign_keys = ON');
      // As jjak 015 made it, triggers and all (they are in db/triggers.sql since).
      migrate(old, migrationsBefore15().filter((m) => m.version <= 15));
      const id = insertPair(old, doc('en', [['title', 'Tide mill reopens'], ['body', 'It grinds rye again.']]), doc('ko', [['title', '조력 방앗간 재개'], ['body', '다시 호밀을 빻는다.']]));
      const put = old.prepare(`INSERT INTO beads (pair_id, level, position, en_start, en_end, ko_start, ko_end, status)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'confirmed')`);
      for (const level of ['paragraph', 'sentence']) for (const k of [0, 1]) put.run(id, level, k, k, k + 1, k, k + 1);
      old.close();
      openDb(live).close();
      const r = await runCli(['restore', backup, '--db', live, '--force']);
      assert.equal(r.code, 0, r.stderr);
      const db = openDb(live);
      try {
        const pair = getPair(db, id)!;
        assert.deepEqual(pair.links.map((l) => [l.en, l.ko, l.status, l.sentences.length]), [[[0], [0], 'confirmed', 1], [[1], [1], 'confirmed', 1]]);
        assert.deepEqual(checkDatabase(db).problems, []);
      } finally {
        db.close();
      }
    });
  });

  it('refuses a file that is not a jjak database, even with --force', async () => {
    await inTempDir(async (dir) => {
      const live = join(dir, 'live.db');
      openDb(live).close();
      writeFileSync(join(dir, 'notes.txt'), 'not a database at all, just some words to fill a page');
      const other = new Database(join(dir, 'other.db'));
      other.exec('CREATE TABLE t (x)');
      other.close();
      const text = await runCli(['restore', join(dir, 'notes.txt'), '--db', live, '--force']);
      assert.equal(text.code, 1);
      assert.match(text.stderr, /is not an SQLite database \(file is not a database\); nothing was changed/);
      const sqlite = await runCli(['restore', join(dir, 'other.db'), '--db', live, '--force']);
      assert.equal(sqlite.code, 1);
      assert.match(sqlite.stderr, /not a jjak one \(no schema_migrations, articles, pairs, links, change_log table\)/);
    });
  });
});
