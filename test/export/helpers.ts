import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { Db } from '../../db/open.ts';
import { runCli } from '../cli-helpers.ts';
import { openTestDb, tempDir } from '../helpers.ts';
import { buildExportCorpus } from './corpus.ts';

export const FIXTURES = new URL('../fixtures/export/', import.meta.url);
/** The fixed creation date of every golden export. */
export const GOLDEN_DATE = '2024-05-01T00:00:00Z';

/** Runs `jjak export` into a temporary folder and returns the bytes of each file it wrote. */
export async function exportFiles(db: Db, args: string[], names: string[] = ['']): Promise<Buffer[]> {
  const { dir, cleanup } = tempDir();
  try {
    const out = join(dir, 'out');
    const r = await runCli(['export', ...args, '--out', out], { db });
    assert.equal(r.code, 0, r.stderr);
    return names.map((suffix) => readFileSync(out + suffix));
  } finally {
    cleanup();
  }
}

/**
 * Compares bytes with a golden file in test/fixtures/export/. With JJAK_UPDATE_GOLDEN=1 the file
 * is rewritten instead (then review the diff before committing).
 */
export function assertGolden(name: string, actual: Buffer): void {
  const url = new URL(name, FIXTURES);
  if (process.env['JJAK_UPDATE_GOLDEN'] === '1') writeFileSync(url, actual);
  const expected = readFileSync(url);
  if (!expected.equals(actual)) {
    assert.equal(actual.toString('utf8'), expected.toString('utf8'), `${name} differs from its golden file`);
    assert.fail(`${name} differs from its golden file (bytes)`);
  }
}

/** Every link, rejected and one-sided ones too: what a full round trip must carry. */
export const FULL_EXPORT = ['--status', 'all,rejected', '--include-one-sided'];

/** Runs `jjak export --format jsonl` at a level into `out` and returns that path. */
export async function exportJsonl(db: Db, out: string, level: string, extra: readonly string[] = FULL_EXPORT): Promise<string> {
  const r = await runCli(['export', '--format', 'jsonl', '--level', level, ...extra, '--out', out], { db });
  assert.equal(r.code, 0, r.stderr);
  return out;
}

/** Runs `jjak import --jsonl` of a file into a database without aligning anything. */
export function importJsonl(db: Db, path: string): ReturnType<typeof runCli> {
  return runCli(['import', '--jsonl', path, '--quiet', '--no-align'], { db });
}

/** Gives a test a fresh database holding the export corpus and a temporary folder removed after it. */
export async function withCorpus(body: (source: Db, dir: string) => Promise<void>): Promise<void> {
  const { dir, cleanup } = tempDir();
  try {
    const source = openTestDb();
    buildExportCorpus(source);
    await body(source, dir);
  } finally {
    cleanup();
  }
}

/** Writes bytes to a file in a temporary folder, hands its path to `read` and removes the folder after. */
export function withTempFile<T>(name: string, bytes: Buffer, read: (path: string) => T): T {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return read(path);
  } finally {
    cleanup();
  }
}
