import type { Db } from '../../db/open.ts';
import type { ExportOptions } from '../export/options.ts';
import type { ExportSink } from '../export/sinks.ts';
import { startTypeScriptWorker } from './bulk-align.ts';

const WORKER_URL = new URL('../workers/export-worker.ts', import.meta.url);

type Message =
  | { op: 'write' | 'writeWhole'; file: string; text: string }
  | { op: 'close' | 'abort' | 'done' }
  | { op: 'error'; message: string };

/**
 * Runs an export on a worker thread with its own read-only connection to `db`'s file, writing what
 * it renders into `sink` here: this thread only moves text to the socket. Resolves when the export
 * is complete, rejects with the sink's error (a cancelled download) or the export's. A database
 * that has no file (in memory, in tests) cannot be opened twice: the caller runs those in place.
 */
export function exportOnThread(db: Db, options: ExportOptions, date: Date, toolVersion: string, sink: ExportSink): Promise<void> {
  const worker = startTypeScriptWorker(WORKER_URL, { dbPath: db.name, options, date, toolVersion });
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (e?: Error) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (e) reject(e);
      else resolve();
    };
    worker.on('message', (m: Message) => {
      if (m.op === 'done') return finish();
      if (m.op === 'error') return finish(new Error(m.message));
      const step = m.op === 'write' ? sink.write(m.file, m.text)
        : m.op === 'writeWhole' ? sink.writeWhole(m.file, m.text)
          : m.op === 'close' ? sink.close() : sink.abort();
      Promise.resolve(step).then(() => worker.postMessage({ ack: true }), (e: Error) => {
        worker.postMessage({ failed: e.message });
        finish(e);
      });
    });
    worker.on('error', (e) => finish(e));
    worker.on('exit', () => finish(new Error('the export thread stopped before the export finished')));
  });
}
