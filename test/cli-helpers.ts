import type { CliIo } from '../server/commands/types.ts';
import { run } from '../server/cli.ts';
import type { Db } from '../db/open.ts';

/** Runs the CLI in-process and captures its output. */
export async function runCli(argv: string[], opts: { db?: Db; env?: NodeJS.ProcessEnv } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    env: opts.env ?? {},
    ...(opts.db ? { db: opts.db } : {}),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

