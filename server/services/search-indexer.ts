import { withBusyTimeout, type Db } from '../../db/open.ts';
import { countSearchBacklog, indexSearchBacklog } from '../../db/search-backlog.ts';

export interface SearchIndexer {
  /** Stops after the batch in hand (each batch is one transaction). */
  stop(): void;
}

export interface SearchIndexerOptions {
  /** Pairs a transaction: small enough that a request waits at most a few tens of milliseconds. */
  batch?: number;
  /** Milliseconds between checks while there is nothing to do. */
  idleMs?: number;
  onIndexed?: (pairs: number, left: number) => void;
}

/**
 * Indexes the search backlog inside the server, a small batch at a time with a turn of the event
 * loop in between, so pages keep answering while a bulk import's pairs become searchable.
 */
export function startSearchIndexer(db: Db, opts: SearchIndexerOptions = {}): SearchIndexer {
  const batch = opts.batch ?? 100;
  const idleMs = opts.idleMs ?? 5_000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const step = db.transaction(() => indexSearchBacklog(db, batch));
  // Synchronous from start to end, so two runs never overlap.
  const run = () => {
    timer = null;
    if (stopped) return;
    try {
      // Busy timeout 0: while another process writes (a CLI bulk import), taking the write lock fails at
      // once instead of stalling every request of the server for up to the timeout; the next run tries again.
      const n = db.open ? withBusyTimeout(db, 0, () => step.immediate()) : 0;
      if (n > 0) opts.onIndexed?.(n, countSearchBacklog(db));
      if (stopped) return;
      if (n > 0) setImmediate(run);
      else schedule(idleMs);
    } catch (e) {
      // Busy (another process writing) or closing: try again later rather than stop for good.
      if (!stopped) schedule(idleMs);
      if (!(e instanceof Error && /busy|locked|not open/i.test(e.message))) console.error(`search indexer: ${(e as Error).message}`);
    }
  };
  const schedule = (ms: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref();
  };
  schedule(0);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
