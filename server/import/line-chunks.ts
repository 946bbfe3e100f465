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
 * What a line reader carries from one read to the next. Lines are split on LF bytes (a CR before the
 * LF is dropped; LF never occurs inside a multi-byte UTF-8 character, so splitting bytes splits
 * characters never). A line longer than `maxLineBytes` is never held whole: its bytes are dropped as
 * they arrive and it comes out empty, listed in the chunk's `tooLong` with its line number.
 */
export interface SplitState {
  size: number;
  maxLineBytes: number;
  /** The unfinished last line of the previous read. */
  carry: Buffer;
  /** File offset of the first byte of `carry` (and so of the next read joined to it). */
  base: number;
  /** Lines of the chunk being filled, and the over-long ones among them. */
  lines: Uint8Array[];
  tooLong: { line: number; bytes: number }[];
  /** Number of the chunk's first line. */
  nextLine: number;
  /** Bytes dropped so far of the over-long line being skipped, or -1 when not skipping. */
  skipped: number;
}

/** A fresh state: chunks of up to `size` lines, lines over `maxLineBytes` reported, not held. */
export function startSplit(size: number, maxLineBytes = Infinity): SplitState {
  return { size, maxLineBytes, carry: Buffer.alloc(0), base: 0, lines: [], tooLong: [], nextLine: 1, skipped: -1 };
}

/** Splits one read (joined to the carry) into lines, yielding each chunk as soon as it is full. */
export function* splitPiece(st: SplitState, piece: Buffer): Generator<LineChunk> {
  const data = st.carry.length > 0 ? Buffer.concat([st.carry, piece]) : piece;
  let start = 0;
  for (let lf = data.indexOf(LF, start); lf !== -1; lf = data.indexOf(LF, start)) {
    const end = lf > start && data[lf - 1] === CR ? lf - 1 : lf;
    if (st.skipped >= 0) {
      pushTooLong(st, st.skipped + end - start);
      st.skipped = -1;
    } else if (end - start > st.maxLineBytes) {
      pushTooLong(st, end - start);
    } else {
      st.lines.push(data.subarray(start, end));
    }
    start = lf + 1;
    if (st.lines.length >= st.size) yield take(st, st.base + start);
  }
  // The views in `lines` stay valid: each `data` is a new buffer (concat) or the stream's own piece.
  st.carry = data.subarray(start);
  st.base += start;
  if (st.skipped >= 0) {
    st.skipped += st.carry.length;
    st.base += st.carry.length;
    st.carry = Buffer.alloc(0);
  } else if (st.carry.length > st.maxLineBytes) {
    st.skipped = st.carry.length;
    st.base += st.carry.length;
    st.carry = Buffer.alloc(0);
  }
}

/** The last chunk, once the input has ended: its unfinished last line counts as a line. */
export function* finishSplit(st: SplitState): Generator<LineChunk> {
  if (st.skipped >= 0) pushTooLong(st, st.skipped);
  else if (st.carry.length > 0) st.lines.push(st.carry[st.carry.length - 1] === CR ? st.carry.subarray(0, -1) : st.carry);
  if (st.lines.length > 0) yield take(st, st.base + st.carry.length);
}

/** Packs the lines gathered so far into a chunk ending at file offset `end`, and starts the next one. */
function take(st: SplitState, end: number): LineChunk {
  const chunk = pack(st.nextLine, st.lines, st.tooLong, end);
  st.nextLine += st.lines.length;
  st.lines = [];
  st.tooLong = [];
  return chunk;
}

/** An over-long line comes out empty, listed with its length. */
function pushTooLong(st: SplitState, bytes: number): void {
  st.tooLong.push({ line: st.nextLine + st.lines.length, bytes });
  st.lines.push(new Uint8Array(0));
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

