/**
 * Layers point one way (README, Development): the pure cores at the bottom, db/ above them holding
 * all SQL, services above db, routes and CLI commands on top. A file may import from its own layer
 * or any below it; an import upward fails here. Type-only imports count too: they tie the lower
 * layer's code to the upper one's shapes just the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { ROOT, sourceFiles } from './source-files.ts';

/**
 * Layer of a source file (path relative to the repository): 0 pure cores, 1 db, 2 services,
 * 3 routes and commands. Review and search code are pure cores (review's operations, state and view
 * model; search's query parsing, form and result shapes): db/ may import them.
 */
function layerOf(path: string): number {
  if (path.startsWith('db/')) return 1;
  if (/^server\/(services|export|workers)\//.test(path)) return 2;
  if (/^server\/(routes|commands|middleware)\//.test(path) || /^server\/(app|cli|http)\.ts$/.test(path)) return 3;
  // align, import, segment, charts, auth, model.ts, errors.ts, config.ts
  return 0;
}
const LAYER_NAMES = ['pure core', 'db', 'service', 'route/command'];

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
  assert.deepEqual(upward, [], `imports upward (${upward.map((u) => {
    const [from, to] = u.split(' -> ') as [string, string];
    return `a ${LAYER_NAMES[layerOf(from)]} importing a ${LAYER_NAMES[layerOf(to)]}: ${u}`;
  }).join('; ')}): move the shared code down a layer`);
});

/** Modules that do I/O or belong to an upper layer: a pure core (layer 0) imports none of them. */
const IO_MODULES = new Set([
  'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process',
  'worker_threads', 'node:worker_threads', 'http', 'node:http', 'net', 'node:net', 'express', 'better-sqlite3',
]);

/**
 * Pure-core files that read a file today, with why. A new one fails; one that no longer does fails
 * too (delete its entry).
 */
const PURE_CORE_IO = new Map([
  ['server/align/glossary-file.ts -> node:fs', "the aligner's glossary, shipped beside the module and read once like an import: data of the library, never a user's file"],
]);

/** Every module specifier of a file: static imports (side-effect ones too), re-exports and import(). */
function moduleSpecifiers(source: string): string[] {
  const found: string[] = [];
  const re = /\b(?:import|export)\s[^;]*?\bfrom\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|\bimport\s*'([^']+)'/g;
  for (const m of source.matchAll(re)) found.push((m[1] ?? m[2] ?? m[3])!);
  return found;
}

/** The I/O a pure-core file imports: I/O and driver modules by name, and anything in db/. */
function pureCoreViolations(file: string, source: string): string[] {
  return moduleSpecifiers(source).flatMap((spec) => {
    if (IO_MODULES.has(spec)) return [`${file} -> ${spec}`];
    if (!spec.startsWith('.')) return [];
    const target = relative(ROOT, normalize(join(ROOT, dirname(file), spec))).split('\\').join('/');
    return target.startsWith('db/') ? [`${file} -> ${target}`] : [];
  });
}

test('the pure-core rule finds I/O modules and db/ in every kind of import', () => {
  assert.deepEqual(['server/review/ops.ts', 'server/review/view-model.ts', 'server/segment/index.ts', 'server/import/html.ts', 'server/model.ts'].map(layerOf), [0, 0, 0, 0, 0]);
  const src = "import { readFileSync } from 'node:fs';\nimport type { Db } from '../../db/open.ts';\nimport 'better-sqlite3';\n"
    + "const cp = await import('node:child_process');\nimport express, {\n  Router,\n} from 'express';\nimport { x } from './x.ts';\nimport { Readability } from '@mozilla/readability';\nimport type { Lang } from '../model.ts';";
  assert.deepEqual(pureCoreViolations('server/review/state.ts', src), [
    'server/review/state.ts -> node:fs', 'server/review/state.ts -> db/open.ts', 'server/review/state.ts -> better-sqlite3',
    'server/review/state.ts -> node:child_process', 'server/review/state.ts -> express',
  ]);
});

test('pure cores (review, align, segment, import, charts, the model) import no I/O, driver or db/ code', () => {
  const found = sourceFiles('server')
    .filter((file) => layerOf(file) === 0)
    .flatMap((file) => pureCoreViolations(file, readFileSync(join(ROOT, file), 'utf8')));
  const fresh = found.filter((f) => !PURE_CORE_IO.has(f));
  assert.deepEqual(fresh, [], `a pure core doing I/O (${fresh.join('; ')}): move the I/O up to a service or db/ and pass the data in`);
  const stale = [...PURE_CORE_IO.keys()].filter((k) => !found.includes(k));
  assert.deepEqual(stale, [], 'these files no longer do I/O: delete them from PURE_CORE_IO');
});
