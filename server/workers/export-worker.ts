/**
 * A worker thread that renders one HTTP export from its own read-only connection (see
 * server/services/export-thread.ts), so a long export never holds the server's event loop. Each
 * piece of output goes to the parent, which writes it to the response and acknowledges it: the
 * response's backpressure reaches this thread and memory stays flat.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../../db/open.ts';
import type { ExportOptions } from '../export/options.ts';
import type { ExportSink } from '../export/sinks.ts';
import { renderExport } from '../services/render-export.ts';

if (!parentPort) throw new Error('export-worker.ts runs only as a worker thread');
const port = parentPort;
const { dbPath, options, date, toolVersion } = workerData as { dbPath: string; options: ExportOptions; date: Date; toolVersion: string };

/** Posts one sink call and waits for the parent's acknowledgement (or its refusal: the download is gone). */
let waiting: { resolve: () => void; reject: (e: Error) => void } | null = null;
port.on('message', (m: { ack: true } | { failed: string }) => {
  const w = waiting;
  waiting = null;
  if ('ack' in m) w?.resolve();
  else w?.reject(new Error(m.failed));
});
const call = (msg: { op: 'write' | 'writeWhole'; file: string; text: string } | { op: 'close' | 'abort' }) =>
  new Promise<void>((resolve, reject) => {
    waiting = { resolve, reject };
    port.postMessage(msg);
  });
const sink: ExportSink = {
  write: (file, text) => call({ op: 'write', file, text }),
  writeWhole: (file, text) => call({ op: 'writeWhole', file, text }),
  close: () => call({ op: 'close' }),
  abort: () => call({ op: 'abort' }),
};

const db = openDb(dbPath, { readonly: true });
try {
  await renderExport(db, options, date, toolVersion, sink);
  port.postMessage({ op: 'done' });
} catch (e) {
  port.postMessage({ op: 'error', message: e instanceof Error ? e.message : String(e) });
} finally {
  db.close();
}
