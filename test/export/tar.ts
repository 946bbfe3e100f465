import { gunzipSync, unzipSync } from 'fflate';
/** Reads a plain ustar archive into name → bytes (enough for the archives the exports write). */
export function extractTar(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    files.set(name, tar.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Reads a zip archive into name → bytes, gzipped members (`.gz`) unpacked, names without `.gz`. */
export function extractZip(zip: Buffer, opts: { gunzip?: boolean } = {}): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(zip)))) {
    if (opts.gunzip && name.endsWith('.gz')) files.set(name.slice(0, -3), Buffer.from(gunzipSync(bytes)));
    else files.set(name, Buffer.from(bytes));
  }
  return files;
}
