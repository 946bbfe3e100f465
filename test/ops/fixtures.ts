import { openDb, type Db } from '../../db/open.ts';
import { countPairs, insertPair, saveAlignment, type AlignmentInput } from '../../db/pairs.ts';
import { doc } from '../helpers.ts';

/**
 * Three paragraphs a side (title; two sentences; one sentence), so sentence positions are
 * 0 | 1 2 | 3 on both sides. Invented text.
 */
export function storeAlignedPair(db: Db, n: number): number {
  const en = doc('en', [
    ['title', `Harbour ferry ${n} returns`],
    ['body', `The ferry to Ganghwa island ${n} sails again on Monday.`, 'Tickets cost 4,500 won.'],
    ['body', `Captain Jang Mi-rae said ${n} crew members are ready.`],
  ], `https://example.org/en/ferry-${n}`);
  const ko = doc('ko', [
    ['title', `강화 ${n}호 여객선 운항 재개`],
    ['body', `강화도 ${n}호 여객선이 월요일부터 다시 운항한다.`, '요금은 4500원이다.'],
    ['body', `장미래 선장은 승무원 ${n}명이 준비를 마쳤다고 말했다.`],
  ], `https://example.org/ko/ferry-${n}`);
  const id = insertPair(db, en, ko);
  saveAlignment(db, id, ALIGNMENT);
  return id;
}

/** A correct alignment of storeAlignedPair's texts. */
export const ALIGNMENT: AlignmentInput = {
  paragraphs: [{ en: [0, 1], ko: [0, 1] }, { en: [1, 2], ko: [1, 2] }, { en: [2, 3], ko: [2, 3] }],
  sentences: [{ en: [0, 1], ko: [0, 1] }, { en: [1, 3], ko: [1, 3] }, { en: [3, 4], ko: [3, 4] }],
};

/** Opens the database file at `path`, stores storeAlignedPair(n) for each n, and closes it again. */
export function writeAlignedPairs(path: string, ns: number[]): void {
  const db = openDb(path);
  for (const n of ns) storeAlignedPair(db, n);
  db.close();
}

/** How many pairs the database file at `path` holds (opened and closed again). */
export function pairsInFile(path: string): number {
  const db = openDb(path);
  try {
    return countPairs(db);
  } finally {
    db.close();
  }
}
