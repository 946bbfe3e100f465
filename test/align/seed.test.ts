import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alignArticle, type AlignSide } from '../../server/align/index.ts';
import type { ParagraphKind } from '../../server/model.ts';
import { checkResult } from './helpers.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const goldFile = resolve(root, '..', 'shared', 'seed', '000_8ad9993ee28212eb.gold.json');

interface SeedGold {
  en: { kind: ParagraphKind; text: string }[];
  ko: { kind: ParagraphKind; text: string }[];
  links: { en: number[]; ko: number[] }[];
}

// Sentence split for the test only: after . ! ? (optionally closed by a quote) and a space.
const split = (t: string) => t.split(/(?<=[.!?]["”’]?)\s+/).filter(Boolean);
const toSide = (items: SeedGold['en']): AlignSide => ({ paragraphs: items.map((i) => ({ kind: i.kind, sentences: split(i.text) })) });

describe('seed pair (../shared/seed)', () => {
  if (!existsSync(goldFile)) {
    it('skipped: ../shared/seed not found', () => { console.log('skipped: ../shared/seed not found'); });
    return;
  }
  it('aligns the seed pair close to its gold paragraph alignment', () => {
    const gold = JSON.parse(readFileSync(goldFile, 'utf8')) as SeedGold;
    const en = toSide(gold.en);
    const ko = toSide(gold.ko);
    const r = alignArticle(en, ko);
    checkResult(r, en, ko);
    const key = (l: { en: number[]; ko: number[] }) => `${l.en.join(',')}|${l.ko.join(',')}`;
    const g = new Set(gold.links.filter((l) => l.en.length && l.ko.length).map(key));
    const p = r.paragraphs.filter((l) => l.en.length && l.ko.length);
    const tp = p.filter((l) => g.has(key(l))).length;
    const f1 = (2 * tp) / (p.length + g.size);
    console.log(`seed pair: paragraph strict F1 ${f1.toFixed(3)} (${tp} of ${g.size} gold links)`);
    assert.ok(f1 >= 0.6, `strict F1 ${f1}`);
  });
});
