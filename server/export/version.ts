import { readFileSync } from 'node:fs';

let cached: string | null = null;

/** jjak's version from package.json (the creationtoolversion of TMX and the XLIFF tool version). */
export function jjakVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
