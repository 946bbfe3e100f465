import { createReadStream } from 'node:fs';

/**
 * A run of consecutive lines of a file as raw UTF-8 bytes in a buffer of their own, so the reading
 * thread can hand them to a parse thread without decoding or copying them (transfer).
 */
export interface LineChunk {
  /** Number (1-based) of the first line. */
  firstLine: number;
  /** End offset in `bytes` of each line (line k spans ends[k-1] to ends[k]), newline not included. */
  ends: number[];
  bytes: Uint8Array;
  /** Lines longer than the reader's limit: left empty in `bytes`, reported here with their length. */
  tooLong?: { line: number; bytes: number }[];
  /** Byte offset in the file just past the chunk's last line and its line break: how far a reader has got. */
  end: number;
}

const LF = 0x0a;
const CR = 0x0d;

function pack(firstLine: number, lines: Uint8Array[], tooLong: { line: number; bytes: number }[], end: number): LineChunk {
  let total = 0;
  for (const l of lines) total += l.byteLength;
  // Not from Buffer's shared pool: the chunk's ArrayBuffer must be its own to be transferred.
  const bytes = new Uint8Array(new ArrayBuffer(total));
  const ends: number[] = [];
  let at = 0;
  for (const l of lines) {
    bytes.set(l, at);
    at += l.byteLength;
    ends.push(at);
  }
  return tooLong.length > 0 ? { firstLine, ends, bytes, tooLong, end } : { firstLine, ends, bytes, end };
}

/**
 * Reads a file as chunks of up to `size` lines, split on LF bytes (a CR before the LF is dropped;
 * LF never occurs inside a multi-byte UTF-8 character, so splitting bytes splits characters never).
 * `onRead` gets the bytes read so far, for progress. A line longer than `maxLineBytes` is never held
 * whole: its bytes are dropped as they arrive and it comes out empty, listed in the chunk's
 * `tooLong` with its line number, so memory stays within maxLineBytes + readSize.
 */
export async function* readLineChunks(
  path: string, size: number, onRead?: (bytes: number) => void, readSize = 1 << 20, maxLineBytes = Infinity,
): AsyncGenerator<LineChunk> {
  const input = createReadStream(path, { highWaterMark: readSize });
  let carry: Buffer = Buffer.alloc(0);
  let lines: Uint8Array[] = [];
  let tooLong: { line: number; bytes: number }[] = [];
  let nextLine = 1;
  /** File offset of the first byte of `carry` (and so of `data` below). */
  let base = 0;
  /** Bytes dropped so far of the over-long line being skipped, or -1 when not skipping. */
  let skipped = -1;
  const take = (end: number): LineChunk => {
    const chunk = pack(nextLine, lines, tooLong, end);
    nextLine += lines.length;
    lines = [];
    tooLong = [];
    return chunk;
  };
  const pushTooLong = (bytes: number) => {
    tooLong.push({ line: nextLine + lines.length, bytes });
    lines.push(new Uint8Array(0));
  };
  try {
    for await (const piece of input as AsyncIterable<Buffer>) {
      onRead?.(input.bytesRead);
      const data = carry.length > 0 ? Buffer.concat([carry, piece]) : piece;
      let start = 0;
      for (let lf = data.indexOf(LF, start); lf !== -1; lf = data.indexOf(LF, start)) {
        const end = lf > start && data[lf - 1] === CR ? lf - 1 : lf;
        if (skipped >= 0) {
          pushTooLong(skipped + end - start);
          skipped = -1;
        } else if (end - start > maxLineBytes) {
          pushTooLong(end - start);
        } else {
          lines.push(data.subarray(start, end));
        }
        start = lf + 1;
        if (lines.length >= size) yield take(base + start);
      }
      // The views in `lines` stay valid: each `data` is a new buffer (concat) or the stream's own piece.
      carry = data.subarray(start);
      base += start;
      if (skipped >= 0) {
        skipped += carry.length;
        base += carry.length;
        carry = Buffer.alloc(0);
      } else if (carry.length > maxLineBytes) {
        skipped = carry.length;
        base += carry.length;
        carry = Buffer.alloc(0);
      }
    }
    if (skipped >= 0) pushTooLong(skipped);
    else if (carry.length > 0) lines.push(carry[carry.length - 1] === CR ? carry.subarray(0, -1) : carry);
    if (lines.length > 0) yield take(base + carry.length);
  } finally {
    input.destroy();
  }
}

/** The chunk's lines as text (invalid UTF-8 becomes U+FFFD, which the importer rejects), blank ones left out. */
export function decodeLines(chunk: LineChunk): { line: number; text: string }[] {
  const buffer = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength);
  const out: { line: number; text: string }[] = [];
  let start = 0;
  chunk.ends.forEach((end, i) => {
    const text = buffer.toString('utf8', start, end);
    start = end;
    if (text.trim() !== '') out.push({ line: chunk.firstLine + i, text });
  });
  return out;
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
