/**
 * A worker thread that parses and segments JSONL pair records for a bulk import (see bulkImport
 * in server/services/bulk-import.ts), so the main thread only writes to SQLite. Lines arrive as UTF-8
 * bytes and the big texts go back as UTF-8 bytes, both in transferred buffers.
 */
import { parentPort } from 'node:worker_threads';
import { decodeLines, type LineChunk } from '../import/line-chunks.ts';
import { packTexts, prepareLines } from '../services/prepare-pair.ts';

if (!parentPort) throw new Error('parse-worker.ts runs only as a worker thread');
const port = parentPort;

port.on('message', (request: { id: number; chunk: LineChunk; maxArticleBytes: number }) => {
  try {
    const results = prepareLines(decodeLines(request.chunk), request.maxArticleBytes);
    const texts = packTexts(results);
    port.postMessage({ id: request.id, results }, [texts]);
  } catch (e) {
    port.postMessage({ id: request.id, error: e instanceof Error ? e.message : String(e) });
  }
});
