import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { openDb, type Db } from '../../db/open.ts';
import { countUsers } from '../../db/users.ts';
import { isLoopbackHost } from '../auth/roles.ts';
import { loadDemoData } from '../services/demo.ts';
import { failJobsFromLastRun, stopImportJobs, sweepStaleUploads } from '../services/import-job.ts';
import { startSearchIndexer, type SearchIndexer } from '../services/search-indexer.ts';
import { dbPathFrom, parseFlags } from './common.ts';
import { UsageError, type CliIo, type Command } from './types.ts';

/** How long requests in flight get to finish after SIGTERM before their connections are cut. */
const SHUTDOWN_GRACE_MS = 4_000;
/** After SIGTERM the process ends by this time whatever is still running (SQLite's WAL keeps the data whole). */
const SHUTDOWN_DEADLINE_MS = 6_000;

export const serveCommand: Command = {
  name: 'serve',
  usage: 'jjak serve [--port N] [--host H] [--db PATH] [--no-demo]',
  async run(argv, io) {
    const { config, port, host, dbPath, noDemo } = parseServeArgs(argv, io);
    const isNew = dbPath === ':memory:' || !existsSync(dbPath);
    const db = openDb(dbPath);
    if (refuseOpenWithoutAccounts(db, host, dbPath, io)) return 1;
    recoverFromLastRun(db, io);
    if (isNew && !noDemo) {
      const n = loadDemoData(db);
      io.stdout(`created ${dbPath} with ${n} demo pairs (start with --no-demo to skip them)\n`);
    }
    const app = createApp({ db, config: { ...config, dbPath, host, port } });
    const server = await listen(app, port, host);
    // Pairs a bulk import stored without indexing become searchable in the background.
    const indexer = startSearchIndexer(db);
    // The handlers go in before the "serving" line: whoever reads that line may signal at once.
    const stopped = stopOnSignal(server, db, indexer, io);
    const addr = server.address();
    const actualPort = typeof addr === 'object' && addr ? addr.port : port;
    io.stdout(`jjak is serving ${dbPath} at http://${host.includes(':') ? `[${host}]` : host}:${actualPort}/\n`);
    await stopped;
    return 0;
  },
};

/** The flags over the environment's config: port, host, database path and whether to skip the demo. */
function parseServeArgs(argv: string[], io: CliIo) {
  const { values } = parseFlags(argv, {
    port: { type: 'string' }, host: { type: 'string' }, db: { type: 'string' }, 'no-demo': { type: 'boolean' },
  });
  const config = loadConfig(io.env);
  const port = values.port !== undefined ? Number(values.port) : config.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes a number from 0 to 65535');
  const host = values.host ?? config.host;
  const dbPath = dbPathFrom(values.db, io.env);
  return { config, port, host, dbPath, noDemo: values['no-demo'] ?? false };
}

/**
 * Reachable from other machines, login is required, and with no account nobody could log in:
 * closes the database, says what to do, and returns true.
 */
function refuseOpenWithoutAccounts(db: Db, host: string, dbPath: string, io: CliIo): boolean {
  if (isLoopbackHost(host) || countUsers(db) !== 0) return false;
  db.close();
  io.stderr(`jjak serve: refusing to listen on ${host} with no accounts: anyone who reaches this address would need\n`
    + `to log in, and nobody can yet. Create the first admin, then start again:\n`
    + `  jjak user add NAME --role admin --db ${dbPath}\n`
    + `or serve on 127.0.0.1 (the default) to use jjak alone on this machine without logging in.\n`);
  return true;
}

/** Import jobs run inside the server process: any left running by the last one were cut short. */
function recoverFromLastRun(db: Db, io: CliIo): void {
  const interrupted = failJobsFromLastRun(db);
  if (interrupted) io.stderr(`marked ${interrupted} import job${interrupted === 1 ? '' : 's'} cut short by the last shutdown as failed (resubmit the file)\n`);
  const swept = sweepStaleUploads();
  if (swept) io.stderr(`removed ${swept} upload folder${swept === 1 ? '' : 's'} left by a server that was killed\n`);
}

/** Listens, resolving once the port is bound (rejecting if it cannot be). */
async function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  const server = app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return server;
}

/**
 * Graceful stop on SIGTERM or SIGINT: refuse new connections, let requests in flight finish, then
 * close the database. Resolves once it is closed.
 */
function stopOnSignal(server: Server, db: Db, indexer: SearchIndexer, io: CliIo): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      indexer.stop();
      server.close(() => {
        // Jobs stop at their next batch boundary (each batch one transaction), then the database closes.
        void stopImportJobs().then(() => {
          db.close();
          resolve();
        });
      });
      server.closeIdleConnections();
      // A client that never finishes its request must not keep the process alive forever.
      setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
      // Nor may a long job or export: every write is a transaction, so ending here loses nothing committed.
      setTimeout(() => {
        io.stderr('jjak serve: still busy after SIGTERM; stopping now (every change is committed or rolled back whole)\n');
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
