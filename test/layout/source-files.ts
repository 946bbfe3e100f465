/** The repository's TypeScript sources, for the tests that read the tree's layout. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, with a trailing separator. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every .ts file below `dir` (relative to the root), as root-relative paths with forward slashes. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}
