import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { openBackupFile, readStamp, type DatabaseStamp } from '../../db/backup.ts';
import { checkDatabase, type DoctorReport } from '../../db/doctor.ts';
import { createProgress, type Progress } from './progress.ts';
import { migrate } from '../../db/migrate.ts';
import { openDb, type Db } from '../../db/open.ts';
import { describeAccountChanges, endAllCredentials, listAccountStates, listLiveCredentialHashes } from '../../db/users.ts';
import { dbPathFrom, json, parseFlags } from './common.ts';
import { UsageError, type CliIo, type Command } from './types.ts';

const describeStamp = (s: DatabaseStamp) =>
  `newest change ${s.newestChange ?? 'none'}, change log #${s.changeCounter}, ${s.pairs} pairs`;

/** True when `a` holds changes `b` does not: a later newest change, or more change-log entries. */
export function isNewer(a: DatabaseStamp, b: DatabaseStamp): boolean {
  if ((a.newestChange ?? '') > (b.newestChange ?? '')) return true;
  return a.changeCounter > b.changeCounter;
}

/** Pages a backup step copies while nobody else writes (64 MB of 4 KB pages): progress between steps. */
const BACKUP_STEP_PAGES = 16_384;

/**
 * Copies a database into the file `target` with SQLite's backup API, showing pages copied. The API
 * copies in steps, and a write to the source from another connection between two steps restarts
 * the copy, which on a busy server would never end. So: steps of BACKUP_STEP_PAGES with progress
 * while nobody writes, and at the first restart the rest in one step, under one read transaction,
 * which is one consistent state while the server keeps writing (WAL: the reader does not block the
 * writer). The destination stays locked for the whole copy.
 */
async function copyDatabase(source: Db, target: string, io: CliIo, quiet: boolean): Promise<void> {
  let bar: Progress | null = null;
  let remainingBefore = Infinity;
  let allAtOnce = false;
  try {
    await source.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        if (remainingPages > remainingBefore) allAtOnce = true;
        remainingBefore = remainingPages;
        bar ??= createProgress(io, { label: 'pages copied', total: totalPages, quiet: quiet || totalPages < 4 * BACKUP_STEP_PAGES });
        bar.update(totalPages - remainingPages, totalPages - remainingPages);
        return allAtOnce ? 0x7fffffff : BACKUP_STEP_PAGES;
      },
    });
  } finally {
    (bar as Progress | null)?.stop();
  }
}

export const backupCommand: Command = {
  name: 'backup',
  usage: 'jjak backup PATH [--force] [--quiet] [--db PATH]\n  --force overwrites an existing PATH; --quiet: no progress on stderr.',
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { db: { type: 'string' }, force: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' } }, true);
    if (positionals.length !== 1) throw new UsageError('give the file to write the backup to');
    const target = positionals[0]!;
    const source = dbPathFrom(values.db, io.env);
    if (!io.db && (source === ':memory:' || !existsSync(source))) {
      io.stderr(`jjak backup: there is no database at ${source}\n`);
      return 1;
    }
    if (!io.db && resolve(target) === resolve(source)) throw new UsageError('the backup must go to another file than the database');
    if (existsSync(target) && !values.force) {
      io.stderr(`jjak backup: ${target} already exists; choose another name or add --force to overwrite it\n`);
      return 1;
    }
    const db = io.db ?? openDb(source, { migrate: false });
    const started = Date.now();
    const quiet = values.quiet ?? false;
    try {
      await copyDatabase(db, target, io, quiet);
    } finally {
      if (!io.db) db.close();
    }
    if (!quiet) io.stderr('checking the copy…\n');
    const copy = openBackupFile(target);
    const stamp = readStamp(copy);
    copy.close();
    io.stdout(`backed up ${stamp.pairs} pairs to ${target} (${(statSync(target).size / 1048576).toFixed(1)} MB, ${describeStamp(stamp)}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  usage: 'jjak restore PATH [--force] [--quiet] [--db PATH]\n  Refuses when the database has changes the backup lacks (a later newest change or more change-log entries) unless --force.\n  --quiet: no progress on stderr.',
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { db: { type: 'string' }, force: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' } }, true);
    if (positionals.length !== 1) throw new UsageError('give the backup file to restore');
    const from = positionals[0]!;
    const targetPath = dbPathFrom(values.db, io.env);
    if (targetPath === ':memory:') throw new UsageError('restore needs a database file (--db PATH)');
    if (resolve(from) === resolve(targetPath)) throw new UsageError('the backup and the database are the same file');
    let backup: Db;
    try {
      backup = openBackupFile(from);
    } catch (e) {
      io.stderr(`jjak restore: ${(e as Error).message}; nothing was changed\n`);
      return 1;
    }
    let accountChanges: string[] = [];
    try {
      const incoming = readStamp(backup);
      if (existsSync(targetPath)) {
        let current: DatabaseStamp | null = null;
        let credentialsDiffer = false;
        try {
          const existing = openBackupFile(targetPath);
          current = readStamp(existing);
          accountChanges = describeAccountChanges(listAccountStates(existing), listAccountStates(backup));
          // a session or token ended (or made) since the backup is an account change too
          credentialsDiffer = listLiveCredentialHashes(existing).join('\n') !== listLiveCredentialHashes(backup).join('\n');
          existing.close();
        } catch {
          // Not a jjak database (or damaged): nothing newer to protect, but say so only with --force.
          if (!values.force) {
            io.stderr(`jjak restore: ${targetPath} exists but is not a readable jjak database; add --force to replace it\n`);
            return 1;
          }
        }
        if (current && !values.force && !isNewer(current, incoming) && (accountChanges.length > 0 || credentialsDiffer)) {
          io.stderr(`jjak restore: refusing: the accounts in ${targetPath} changed since the backup:\n`
            + (accountChanges.length ? accountChanges.map((l) => `  ${l}\n`).join('') : '  sessions or API tokens were ended or created\n')
            + `  Restoring would bring back removed users, old passwords and roles. Add --force to restore anyway\n`
            + `  (every session and API token is ended by a restore in any case).\n`);
          return 1;
        }
        if (current && isNewer(current, incoming) && !values.force) {
          io.stderr(`jjak restore: refusing: ${targetPath} is newer than the backup.\n` +
            `  database: ${describeStamp(current)}\n  backup:   ${describeStamp(incoming)}\n` +
            `  (compared the newest change-log, pair-update and article times, and the change-log counter)\n` +
            `  Restoring would lose those changes. Back the database up first, then add --force to restore anyway.\n`);
          return 1;
        }
      }
      // The backup API writes into the live file under SQLite's locks, so a running server sees
      // the restored data on its next query instead of a file swapped under it.
      await copyDatabase(backup, targetPath, io, values.quiet ?? false);
      io.stdout(`restored ${targetPath} from ${from} (${describeStamp(incoming)})\n`);
    } finally {
      backup.close();
    }
    const db = openDb(targetPath, { migrate: false });
    try {
      const applied = migrate(db);
      if (applied.length) io.stdout(`applied ${applied.length} newer migration${applied.length === 1 ? '' : 's'} to the restored database\n`);
      // Credentials in a backup may have been revoked since: nobody is signed in by a restore.
      const ended = endAllCredentials(db);
      io.stdout(`ended ${ended.sessions} session${ended.sessions === 1 ? '' : 's'} and ${ended.tokens} API token${ended.tokens === 1 ? '' : 's'}: everyone signs in again (new tokens from the Account page)\n`);
      if (accountChanges.length) io.stdout(`accounts that differ from the replaced database:\n${accountChanges.map((l) => `  ${l}\n`).join('')}`);
    } finally {
      db.close();
    }
    return 0;
  },
};

export const doctorCommand: Command = {
  name: 'doctor',
  usage: 'jjak doctor [--json] [--limit N] [--quiet] [--db PATH]\n  Says on stderr which check runs and how many pairs are done (about 2 minutes for 100,000 pairs); --quiet: not.',
  run(argv, io) {
    const { values } = parseFlags(argv, {
      db: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' }, quiet: { type: 'boolean', short: 'q' },
    });
    const limit = values.limit === undefined ? 200 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit takes a positive whole number');
    const path = dbPathFrom(values.db, io.env);
    if (!io.db && (path === ':memory:' || !existsSync(path))) {
      io.stderr(`jjak doctor: there is no database at ${path}\n`);
      return 1;
    }
    const db = io.db ?? openDb(path, { migrate: false });
    try {
      const quiet = values.quiet ?? false;
      let pairsProgress: Progress | null = null;
      const labels: Record<string, string> = {
        integrity: 'SQLite integrity', foreign_keys: 'foreign keys', articles: 'articles without a pair',
        pairs: 'paragraphs, sentences and links of every pair', search: 'search index',
      };
      let report: DoctorReport;
      try {
        report = checkDatabase(db, {
          limit,
          onCheck: (check) => {
            pairsProgress?.stop();
            pairsProgress = null;
            if (!quiet) io.stderr(`checking ${labels[check] ?? check}…\n`);
          },
          onPairs: (done, total) => {
            pairsProgress ??= createProgress(io, { label: 'checked', total, quiet: quiet || total < 1000 });
            pairsProgress.update(done, done);
          },
        });
      } finally {
        (pairsProgress as Progress | null)?.stop();
      }
      if (values.json) io.stdout(json(report));
      else {
        for (const p of report.problems) io.stdout(`${p.pairId !== null ? `pair ${p.pairId}: ` : ''}[${p.check}] ${p.message}\n`);
        if (report.total > report.problems.length) io.stdout(`… and ${report.total - report.problems.length} more\n`);
        for (const note of report.notes) io.stdout(`note: ${note}\n`);
        io.stdout(report.total === 0
          ? `ok: ${report.pairsChecked} pairs, checks ${report.checks.join(', ')}: no problems\n`
          : `${report.total} problem${report.total === 1 ? '' : 's'} in ${report.pairsChecked} pairs\n`);
      }
      return report.total === 0 ? 0 : 1;
    } finally {
      if (!io.db) db.close();
    }
  },
};
