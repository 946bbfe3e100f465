import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { completeAlignment, LinkError } from '../../server/import/complete-links.ts';

const doc = (...counts: number[]) => ({ paragraphs: counts.map((n) => ({ sentences: Array.from({ length: n }, (_, i) => `s${i}`) })) });
const shape = (links: { en: readonly [number, number]; ko: readonly [number, number] }[]) =>
  links.map((l) => `${l.en[0]}-${l.en[1]}:${l.ko[0]}-${l.ko[1]}`).join(' ');

describe('completeAlignment', () => {
  it('completes uncovered paragraphs and sentences as one-sided links where they fall', () => {
    const r = completeAlignment(doc(1, 1, 1), doc(1, 2), {
      paragraphs: [{ en: [0, 1], ko: [0, 1] }, { en: [2, 3], ko: [1, 2] }],
      sentences: [{ en: [0, 1], ko: [0, 1] }],
    });
    assert.equal(shape(r.alignment.paragraphs), '0-1:0-1 1-2:1-1 2-3:1-2');
    assert.equal(shape(r.alignment.sentences), '0-1:0-1 1-2:1-1 2-3:1-1 3-3:1-2 3-3:2-3');
    assert.deepEqual(r.added, { paragraph: 1, sentence: 4 });
  });

  it('joins uncovered paragraphs that a given sentence link joins, so the sentence link is kept (a --status confirmed export)', () => {
    // paragraph link 0 was not exported; its confirmed sentence link 1:1 (en 1 ↔ ko 1) was
    const r = completeAlignment(doc(1, 1, 1), doc(1, 1, 1), {
      paragraphs: [{ en: [2, 3], ko: [2, 3] }],
      sentences: [{ en: [1, 2], ko: [1, 2], status: 'confirmed' }],
    });
    assert.equal(shape(r.alignment.paragraphs), '0-1:0-0 1-1:0-1 1-2:1-2 2-3:2-3');
    assert.equal(shape(r.alignment.sentences), '0-1:0-0 1-1:0-1 1-2:1-2 2-3:2-2 3-3:2-3');
    assert.equal(r.alignment.sentences[2]!.status, 'confirmed');
  });

  it('keeps a complete alignment as it is and adds nothing', () => {
    const input = { paragraphs: [{ en: [0, 1] as const, ko: [0, 1] as const }], sentences: [{ en: [0, 2] as const, ko: [0, 1] as const }] };
    const r = completeAlignment(doc(2), doc(1), input);
    assert.equal(shape(r.alignment.sentences), '0-2:0-1');
    assert.deepEqual(r.added, { paragraph: 0, sentence: 0 });
  });

  it('refuses crossing links, links past the end, and a sentence link across two paragraph links, saying why', () => {
    assert.throws(() => completeAlignment(doc(1, 1), doc(1, 1), {
      paragraphs: [{ en: [1, 2], ko: [0, 1] }, { en: [0, 1], ko: [1, 2] }], sentences: [],
    }), (e: unknown) => e instanceof LinkError && /already in an earlier link/.test(e.message));
    assert.throws(() => completeAlignment(doc(1), doc(1), { paragraphs: [{ en: [0, 2], ko: [0, 1] }], sentences: [] }),
      (e: unknown) => e instanceof LinkError && /outside/.test(e.message));
    assert.throws(() => completeAlignment(doc(1, 1), doc(1, 1), {
      paragraphs: [{ en: [0, 1], ko: [0, 1] }, { en: [1, 2], ko: [1, 2] }], sentences: [{ en: [0, 2], ko: [0, 1] }],
    }), (e: unknown) => e instanceof LinkError && /spans paragraph links 0 and 1/.test(e.message));
  });
});
