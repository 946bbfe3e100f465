/**
 * A worker thread that aligns pairs for `jjak align --all` (see server/services/bulk-align.ts).
 * It holds no database: it receives the two sides and the links a reviewer confirmed, runs the
 * unchanged aligner core and posts back the rows to store. The main thread does all writing,
 * because SQLite has one writer.
 */
import { parentPort } from 'node:worker_threads';
import { computeAlignment, type AlignRequest, type AlignResponse } from '../services/bulk-align.ts';

if (!parentPort) throw new Error('align-worker.ts runs only as a worker thread');
const port = parentPort;

port.on('message', (request: AlignRequest) => {
  let response: AlignResponse;
  try {
    response = { pairId: request.pairId, alignment: computeAlignment(request) };
  } catch (e) {
    response = { pairId: request.pairId, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(response);
});
