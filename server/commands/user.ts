import type { Db } from '../../db/open.ts';
import {
  deleteUser, DuplicateUserError, findUserByName, FirstUserMustBeAdminError, insertUser, LastAdminError, listUsers,
  setUserPassword,
} from '../../db/users.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { isRole, ROLES, userNameProblem } from '../auth/roles.ts';
import { json, parseFlags, withDb, withDbAsync } from './common.ts';
import { UsageError, type CliIo, type Command } from './types.ts';

/** A refusal the user can act on: printed as is, exit code 1. */
class UserCommandError extends Error {}

/** Reads the whole of stdin and returns its first line (what `echo pw | jjak … --password-stdin` sends). */
async function readFirstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.length > 64 * 1024) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/**
 * Reads one line from a terminal without echoing it: raw mode, characters collected by hand
 * (backspace works, Ctrl-C and Ctrl-D give up). The prompt goes to stderr so stdout stays clean.
 */
function readHidden(stdin: NodeJS.ReadStream, prompt: string, io: CliIo): Promise<string> {
  return new Promise((resolve, reject) => {
    io.stderr(prompt);
    let value = '';
    const wasRaw = stdin.isRaw;
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const finish = (err: Error | null) => {
      stdin.setRawMode(wasRaw);
      stdin.pause();
      stdin.removeListener('data', onData);
      io.stderr('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(null);
        if (ch === '\u0003' || ch === '\u0004') return finish(new UserCommandError('cancelled; nothing changed'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The new password: from stdin with --password-stdin, else asked twice on the terminal without echo. */
async function newPassword(io: CliIo, fromStdin: boolean, who: string): Promise<string> {
  let password: string;
  if (fromStdin) {
    if (!io.stdin) throw new UsageError('--password-stdin needs a standard input');
    password = await readFirstLine(io.stdin);
  } else {
    const tty = io.stdin as NodeJS.ReadStream | undefined;
    if (!tty || !tty.isTTY || typeof tty.setRawMode !== 'function') {
      throw new UsageError('standard input is not a terminal: pipe the password and add --password-stdin');
    }
    password = await readHidden(tty, `Password for ${who}: `, io);
    const again = await readHidden(tty, 'Again, to be sure: ', io);
    if (again !== password) throw new UserCommandError('the two passwords differ; nothing changed');
  }
  const problem = passwordProblem(password);
  if (problem) throw new UserCommandError(problem);
  return password;
}

function mustFind(db: Db, name: string) {
  const user = findUserByName(db, name);
  if (!user) throw new UserCommandError(`there is no user called "${name}" (jjak user list shows them)`);
  return user;
}

const USAGE = `jjak user add NAME --role admin|reviewer|reader [--password-stdin] [--db PATH]
       jjak user list [--json] [--db PATH]
       jjak user remove NAME [--db PATH]
       jjak user passwd NAME [--password-stdin] [--db PATH]`;

/** `jjak user …`: accounts on the server's database (the first must be an admin). */
export const userCommand: Command = {
  name: 'user',
  usage: USAGE,
  async run(argv, io) {
    const args = parseUserArgs(argv);
    try {
      return await runUserAction(io, args);
    } catch (e) {
      if (e instanceof UserCommandError || e instanceof DuplicateUserError || e instanceof LastAdminError || e instanceof FirstUserMustBeAdminError) {
        io.stderr(`jjak user: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
  },
};

function parseUserArgs(argv: string[]) {
  const { values, positionals } = parseFlags(argv, {
    role: { type: 'string' }, 'password-stdin': { type: 'boolean' }, json: { type: 'boolean' }, db: { type: 'string' },
  }, true);
  const [action, name, ...extra] = positionals;
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  return { values, action, name };
}
type UserArgs = ReturnType<typeof parseUserArgs>;

/** The NAME after the action (add, remove and passwd need one). */
function needName({ action, name }: UserArgs): string {
  if (!name) throw new UsageError(`jjak user ${action} needs a NAME`);
  return name;
}

function runUserAction(io: CliIo, args: UserArgs): Promise<number> | number {
  switch (args.action) {
    case 'add': return addUser(io, args);
    case 'list': return showUsers(io, args);
    case 'remove': return removeUser(io, args);
    case 'passwd': return changePassword(io, args);
    default:
      throw new UsageError(args.action ? `unknown action "${args.action}"` : 'say what to do: add, list, remove or passwd');
  }
}

async function addUser(io: CliIo, args: UserArgs): Promise<number> {
  const { values } = args;
  const userName = needName(args);
  const problem = userNameProblem(userName);
  if (problem) throw new UserCommandError(problem);
  if (!isRole(values.role)) throw new UsageError(`--role is one of ${ROLES.join(', ')}`);
  const role = values.role;
  return withDbAsync(io, values.db, async (db) => {
    // Refused before asking for a password, so nobody types one for nothing.
    if (findUserByName(db, userName)) throw new DuplicateUserError(userName);
    const password = await newPassword(io, values['password-stdin'] === true, userName);
    const id = insertUser(db, { name: userName, role, password: await hashPassword(password) });
    io.stdout(`added ${userName} (${role}), user ${id}\n`);
    return 0;
  });
}

function showUsers(io: CliIo, { values }: UserArgs): number {
  return withDb(io, values.db, (db) => {
    const users = listUsers(db);
    if (values.json) io.stdout(json(users));
    else if (!users.length) io.stdout('no users: the server runs in local mode on a loopback address\n');
    else for (const u of users) io.stdout(`${u.name}\t${u.role}\t${u.createdAt}${u.disabled ? '\tdisabled' : ''}\n`);
    return 0;
  });
}

function removeUser(io: CliIo, args: UserArgs): number {
  const userName = needName(args);
  return withDb(io, args.values.db, (db) => {
    deleteUser(db, mustFind(db, userName).id);
    io.stdout(`removed ${userName}; their sessions and API tokens no longer work\n`);
    return 0;
  });
}

async function changePassword(io: CliIo, args: UserArgs): Promise<number> {
  const { values } = args;
  const userName = needName(args);
  return withDbAsync(io, values.db, async (db) => {
    const user = mustFind(db, userName);
    const password = await newPassword(io, values['password-stdin'] === true, userName);
    setUserPassword(db, user.id, await hashPassword(password));
    io.stdout(`new password set for ${userName}; their sessions were ended\n`);
    return 0;
  });
}
