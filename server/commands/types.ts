import type { Db } from '../../db/open.ts';

/** What a command may touch: its output streams, the environment, and optionally a db opened for it (tests). */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  /** True when stderr is a terminal (progress bars instead of plain lines). */
  isTTY?: boolean;
  stdin?: NodeJS.ReadableStream;
  /** A database to use instead of opening --db (tests pass an in-memory one). */
  db?: Db;
}

/** One command; its one-line summary for help is in server/cli.ts, which loads the module only to run it. */
export interface Command {
  name: string;
  usage: string;
  /** The exit code; commands that wait on nothing return it directly. */
  run(argv: string[], io: CliIo): number | Promise<number>;
}

/** A usage mistake: the CLI prints the message and the command's usage, exit code 2. */
export class UsageError extends Error {}
