#!/usr/bin/env node
// Builds the program into dist/ (npm run build; `npm install` runs it as `prepare`): tsc compiles
// server/ and db/ with the same layout, then every file the code reads at run time (views,
// migrations, demo articles, data files, package.json) is linked into dist/ at its own path, so a
// path computed from import.meta.url finds it from the built file exactly as from the source,
// and an edited view or migration needs no rebuild.
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const SOURCE_DIRS = ['server', 'db'];
const TOP_LEVEL = ['views', 'migrations', 'package.json'];

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (built.status !== 0) {
  console.error('jjak build: tsc failed (see above); nothing usable in dist/');
  process.exit(built.status ?? 1);
}

/** Links dist/<rel> to <root>/<rel> with a relative link, so the checkout can move. */
function link(rel) {
  const target = join(dist, rel);
  mkdirSync(dirname(target), { recursive: true });
  if (existsSync(target) || isLink(target)) rmSync(target, { recursive: true, force: true });
  symlinkSync(relative(dirname(target), join(root, rel)), target);
}
function isLink(path) {
  try { return lstatSync(path).isSymbolicLink(); } catch { return false; }
}
function walk(rel) {
  for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
    const child = join(rel, entry.name);
    if (entry.isDirectory()) walk(child);
    else if (!entry.name.endsWith('.ts')) link(child);
  }
}

for (const rel of TOP_LEVEL) link(rel);
for (const dir of SOURCE_DIRS) walk(dir);
console.log('jjak build: dist/ ready');
