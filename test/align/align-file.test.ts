import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAlignFile } from '../../server/commands/align-file.ts';
import { S, KO_ONLY } from '../fixtures/align/texts.ts';

const article = (id: string) => JSON.stringify({
  id,
  en: { paragraphs: [[S.rate.en, S.governor.en], [S.won.en]] },
  ko: { paragraphs: [[S.rate.ko], [S.governor.ko], [KO_ONLY.kospi], [S.won.ko]] },
  gold: { paragraphs: [], sentences: [] },
});

describe('runAlignFile', () => {
  let dir = '';
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: (s: string) => { out.stdout += s; }, stderr: (s: string) => { out.stderr += s; } } };
  };
  before(() => { dir = mkdtempSync(join(tmpdir(), 'jjak-align-file-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one prediction line per article with confidence on every link', async () => {
    const inFile = join(dir, 'in.jsonl');
    writeFileSync(inFile, `${article('a-1')}\n\n${article('a-2')}\n`);
    const { out, io: x } = io();
    const code = await runAlignFile({ in: inFile, out: join(dir, 'out.jsonl') }, x);
    assert.equal(code, 0, out.stderr);
    const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as {
      id: string; paragraphs: { en: number[]; ko: number[]; confidence: number }[]; sentences: { confidence: number }[] });
    assert.deepEqual(lines.map((l) => l.id), ['a-1', 'a-2']);
    for (const l of lines) {
      assert.ok([...l.paragraphs, ...l.sentences].every((k) => typeof k.confidence === 'number'));
      assert.deepEqual(l.paragraphs.map((p) => [p.en, p.ko]), [[[0], [0, 1]], [[], [2]], [[1], [3]]]);
    }
  });
  it('reports a missing input file with exit code 1', async () => {
    const { out, io: x } = io();
    assert.equal(await runAlignFile({ in: join(dir, 'nope.jsonl'), out: join(dir, 'o.jsonl') }, x), 1);
    assert.match(out.stderr, /cannot read .*nope\.jsonl: ENOENT/);
  });
  it('names the line of a garbled input file', async () => {
    const inFile = join(dir, 'bad.jsonl');
    writeFileSync(inFile, `${article('a-1')}\n{"id": "a-2", "en": \n`);
    const { out, io: x } = io();
    assert.equal(await runAlignFile({ in: inFile, out: join(dir, 'o.jsonl') }, x), 1);
    assert.match(out.stderr, /bad\.jsonl:2: not valid JSON/);
  });
  it('names the line of an article with a malformed side', async () => {
    const inFile = join(dir, 'bad2.jsonl');
    writeFileSync(inFile, `{"id":"x","en":{"paragraphs":[["a"]]},"ko":{"paragraphs":"no"}}\n`);
    const { out, io: x } = io();
    assert.equal(await runAlignFile({ in: inFile, out: join(dir, 'o.jsonl') }, x), 1);
    assert.match(out.stderr, /bad2\.jsonl:1: "ko\.paragraphs" must be an array of arrays of strings/);
  });
});
