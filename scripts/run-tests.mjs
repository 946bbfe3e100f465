#!/usr/bin/env node
// Runs node's test runner over every test file with tsx as loader. Node 20's --test takes no
// globs, so the files are listed here; a run that finds none fails instead of passing quietly.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const suite = process.argv[2] === 'e2e' ? 'e2e' : 'unit';
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name === 'fixtures') continue;
      if ((name === 'e2e') !== (suite === 'e2e') && dir === 'test') continue;
      walk(path);
    } else if (name.endsWith('.test.ts')) files.push(path);
  }
})('test');
if (files.length === 0) {
  console.error(`no ${suite} test files found under test/`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...process.argv.slice(3), ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
