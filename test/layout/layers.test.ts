/**
 * Layers point one way (README, Development): the pure cores at the bottom, db/ above them holding
 * all SQL, services above db, routes and CLI commands on top. A file may import from its own layer
 * or any below it; an import upward fails here. Type-only imports count too: they tie the lower
 * layer's code to the upper one's shapes just the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Layer of a source file (path relative to the repository): 0 pure cores, 1 db, 2 services,
 * 3 routes and commands. Review and search code count as services: db/ imports nothing of theirs.
 */
function layerOf(path: string): number {
  if (path.startsWith('db/')) return 1;
  if (path.startsWith('server/search/')) return 0; // the search form and query parsing are pure
  if (/^server\/(services|export|workers|review)\//.test(path)) return 2;
  if (/^server\/(routes|commands|middleware)\//.test(path) || /^server\/(app|cli|http)\.ts$/.test(path)) return 3;
  // align, import, segment, charts, auth, model.ts, errors.ts, config.ts
  return 0;
}
const LAYER_NAMES = ['pure core', 'db', 'service', 'route/command'];

/**
 * Upward imports that exist today, each to be removed by issue 15's layer work; a new one fails.
 * TODO(#15): move what these files need down a layer, then delete the entry (the test says when one is stale).
 */
const KNOWN_UPWARD = new Set([
  'db/review.ts -> server/review/patch.ts',
  'db/review.ts -> server/review/state.ts',
  'server/charts/dashboard.ts -> db/stats.ts',
  'server/export/import-jsonl.ts -> server/commands/import.ts',
  'server/services/import-job.ts -> server/commands/import.ts',
  'server/services/import-job.ts -> server/commands/types.ts',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/** Relative module specifiers of a file: static imports and re-exports (type-only too) and dynamic import(). */
function relativeImports(source: string): string[] {
  const found: string[] = [];
  const re = /\b(?:import|export)\s[^;]*?\bfrom\s*'(\.{1,2}\/[^']+)'|\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;
  for (const m of source.matchAll(re)) found.push((m[1] ?? m[2])!);
  return found;
}

test('the layer rule reads imports of every kind', () => {
  const src = "import a from './a.ts';\nimport type { B } from '../b.ts';\nexport { c } from './c.ts';\nconst d = await import('../x/d.ts');\nimport {\n  e,\n} from './e.ts';";
  assert.deepEqual(relativeImports(src), ['./a.ts', '../b.ts', './c.ts', '../x/d.ts', './e.ts']);
  assert.deepEqual(['server/align/dp.ts', 'db/pairs.ts', 'server/services/demo.ts', 'server/routes/pairs.ts', 'server/cli.ts'].map(layerOf), [0, 1, 2, 3, 3]);
});

test('no file imports from a layer above its own (pure cores < db < services < routes and commands)', () => {
  const upward: string[] = [];
  for (const file of [...sourceFiles('server'), ...sourceFiles('db')]) {
    for (const spec of relativeImports(readFileSync(join(ROOT, file), 'utf8'))) {
      const target = relative(ROOT, normalize(join(ROOT, dirname(file), spec))).split('\\').join('/');
      if (layerOf(target) > layerOf(file)) upward.push(`${file} -> ${target}`);
    }
  }
  const fresh = upward.filter((u) => !KNOWN_UPWARD.has(u));
  assert.deepEqual(fresh, [], `imports upward (${fresh.map((u) => {
    const [from, to] = u.split(' -> ') as [string, string];
    return `a ${LAYER_NAMES[layerOf(from)]} importing a ${LAYER_NAMES[layerOf(to)]}: ${u}`;
  }).join('; ')}): move the shared code down a layer`);
  const stale = [...KNOWN_UPWARD].filter((k) => !upward.includes(k));
  assert.deepEqual(stale, [], 'these known exceptions are gone: delete them from KNOWN_UPWARD');
});
