import { countPairs, getPair, listPairIds, listPairs } from '../../db/pairs.ts';
import { migrate } from '../../db/migrate.ts';
import { openDb } from '../../db/open.ts';
import { alignPair } from '../services/alignment.ts';
import { dbPathFrom, json, parseFlags, withDb } from './common.ts';
import { UsageError, type Command } from './types.ts';

export const listCommand: Command = {
  name: 'list',
  summary: 'list stored pairs, newest first',
  usage: 'jjak list [--json] [--limit N] [--db PATH]',
  async run(argv, io) {
    const { values } = parseFlags(argv, { json: { type: 'boolean' }, db: { type: 'string' }, limit: { type: 'string' } });
    return withDb(io, values.db, (db) => {
      const limit = values.limit ? Number(values.limit) : countPairs(db);
      const pairs = listPairs(db, { limit: Math.max(0, limit), offset: 0 });
      if (values.json) {
        io.stdout(json(pairs));
        return 0;
      }
      if (pairs.length === 0) io.stdout('no pairs yet: add one with jjak import --en FILE --ko FILE\n');
      for (const p of pairs) {
        io.stdout(`${String(p.id).padStart(5)}  ${p.status.padEnd(9)} ${String(p.confirmedLinks).padStart(3)}/${String(p.links).padEnd(3)} ${p.enTitle ?? '(untitled)'} | ${p.koTitle ?? ''}\n`);
      }
      return 0;
    });
  },
};

export const showCommand: Command = {
  name: 'show',
  summary: 'show one pair (its texts and links)',
  usage: 'jjak show ID [--json] [--db PATH]',
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { json: { type: 'boolean' }, db: { type: 'string' } }, true);
    const id = Number(positionals[0]);
    if (positionals.length !== 1 || !Number.isInteger(id) || id <= 0) throw new UsageError('give one pair id');
    return withDb(io, values.db, (db) => {
      const pair = getPair(db, id);
      if (!pair) {
        io.stderr(`pair ${id} does not exist (jjak list shows the ids)\n`);
        return 1;
      }
      const side = (d: typeof pair.en) => ({ meta: d.meta, paragraphs: d.paragraphs });
      if (values.json) {
        io.stdout(json({ id: pair.id, status: pair.status, version: pair.version, en: side(pair.en), ko: side(pair.ko), links: pair.links }));
        return 0;
      }
      io.stdout(`pair ${pair.id} (${pair.status}, version ${pair.version})\n`);
      for (const l of pair.links) {
        const en = l.en.map((i) => pair.en.paragraphs[i]!.text).join(' ¶ ');
        const ko = l.ko.map((i) => pair.ko.paragraphs[i]!.text).join(' ¶ ');
        io.stdout(`[${l.en.join(',')}:${l.ko.join(',')}] ${l.status} ${l.confidence?.toFixed(2) ?? ''}\n  en: ${en || '—'}\n  ko: ${ko || '—'}\n`);
      }
      return 0;
    });
  },
};

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations',
  usage: 'jjak migrate [--db PATH]',
  async run(argv, io) {
    const { values } = parseFlags(argv, { db: { type: 'string' } });
    const db = io.db ?? openDb(dbPathFrom(values.db, io.env), { migrate: false });
    try {
      const done = migrate(db);
      io.stdout(done.length ? done.map((m) => `applied ${String(m.version).padStart(3, '0')}_${m.name}\n`).join('') : 'database is up to date\n');
      return 0;
    } finally {
      if (!io.db) db.close();
    }
  },
};

export const alignCommand: Command = {
  name: 'align',
  summary: '(re)align stored pairs; links a reviewer confirmed are kept',
  usage: 'jjak align ID… | --all [--quiet] [--db PATH]',
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { all: { type: 'boolean' }, db: { type: 'string' }, quiet: { type: 'boolean', short: 'q' } }, true);
    if (!values.all && positionals.length === 0) throw new UsageError('give pair ids or --all');
    const ids = positionals.map(Number);
    if (ids.some((n) => !Number.isInteger(n) || n <= 0)) throw new UsageError('pair ids are positive whole numbers');
    return withDb(io, values.db, (db) => {
      const todo = values.all ? listPairIds(db) : ids;
      const started = Date.now();
      let done = 0;
      for (const id of todo) {
        if (!getPair(db, id)) {
          io.stderr(`pair ${id} does not exist\n`);
          return 1;
        }
        alignPair(db, id);
        done++;
        if (!values.quiet && todo.length > 1 && done % 200 === 0) io.stderr(`… aligned ${done} of ${todo.length}\n`);
      }
      io.stdout(`aligned ${done} pair${done === 1 ? '' : 's'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      return 0;
    });
  },
};
