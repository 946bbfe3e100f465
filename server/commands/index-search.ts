import type { Db } from '../../db/open.ts';
import { countSearchBacklog, drainSearchBacklog } from '../../db/search-backlog.ts';
import { createProgress } from './progress.ts';
import { parseFlags, withDb } from './common.ts';
import { UsageError, type CliIo, type Command } from './types.ts';

/** Indexes the whole search backlog with a progress bar; returns pairs indexed and seconds taken. */
export function indexBacklog(db: Db, io: CliIo, quiet: boolean, batch?: number): { indexed: number; seconds: number } {
  const started = Date.now();
  const total = countSearchBacklog(db);
  if (total === 0) return { indexed: 0, seconds: 0 };
  const progress = createProgress(io, { label: 'indexed', total, quiet: quiet || total < 2 });
  try {
    const indexed = drainSearchBacklog(db, { ...(batch !== undefined ? { batch } : {}), onProgress: (done) => progress.update(done, done) });
    return { indexed, seconds: (Date.now() - started) / 1000 };
  } finally {
    progress.stop();
  }
}

export const indexCommand: Command = {
  name: 'index',
  usage: `jjak index [--batch N] [--quiet] [--db PATH]
  A bulk import stores pairs first and indexes them for search in large batches afterwards (jjak align
  as it writes links, a running server between requests). This indexes whatever is still waiting,
  --batch pairs a transaction (500).`,
  run(argv, io) {
    const { values } = parseFlags(argv, { db: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, batch: { type: 'string' } });
    const batch = values.batch === undefined ? undefined : Number(values.batch);
    if (batch !== undefined && (!Number.isInteger(batch) || batch < 1)) throw new UsageError('--batch takes a positive whole number');
    return withDb(io, values.db, (db) => {
      const { indexed, seconds } = indexBacklog(db, io, values.quiet ?? false, batch);
      io.stdout(indexed === 0 ? 'the search index is complete: no pair was waiting\n'
        : `indexed ${indexed} pairs for search in ${seconds.toFixed(1)} s\n`);
      return 0;
    });
  },
};
