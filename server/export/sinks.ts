import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import tar from 'tar-stream';

/** Where an export's chunks go: appended files, whole files, then close (or abort on failure). */
export interface ExportSink {
  write(file: string, text: string): Promise<void>;
  writeWhole(file: string, text: string): Promise<void>;
  close(): Promise<void>;
  abort(): void | Promise<void>;
}

/** The output went away before the export finished (a download cancelled, a pipe closed). */
export class OutputClosedError extends Error {
  constructor() { super('the output was closed before the export finished'); }
}

/**
 * Writes to a stream, waiting for 'drain' when its buffer is full (this is what keeps memory
 * flat). Rejects instead of waiting forever when the stream closes or fails meanwhile.
 */
export async function writeWithBackpressure(stream: Writable, data: string | Buffer): Promise<void> {
  if (stream.destroyed) throw new OutputClosedError();
  if (stream.write(data)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (err?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      stream.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new OutputClosedError());
    const onError = (e: Error) => settle(e);
    stream.on('drain', onDrain);
    stream.on('close', onClose);
    stream.on('error', onError);
  });
}

async function endStream(stream: Writable): Promise<void> {
  if (stream.writableFinished) return;
  const done = once(stream, 'finish');
  stream.end();
  await done;
}

/**
 * Destroys a file stream and waits until its descriptor is closed. A stream opens its file
 * asynchronously: without the wait, an open still pending could create the file again after
 * the caller removed it.
 */
export async function destroyFileStream(stream: WriteStream): Promise<void> {
  if (stream.closed) return;
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  stream.on('error', () => { /* the export is being abandoned: its write errors no longer matter */ });
  stream.destroy();
  await closed;
}

/** Chunks to one or more plain files: `paths` maps each output file name of the format to a path. */
export function fileSink(paths: Record<string, string>): ExportSink {
  const streams = new Map<string, WriteStream>();
  const streamFor = (file: string): WriteStream => {
    let s = streams.get(file);
    if (!s) {
      const path = paths[file];
      if (path === undefined) throw new Error(`no output path for export file "${file}"`);
      s = createWriteStream(path);
      streams.set(file, s);
    }
    return s;
  };
  // Open every file up front, so an export with no units still leaves its (empty) files behind.
  for (const file of Object.keys(paths)) streamFor(file);
  return {
    write: (file, text) => writeWithBackpressure(streamFor(file), text),
    writeWhole: (file, text) => writeWithBackpressure(streamFor(file), text),
    close: async () => { for (const s of streams.values()) await endStream(s); },
    abort: async () => { await Promise.all([...streams.values()].map(destroyFileStream)); },
  };
}

/** The whole single-file export into one stream (the HTTP response). */
export function streamSink(out: Writable): ExportSink {
  return {
    write: (_file, text) => writeWithBackpressure(out, text),
    writeWhole: (_file, text) => writeWithBackpressure(out, text),
    close: () => endStream(out),
    abort: () => { out.destroy(); },
  };
}

/**
 * Appended files of an archive, spooled to a temporary folder until the archive is closed: both
 * archive sinks take them back ended and in name order, so the entry order never depends on which
 * buffer happened to fill first.
 */
function spoolFiles() {
  let dir: string | null = null;
  const spools = new Map<string, { path: string; stream: WriteStream }>();
  return {
    async write(file: string, text: string): Promise<void> {
      let spool = spools.get(file);
      if (!spool) {
        dir ??= mkdtempSync(join(tmpdir(), 'jjak-export-'));
        const path = join(dir, String(spools.size));
        spool = { path, stream: createWriteStream(path) };
        spools.set(file, spool);
      }
      await writeWithBackpressure(spool.stream, text);
    },
    /** Each spooled file as [name, path], its stream ended first, in name order. */
    async *ended(): AsyncGenerator<[string, string]> {
      for (const [file, spool] of [...spools].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        await endStream(spool.stream);
        yield [file, spool.path];
      }
    },
    destroy(): void {
      for (const spool of spools.values()) spool.stream.destroy();
    },
    cleanup(): void {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = null;
    },
  };
}

/**
 * A tar archive into `out`. Whole files become entries at once; appended files (the cesAlign
 * file, Moses' two files) are spooled to a temporary folder, because a tar header needs the
 * size before the content, and are added at the end in the order first written. Entry headers
 * are fixed (mode 644, uid/gid 0, `mtime`) so the archive bytes are reproducible.
 */
export function tarSink(out: Writable, opts: { mtime: Date; names?: Record<string, string> }): ExportSink {
  const pack = tar.pack();
  const piped = pipeline(pack, out);
  piped.catch(() => { /* reported by close() */ });
  const spools = spoolFiles();
  const header = (file: string, size?: number) => ({
    name: opts.names?.[file] ?? file, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', mtime: opts.mtime,
    ...(size !== undefined ? { size } : {}),
  });
  return {
    write: (file, text) => spools.write(file, text),
    writeWhole(file, text) {
      return new Promise((resolve, reject) => {
        pack.entry(header(file), Buffer.from(text, 'utf8'), (err) => (err ? reject(err) : resolve()));
      });
    },
    async close() {
      try {
        for await (const [file, path] of spools.ended()) {
          const entry = pack.entry(header(file, statSync(path).size));
          await pipeline(createReadStream(path), entry);
        }
        pack.finalize();
        await piped;
      } finally {
        spools.cleanup();
      }
    },
    abort() {
      spools.destroy();
      pack.destroy();
      out.destroy();
      spools.cleanup();
      return Promise.resolve();
    },
  };
}

/**
 * A zip stream whose bytes go to `out` with the same backpressure as every other sink. `settle`
 * waits for the bytes handed to the output so far (memory stays bounded by one file) and throws
 * the first failure of the zip or the output.
 */
function zipInto(out: Writable): { zip: Zip; settle: () => Promise<void> } {
  let failure: Error | null = null;
  let writing: Promise<void> = Promise.resolve();
  const zip = new Zip((err, data, final) => {
    if (err) { failure = err; return; }
    const chunk = Buffer.from(data);
    writing = writing.then(() => writeWithBackpressure(out, chunk)).catch((e: unknown) => { failure ??= e as Error; });
    if (final) writing = writing.then(() => endStream(out)).catch((e: unknown) => { failure ??= e as Error; });
  });
  const settle = async () => {
    await writing;
    if (failure) throw failure;
  };
  return { zip, settle };
}

/**
 * A zip archive into `out` (the OPUS layout, see xces.ts). A whole file whose name ends in `.gz`
 * is gzipped here and stored as it is (a zip of gzip files, as OPUS distributes sentence files);
 * appended files are spooled to a temporary folder and deflated into the archive at the end, in
 * name order. Times are fixed (`mtime`, also in each gzip header) so the bytes are reproducible.
 */
export function zipSink(out: Writable, opts: { mtime: Date }): ExportSink {
  const { zip, settle } = zipInto(out);
  const spools = spoolFiles();
  return {
    write: (file, text) => spools.write(file, text),
    async writeWhole(file, text) {
      const bytes = Buffer.from(text, 'utf8');
      const entry = new ZipPassThrough(file);
      entry.mtime = opts.mtime;
      zip.add(entry);
      entry.push(file.endsWith('.gz') ? gzipSync(bytes, { mtime: opts.mtime, level: 6 }) : bytes, true);
      await settle();
    },
    async close() {
      try {
        for await (const [file, path] of spools.ended()) {
          const entry = new ZipDeflate(file, { level: 6 });
          entry.mtime = opts.mtime;
          zip.add(entry);
          for await (const piece of createReadStream(path) as AsyncIterable<Buffer>) {
            entry.push(piece);
            await settle();
          }
          entry.push(new Uint8Array(0), true);
        }
        zip.end();
        await settle();
      } finally {
        spools.cleanup();
      }
    },
    abort() {
      spools.destroy();
      zip.terminate();
      out.destroy();
      spools.cleanup();
      return Promise.resolve();
    },
  };
}
