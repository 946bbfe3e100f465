import type { ExportUnit } from '../../db/export.ts';
import type { ExportSink } from './sinks.ts';
import type { ExportWriter } from './types.ts';

/** Bytes of text gathered per file before a write: fewer, larger writes without growing memory. */
const FLUSH_AT = 64 * 1024;
/**
 * Longest stretch of synchronous work (reading units, rendering them) before the event loop gets a
 * turn: a server export of 9,000 pairs otherwise held it for seconds whenever the client read fast
 * enough that the sink never pushed back, and every other request waited.
 */
const YIELD_EVERY_MS = 5;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Drives a writer over the units into a sink: header, units, footer. Appended text is gathered
 * per file up to 64 KiB; whole files go straight through. Returns the number of units written.
 * On failure the sink is aborted (partial files are the caller's to remove).
 */
export async function runExport(
  units: Iterable<ExportUnit>, writer: ExportWriter, sink: ExportSink,
  onProgress?: (written: number) => void, progressEvery = 10_000,
): Promise<number> {
  const pending = new Map<string, { parts: string[]; size: number }>();
  const flush = async (file: string) => {
    const p = pending.get(file);
    if (!p || p.parts.length === 0) return;
    const text = p.parts.join('');
    p.parts = [];
    p.size = 0;
    await sink.write(file, text);
  };
  const emit = async (chunks: ReturnType<ExportWriter['header']>) => {
    for (const c of chunks) {
      if (c.whole) {
        await sink.writeWhole(c.file, c.text);
        continue;
      }
      let p = pending.get(c.file);
      if (!p) pending.set(c.file, (p = { parts: [], size: 0 }));
      p.parts.push(c.text);
      p.size += c.text.length;
      if (p.size >= FLUSH_AT) await flush(c.file);
    }
  };
  let written = 0;
  let since = performance.now();
  try {
    await emit(writer.header());
    for (const u of units) {
      await emit(writer.unit(u));
      written++;
      if (performance.now() - since > YIELD_EVERY_MS) {
        await nextTurn();
        since = performance.now();
      }
      if (onProgress && written % progressEvery === 0) onProgress(written);
    }
    await emit(writer.footer());
    for (const file of pending.keys()) await flush(file);
    await sink.close();
  } catch (e) {
    await sink.abort();
    throw e;
  }
  return written;
}
