/**
 * A worker thread that reads, segments and aligns the articles of a web request (see
 * server/services/parse-pool.ts), so a pathological page never holds the server's event loop;
 * the pool terminates this thread when it runs past its time budget.
 */
import { parentPort } from 'node:worker_threads';
import { ImportError } from '../import/index.ts';
import { prepareTask, type PrepareTask } from '../services/prepare-request.ts';

if (!parentPort) throw new Error('prepare-worker.ts runs only as a worker thread');
const port = parentPort;

port.on('message', (task: PrepareTask) => {
  try {
    port.postMessage({ ok: prepareTask(task) });
  } catch (e) {
    port.postMessage(e instanceof ImportError
      ? { importError: { code: e.code, message: e.message } }
      : { error: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ ready: true });
