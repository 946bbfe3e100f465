import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeLines, type LineChunk } from '../../server/import/line-chunks.ts';
import { readLineChunks } from '../../server/services/line-files.ts';
import { storePairRows, toPairRows, getPair } from '../../db/pairs.ts';
import { packTexts, prepareLines } from '../../server/services/prepare-pair.ts';
import { doc, openTestDb, tempDir } from '../helpers.ts';

/** Writes the content to a file and reads it back in chunks of `size` lines, `readSize` bytes at a time. */
async function chunksOf(content: Buffer | string, size: number, readSize: number, maxLineBytes?: number): Promise<LineChunk[]> {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'lines.jsonl');
    writeFileSync(file, content);
    const out: LineChunk[] = [];
    for await (const c of readLineChunks(file, size, undefined, readSize, maxLineBytes)) out.push(c);
    return out;
  } finally {
    cleanup();
  }
}

describe('readLineChunks and decodeLines', () => {
  it('splits on LF and CRLF, numbers lines from 1, keeps a last line without newline, skips blank lines', async () => {
    const text = 'first 한국어\r\nsecond\n\n   \nfifth 끝';
    for (const readSize of [1, 2, 3, 7, 1 << 20]) {
      const chunks = await chunksOf(text, 2, readSize);
      assert.deepEqual(chunks.map((c) => [c.firstLine, c.ends.length]), [[1, 2], [3, 2], [5, 1]], `read ${readSize} bytes at a time`);
      assert.deepEqual(chunks.flatMap(decodeLines), [
        { line: 1, text: 'first 한국어' }, { line: 2, text: 'second' }, { line: 5, text: 'fifth 끝' },
      ]);
      for (const c of chunks) assert.equal(c.bytes.byteOffset, 0, 'each chunk owns its buffer (transferable)');
      // how far the file is read after each chunk: past 'second\n', past '   \n', the whole file
      const bytes = Buffer.from(text);
      assert.deepEqual(chunks.map((c) => c.end), [bytes.indexOf('second') + 7, bytes.indexOf('fifth'), bytes.length], `read ${readSize} bytes at a time`);
    }
  });

  it('counts the bytes of over-long lines it drops in how far the file is read', async () => {
    const text = `short\n${'x'.repeat(50)}\nend\n`;
    for (const readSize of [1, 4, 16, 1 << 20]) {
      const chunks = await chunksOf(text, 1, readSize, 10);
      assert.deepEqual(chunks.map((c) => [c.firstLine, c.tooLong?.[0]?.bytes ?? 0, c.end]), [[1, 0, 6], [2, 50, 57], [3, 0, 61]], `read ${readSize} bytes at a time`);
    }
  });

  it('decodes characters split between reads, and turns invalid UTF-8 into U+FFFD', async () => {
    const bytes = Buffer.concat([Buffer.from('가나다\n'), Buffer.from([0x61, 0xff, 0x62, 0x0a]), Buffer.from('\uFEFF{"a":1}')]);
    const lines = (await chunksOf(bytes, 10, 1)).flatMap(decodeLines);
    assert.deepEqual(lines.map((l) => l.text), ['가나다', 'a\uFFFDb', '\uFEFF{"a":1}']);
  });

  it('gives nothing for an empty file', async () => {
    assert.deepEqual(await chunksOf('', 5, 4), []);
  });
});

describe('packTexts', () => {
  it('moves the big texts into one buffer, and storing the bytes stores the same text', () => {
    const en = doc('en', [['title', 'Night buses, “quoted”'], ['body', 'One.', 'Two.']]);
    const ko = doc('ko', [['title', '심야버스'], ['body', '하나. 둘.', '셋.']]);
    const results = prepareLines([]).concat([{ line: 1, rows: toPairRows(en, ko), alignment: null }, { line: 2, reason: 'bad' }]);
    const buffer = packTexts(results);
    const packed = results[0]!;
    assert.ok('rows' in packed);
    assert.ok(packed.rows.ko.paragraphs instanceof Uint8Array);
    assert.equal(packed.rows.ko.paragraphs.buffer, buffer);
    const expected = toPairRows(en, ko);
    const total = ['en', 'ko'].flatMap((side) => ['raw', 'paragraphs', 'sentences'].map((k) =>
      Buffer.byteLength((expected as unknown as Record<string, Record<string, string>>)[side]![k]!)));
    assert.equal(buffer.byteLength, total.reduce((a, b) => a + b, 0));

    const viaBytes = openTestDb();
    const viaText = openTestDb();
    const a = storePairRows(viaBytes, packed.rows);
    const b = storePairRows(viaText, expected);
    const strip = (p: ReturnType<typeof getPair>) => ({ ...p, createdAt: '', updatedAt: '' });
    assert.deepEqual(strip(getPair(viaBytes, a)), strip(getPair(viaText, b)));
    const raw = (db: typeof viaText) => db.prepare<[], { t: string; raw: string }>('SELECT typeof(raw_text) AS t, raw_text AS raw FROM articles ORDER BY id').all();
    assert.deepEqual(raw(viaBytes), raw(viaText));
    assert.equal(raw(viaBytes)[0]!.t, 'text');
  });
});
