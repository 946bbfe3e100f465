import { importCommand } from './commands/import.ts';
import { alignCommand, listCommand, migrateCommand, showCommand } from './commands/pairs.ts';
import { serveCommand } from './commands/serve.ts';
import { userCommand } from './commands/user.ts';
import { alignFileCommand } from './commands/align-file-command.ts';
import { exportCommand } from './commands/export.ts';
import { collectionCommand } from './commands/collection.ts';
import { searchCommand } from './commands/search.ts';
import { indexCommand } from './commands/index-search.ts';
import { backupCommand, doctorCommand, restoreCommand } from './commands/ops.ts';
import { UsageError, type CliIo, type Command } from './commands/types.ts';
import { ImportError } from './import/index.ts';

/** Every command of `jjak`, in the order help lists them. */
export const commands: Command[] = [
  importCommand, collectionCommand, listCommand, showCommand, alignCommand, alignFileCommand, serveCommand, migrateCommand, userCommand, exportCommand,
  backupCommand, restoreCommand, doctorCommand, searchCommand, indexCommand,
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `jjak — Korean–English news alignment workbench\n\nUsage: jjak COMMAND [options]\n\n${
    commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')
  }\n\njjak COMMAND --help shows a command's options. --db defaults to $JJAK_DB, then ./data/jjak.db.\n`;
}

/** Runs one command line; returns the exit code. Holds no logic of its own beyond dispatch and error reporting. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(help());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`jjak: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
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
