import { createReadStream } from 'node:fs';
import { finishSplit, splitPiece, startSplit, type LineChunk } from '../import/line-chunks.ts';

/**
 * Reads a file as chunks of up to `size` lines (line-chunks.ts splits them). `onRead` gets the bytes
 * read so far, for progress. Memory stays within maxLineBytes + readSize however long a line is.
 */
export async function* readLineChunks(
  path: string, size: number, onRead?: (bytes: number) => void, readSize = 1 << 20, maxLineBytes = Infinity,
): AsyncGenerator<LineChunk> {
  const input = createReadStream(path, { highWaterMark: readSize });
  const st = startSplit(size, maxLineBytes);
  try {
    for await (const piece of input as AsyncIterable<Buffer>) {
      onRead?.(input.bytesRead);
      yield* splitPiece(st, piece);
    }
    yield* finishSplit(st);
  } finally {
    input.destroy();
  }
}

/**
 * The lines of a file one by one as text, for readers that go line by line: never more than
 * `maxLineBytes` of one line in memory. A longer line comes as `{ tooLong: bytes }` with no text.
 * Blank lines are yielded too (as ''), so `line` numbers every line of the file.
 */
export async function* readBoundedLines(
  path: string, maxLineBytes: number,
): AsyncGenerator<{ line: number; text: string; tooLong?: number }> {
  for await (const chunk of readLineChunks(path, 200, undefined, 1 << 20, maxLineBytes)) {
    const buffer = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength);
    const tooLong = new Map((chunk.tooLong ?? []).map((t) => [t.line, t.bytes]));
    let start = 0;
    for (let i = 0; i < chunk.ends.length; i++) {
      const end = chunk.ends[i]!;
      const line = chunk.firstLine + i;
      const bytes = tooLong.get(line);
      yield bytes === undefined ? { line, text: buffer.toString('utf8', start, end) } : { line, text: '', tooLong: bytes };
      start = end;
    }
  }
}
