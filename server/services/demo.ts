import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/open.ts';
import { importTexts } from './import-pair.ts';

const DEMO_DIR = fileURLToPath(new URL('../../db/demo/', import.meta.url));

/** Loads the invented demo pairs (db/demo/NN-slug.en.txt + .ko.txt); returns how many were added. */
export function loadDemoData(db: Db, dir: string = DEMO_DIR): number {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return 0;
  }
  let added = 0;
  for (const en of files.filter((f) => f.endsWith('.en.txt')).sort()) {
    const ko = en.replace(/\.en\.txt$/, '.ko.txt');
    if (!files.includes(ko)) continue;
    importTexts(db, {
      en: readFileSync(`${dir}${en}`, 'utf8'), ko: readFileSync(`${dir}${ko}`, 'utf8'), format: 'hani',
    }, { user: 'system', via: 'cli' });
    added++;
  }
  return added;
}
