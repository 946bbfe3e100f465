import { UsageError, type CliIo, type Command } from './commands/types.ts';
import { ImportError } from './import/errors.ts';

/**
 * Every command of `jjak`, in the order help lists them. A command's module (and what it pulls in:
 * express, the aligner, the importers) loads only when that command runs, so `jjak help` and
 * `jjak show` start at once.
 */
export const commands: readonly CommandEntry[] = [
  { name: 'import', summary: 'import a pair from two files, or many pairs from a JSON Lines file', load: async () => (await import('./commands/import.ts')).importCommand },
  { name: 'collection', summary: 'add or list collections (a group of pairs with its source, licence and attribution)', load: async () => (await import('./commands/collection.ts')).collectionCommand },
  { name: 'list', summary: 'list stored pairs, newest first', load: async () => (await import('./commands/pairs.ts')).listCommand },
  { name: 'show', summary: 'show one pair (its texts and links)', load: async () => (await import('./commands/pairs.ts')).showCommand },
  { name: 'align', summary: '(re)align stored pairs on every core; links a reviewer confirmed are kept', load: async () => (await import('./commands/pairs.ts')).alignCommand },
  { name: 'align-file', summary: 'align an evaluation-format JSONL file without a database (predictions with confidence)', load: async () => (await import('./commands/align-file-command.ts')).alignFileCommand },
  { name: 'serve', summary: 'start the web workbench (127.0.0.1:3000 by default)', load: async () => (await import('./commands/serve.ts')).serveCommand },
  { name: 'migrate', summary: 'apply pending database migrations', load: async () => (await import('./commands/pairs.ts')).migrateCommand },
  { name: 'user', summary: 'add, list, remove users and set their passwords', load: async () => (await import('./commands/user.ts')).userCommand },
  { name: 'export', summary: 'export aligned units as TMX, XLIFF, Moses, TSV, CSV, JSONL or XCES', load: async () => (await import('./commands/export.ts')).exportCommand },
  { name: 'backup', summary: 'copy the database to a file while it is in use (SQLite online backup)', load: async () => (await import('./commands/ops.ts')).backupCommand },
  { name: 'restore', summary: 'replace the database with a backup (refuses to overwrite newer data without --force)', load: async () => (await import('./commands/ops.ts')).restoreCommand },
  { name: 'doctor', summary: 'check the database: SQLite integrity, foreign keys, links, search index (exit 1 on problems)', load: async () => (await import('./commands/ops.ts')).doctorCommand },
  { name: 'search', summary: 'search the corpus; each hit with its aligned translation', load: async () => (await import('./commands/search.ts')).searchCommand },
  { name: 'index', summary: 'index for search the pairs a bulk import stored without indexing', load: async () => (await import('./commands/index-search.ts')).indexCommand },
];

/** A command as help lists it; `load` imports its module. */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `jjak — Korean–English news alignment workbench\n\nUsage: jjak COMMAND [options]\n\n${
    commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')
  }\n\njjak COMMAND --help shows a command's options. --db defaults to $JJAK_DB, then ./data/jjak.db.\n`;
}

/**
 * Errors that mean the disk (or a quota, or a file-size limit) is full. SQLite reports a failed
 * write as SQLITE_FULL or an I/O error (SQLITE_IOERR_WRITE, …), Node as ENOSPC, EDQUOT or EFBIG.
 */
function isDiskFull(err: NodeJS.ErrnoException): boolean {
  const code = typeof err.code === 'string' ? err.code : '';
  return code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG';
}

const firstLine = (s: string): string => s.split('\n')[0]!.slice(0, 200);

/** Runs one command line; returns the exit code. Holds no logic of its own beyond dispatch and error reporting. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(help());
    return name ? 0 : 2;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`jjak: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`Usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`jjak ${name}: ${e.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    if (e instanceof ImportError) {
      io.stderr(`jjak ${name}: ${e.message}\n`);
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    if (isDiskFull(err)) {
      io.stderr(`jjak ${name}: out of disk space (${err.code}: ${firstLine(err.message)}). Nothing was half-written: every change is one `
        + 'transaction and exports are published only when complete. Free some space and run the command again.\n');
      return 1;
    }
    if (err.code === 'SQLITE_CANTOPEN' || err.code === 'EACCES') {
      io.stderr(`jjak ${name}: cannot open the database: ${err.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** Process entry: real streams and environment. */
export async function main(argv: string[]): Promise<number> {
  return run(argv, {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    env: process.env,
    isTTY: process.stderr.isTTY === true,
    stdin: process.stdin,
  });
}
