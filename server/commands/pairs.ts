import { sectionFilter } from '../import/section.ts';
import { getPair } from '../../db/pairs.ts';
import { countListedPairs, listPairs } from '../../db/pair-list.ts';
import { findCollection, getPairProvenance } from '../../db/collections.ts';
import { listArticleVersions } from '../../db/article-update.ts';
import { migrate } from '../../db/migrate.ts';
import { openDb } from '../../db/open.ts';
import { dbPathFrom, json, parseFlags, withDb, withDbAsync } from './common.ts';
import { indexBacklog } from './index-search.ts';
import { createProgress } from './progress.ts';
import { alignPairs, countPairsToAlign, type BulkAlignSummary, type PairSelection } from '../services/bulk-align.ts';
import { UsageError, type Command } from './types.ts';

export const listCommand: Command = {
  name: 'list',
  usage: 'jjak list [--collection NAME] [--section S] [--json] [--limit N] [--db PATH]',
  run(argv, io) {
    const { values } = parseFlags(argv, { json: { type: 'boolean' }, db: { type: 'string' }, limit: { type: 'string' }, collection: { type: 'string' }, section: { type: 'string' } });
    return withDb(io, values.db, (db) => {
      const collection = values.collection === undefined ? null : findCollection(db, values.collection);
      if (values.collection !== undefined && !collection) {
        io.stderr(`there is no collection named "${values.collection}" (jjak collection list shows them)\n`);
        return 1;
      }
      const collectionId = collection?.id ?? null;
      const section = sectionFilter(values.section);
      const limit = values.limit ? Number(values.limit) : countListedPairs(db, collectionId, section);
      const pairs = listPairs(db, { limit: Math.max(0, limit), offset: 0, collectionId, section });
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
  usage: 'jjak show ID [--json] [--db PATH]',
  run(argv, io) {
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
        const provenance = getPairProvenance(db, id);
        io.stdout(json({
          id: pair.id, status: pair.status, version: pair.version, ...provenance,
          en: side(pair.en), ko: side(pair.ko), links: pair.links, versions: listArticleVersions(db, id),
        }));
        return 0;
      }
      const { collection, externalId } = getPairProvenance(db, id);
      io.stdout(`pair ${pair.id} (${pair.status}, version ${pair.version})` +
        `${collection ? `, collection ${collection.name}` : ''}${externalId !== null ? `, id ${externalId}` : ''}\n`);
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
  usage: 'jjak migrate [--db PATH]',
  run(argv, io) {
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
  usage: `jjak align ID… [--quiet] [--db PATH]
jjak align --all [--force] [--workers N] [--batch N] [--quiet] [--db PATH]
  --all aligns the pairs that have no links yet, so an interrupted run resumes where it stopped;
  --all --force realigns every pair (confirmed links are still kept). --workers defaults to one per core; --batch: pairs written a transaction (100).`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      all: { type: 'boolean' }, force: { type: 'boolean' }, workers: { type: 'string' }, batch: { type: 'string' },
      db: { type: 'string' }, quiet: { type: 'boolean', short: 'q' },
    }, true);
    if (!values.all && positionals.length === 0) throw new UsageError('give pair ids or --all');
    if (values.all && positionals.length > 0) throw new UsageError('give pair ids or --all, not both');
    if (values.force && !values.all) throw new UsageError('--force goes with --all (pairs named by id are always realigned)');
    const ids = positionals.map(Number);
    if (ids.some((n) => !Number.isInteger(n) || n <= 0)) throw new UsageError('pair ids are positive whole numbers');
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 64)) {
      throw new UsageError('--workers takes a whole number from 0 (this thread only) to 64');
    }
    const batchSize = values.batch === undefined ? 100 : Number(values.batch);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError('--batch takes a positive whole number');
    return withDbAsync(io, values.db, async (db) => {
      const missing = ids.filter((id) => !getPair(db, id));
      if (missing.length > 0) {
        io.stderr(`pair${missing.length === 1 ? '' : 's'} ${missing.join(', ')} do${missing.length === 1 ? 'es' : ''} not exist (jjak list shows the ids)\n`);
        return 1;
      }
      const selection: PairSelection = values.all ? { kind: 'all', force: values.force ?? false } : { kind: 'ids', ids };
      const total = values.all ? countPairsToAlign(db, values.force ?? false) : ids.length;
      const progress = createProgress(io, { label: 'aligned', total, quiet: (values.quiet ?? false) || total < 2 });
      let s: BulkAlignSummary;
      try {
        s = await alignPairs(db, selection, { batchSize, ...(workers !== undefined ? { workers } : {}), onProgress: (done) => progress.update(done, done) });
      } finally {
        progress.stop();
      }
      // Pairs left in the search backlog that this run did not write (already aligned, or failed).
      const { indexed } = values.all ? indexBacklog(db, io, values.quiet ?? false) : { indexed: 0 };
      for (const f of s.failed.slice(0, 20)) io.stderr(`pair ${f.pairId}: not aligned: ${f.error}\n`);
      if (s.changedMeanwhile.length) io.stderr(`pairs edited while aligning, left as they were: ${s.changedMeanwhile.slice(0, 20).join(', ')}\n`);
      const rate = s.seconds > 0 ? `, ${(s.aligned / s.seconds).toFixed(0)} pairs/s` : '';
      io.stdout(`aligned ${s.aligned} pair${s.aligned === 1 ? '' : 's'}${s.failed.length ? `, ${s.failed.length} failed` : ''} in ${s.seconds.toFixed(1)} s${rate}\n`);
      if (indexed > 0) io.stdout(`indexed ${indexed} more pairs for search\n`);
      return s.failed.length > 0 ? 1 : 0;
    });
  },
};
