import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { Db } from '../../db/open.ts';
import { runCli } from '../cli-helpers.ts';
import { tempDir } from '../helpers.ts';

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
