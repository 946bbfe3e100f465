#!/usr/bin/env node
// Runs node's test runner over one suite's test files with tsx as loader. Node 20's --test takes no
// globs, so the files are listed here; a run that finds none fails instead of passing quietly.
//   unit (default, `npm test`): every *.test.ts outside test/e2e/ except the slow ones
//   slow (`npm run test:slow`): files named *.slow.test.ts (crash tests, the build, long runs)
//   e2e (`npm run test:e2e`): test/e2e/, in a browser
// Further arguments go to node (e.g. --test-name-pattern).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const SUITES = ['unit', 'slow', 'e2e'];
const named = SUITES.includes(process.argv[2]);
const suite = named ? process.argv[2] : 'unit';
const nodeArgs = process.argv.slice(named ? 3 : 2);
const inSuite = (path) => {
  if (path.startsWith(join('test', 'e2e'))) return suite === 'e2e';
  if (suite === 'e2e') return false;
  return (suite === 'slow') === path.endsWith('.slow.test.ts');
};
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'fixtures') walk(path);
    } else if (name.endsWith('.test.ts') && inSuite(path)) files.push(path);
  }
})('test');
if (files.length === 0) {
  console.error(`no ${suite} test files found under test/`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...nodeArgs, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
