/**
 * A worker thread that checkpoints the WAL of a database another thread is bulk-writing (see
 * bulkImport in server/services/bulk-import.ts). A checkpoint copies the WAL into the database file and
 * syncs both to disk; done by the writing thread at a commit (SQLite's automatic checkpoint), the
 * sync alone held the writer for about a fifth of a bulk import. PASSIVE never blocks the writer:
 * it copies what is committed and leaves the rest for the next round.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkpointPassive, openCheckpointConnection } from '../../db/open.ts';

if (!parentPort) throw new Error('checkpoint-worker.ts runs only as a worker thread');
const port = parentPort;
const { path, everyMs } = workerData as { path: string; everyMs: number };

const db = openCheckpointConnection(path);
const checkpoint = () => {
  try {
    checkpointPassive(db);
  } catch {
    // Busy or locked (another checkpoint, a restore): the next round tries again.
  }
};
const timer = setInterval(checkpoint, everyMs);
port.on('message', (m: string) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  port.postMessage('stopped');
});
