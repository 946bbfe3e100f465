import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { OutputClosedError, tarSink, writeWithBackpressure } from '../../server/export/sinks.ts';
import { runExport } from '../../server/export/run.ts';
import type { ExportWriter } from '../../server/export/types.ts';
import type { ExportUnit } from '../../db/export.ts';
import { extractTar } from './tar.ts';

/** A writable that takes one chunk and then never finishes writing it (a stalled client). */
const stalled = () => new Writable({ highWaterMark: 1, write() { /* never calls back */ } });

/** A writable that collects what it is given. */
function collector() {
  const parts: Buffer[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, cb) { parts.push(chunk); cb(); } });
  return { stream, bytes: () => Buffer.concat(parts) };
}

describe('export sinks', () => {
  it('stops waiting for drain and rejects when the output closes (a cancelled download)', async () => {
    const out = stalled();
    const pending = writeWithBackpressure(out, 'x'.repeat(10));
    out.destroy();
    await assert.rejects(pending, OutputClosedError);
    await assert.rejects(writeWithBackpressure(out, 'more'), OutputClosedError);
  });

  it('writes whole files at once and appended files at the end, sorted, with fixed headers', async () => {
    const make = async () => {
      const { stream, bytes } = collector();
      const sink = tarSink(stream, { mtime: new Date('2024-05-01T00:00:00Z') });
      await sink.write('z.txt', 'last ');
      await sink.writeWhole('a/1.xml', '<x/>');
      await sink.write('m.txt', 'middle');
      await sink.write('z.txt', 'file');
      await sink.close();
      return bytes();
    };
    const tar = await make();
    const files = extractTar(tar);
    assert.deepEqual([...files.keys()], ['a/1.xml', 'm.txt', 'z.txt']);
    assert.equal(files.get('z.txt')!.toString(), 'last file');
    assert.ok(tar.equals(await make()), 'the same archive bytes twice');
  });

  it('aborts the sink when the writer throws, and passes the error on', async () => {
    let aborted = false;
    const writer: ExportWriter = {
      header: () => [{ file: '', text: 'h' }],
      unit: () => { throw new Error('writer broke'); },
      footer: () => [],
    };
    const sink = { write: async () => {}, writeWhole: async () => {}, close: async () => {}, abort: () => { aborted = true; return Promise.resolve(); } };
    await assert.rejects(runExport([{} as ExportUnit], writer, sink), /writer broke/);
    assert.equal(aborted, true);
  });
});
