/**
 * bench:startup — wall time of a CLI call, as a user runs it (`jjak` → bin/jjak.js → the build in
 * dist/), beside `node -e 0` (the floor: Node itself) in the same run, and beside the same calls
 * from the TypeScript sources through tsx (what every call cost before jjak was built).
 * Targets: `jjak help` under 0.25 s, `jjak show ID --json` under 0.4 s. Median of RUNS (default 7;
 * `npm run bench:startup -- 3` for fewer). The npm script builds first, so the build is current.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Math.max(1, Number(process.argv[2] ?? 7) || 7);
const BIN = fileURLToPath(new URL('../bin/jjak.js', import.meta.url));
const DEMO = fileURLToPath(new URL('../db/demo/', import.meta.url));
const BUILT = { ...process.env, JJAK_FROM_SOURCE: '0' };
const SOURCE = { ...process.env, JJAK_FROM_SOURCE: '1' };

/** Runs the command RUNS times (after one warm-up for the file cache); the median wall time in seconds. */
function wall(args: string[], env: NodeJS.ProcessEnv): number {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const elapsed = (performance.now() - t) / 1000;
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
    if (i > 0) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const dir = mkdtempSync(join(tmpdir(), 'jjak-bench-startup-'));
try {
  const db = join(dir, 'bench.db');
  const imported = spawnSync(process.execPath, [BIN, 'import', '--en', `${DEMO}01-seoul-fare-night-bus.en.txt`,
    '--ko', `${DEMO}01-seoul-fare-night-bus.ko.txt`, '--db', db], { env: BUILT, encoding: 'utf8' });
  const id = imported.stdout.trim().split('\n').pop()!;
  if (imported.status !== 0 || !/^\d+$/.test(id)) throw new Error(`could not import the demo pair: ${imported.stderr}`);

  const floor = wall(['-e', '0'], BUILT);
  const rows: [string, number, number | null, number | null][] = [
    ['node -e 0 (baseline)', floor, null, null],
    ['jjak help', wall([BIN, 'help'], BUILT), wall([BIN, 'help'], SOURCE), 0.25],
    [`jjak show ${id} --json`, wall([BIN, 'show', id, '--json', '--db', db], BUILT), wall([BIN, 'show', id, '--json', '--db', db], SOURCE), 0.4],
  ];
  console.log(`start-up wall time, median of ${RUNS} runs (seconds)`);
  console.log(`${'command'.padEnd(24)}${'built'.padStart(8)}${'+node'.padStart(8)}${'tsx'.padStart(8)}  target`);
  for (const [name, built, source, target] of rows) {
    console.log(`${name.padEnd(24)}${built.toFixed(3).padStart(8)}${(built - floor).toFixed(3).padStart(8)}${
      (source === null ? '' : source.toFixed(3)).padStart(8)}  ${target === null ? '' : `< ${target} ${built < target ? 'met' : 'MISSED'}`}`);
  }
  console.log('built: bin/jjak.js running dist/; +node: beyond node -e 0; tsx: the same from the sources (JJAK_FROM_SOURCE=1)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
