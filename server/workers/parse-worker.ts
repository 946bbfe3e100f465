/**
 * A worker thread that parses and segments JSONL lines for `jjak import --jsonl` (see importJsonl
 * in server/commands/import.ts), so the main thread only writes to SQLite.
 */
import { parentPort } from 'node:worker_threads';
import { prepareLines } from '../services/prepare-pair.ts';

if (!parentPort) throw new Error('parse-worker.ts runs only as a worker thread');
const port = parentPort;

port.on('message', (request: { id: number; lines: { line: number; text: string }[] }) => {
  try {
    port.postMessage({ id: request.id, results: prepareLines(request.lines) });
  } catch (e) {
    port.postMessage({ id: request.id, error: e instanceof Error ? e.message : String(e) });
  }
});
