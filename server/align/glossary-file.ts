/**
 * The one file the aligner reads: its own glossary (glossary.txt), which ships beside this module
 * (and is linked beside the build in dist/). It is data of the library, read once like a module
 * import, never a user's file; everything else in server/align/ stays free of I/O.
 */
import { readFileSync } from 'node:fs';

/** Where the news glossary lives. */
export const NEWS_GLOSSARY_URL = new URL('./glossary.txt', import.meta.url);

/** The news glossary's text. */
export function readNewsGlossary(): string {
  return readFileSync(NEWS_GLOSSARY_URL, 'utf8');
}
