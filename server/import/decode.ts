import { ImportError } from './errors.ts';

/** Default upper bound for one article file. News articles are a few dozen KB at most. */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export interface DecodeOptions {
  /** Largest accepted input in bytes (default 2 MB). */
  maxBytes?: number;
  /** How the input is named in messages, e.g. 'English file'. */
  label?: string;
}

// Signatures of files people drop by mistake; naming them makes the message actionable.
const SIGNATURES: readonly [bytes: readonly number[], what: string][] = [
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or a .docx/.hwpx/.xlsx file)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Office or HWP document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x1f, 0x8b], 'a gzip archive'],
];

/**
 * Decode an uploaded file as strict UTF-8. Strips a BOM; rejects empty, oversized, binary and
 * non-UTF-8 input with an {@link ImportError} that tells the user how to fix the file.
 */
export function decodeText(input: Buffer | Uint8Array, opts: DecodeOptions = {}): string {
  const label = opts.label ?? 'The file';
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length === 0) {
    throw new ImportError('empty', `${label} is empty. Choose a file that contains the article text.`);
  }
  if (bytes.length > maxBytes) {
    throw new ImportError(
      'too_large',
      `${label} is ${formatBytes(bytes.length)}, more than the ${formatBytes(maxBytes)} limit. ` +
        'Import one article per file, or strip images and page markup first.',
    );
  }
  for (const [sig, what] of SIGNATURES) {
    if (sig.every((b, i) => bytes[i] === b)) {
      throw new ImportError('binary', `${label} looks like ${what}, not text. Save the article as plain text (UTF-8) or HTML and import that.`);
    }
  }
  // UTF-16 files are full of NUL bytes; catch them first so the message names the real problem.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportError('invalid_utf8', `${label} is encoded as UTF-16, not UTF-8. Re-save it as UTF-8 (in most editors: Save As → Encoding → UTF-8).`);
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new ImportError('binary', `${label} contains binary data (a NUL byte at offset ${nul}), so it is not a text file. Export the article as plain text or HTML.`);
  }
  let text: string;
  try {
    // fatal: refuse to guess; ignoreBOM false: the decoder drops a leading UTF-8 BOM for us.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new ImportError(
      'invalid_utf8',
      `${label} is not valid UTF-8 (first bad byte at offset ${at}). Korean files are often saved as EUC-KR/CP949: ` +
        're-save it as UTF-8 and import again.',
    );
  }
  if (countControl(text) > Math.max(8, text.length / 100)) {
    throw new ImportError('binary', `${label} is full of control characters, so it is probably not a text file. Export the article as plain text or HTML.`);
  }
  if (text.trim() === '') {
    throw new ImportError('empty', `${label} contains only whitespace. Choose a file that contains the article text.`);
  }
  return text;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} bytes`;
}

function countControl(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f) n++;
  }
  return n;
}

/** Byte offset of the first byte that cannot start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const dec = new TextDecoder('utf-8', { fatal: true });
  // Binary search on prefixes would be wrong (a cut sequence is invalid too); walk sequences.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0) return i;
    try {
      dec.decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return i;
}
