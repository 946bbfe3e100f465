import { insertPair, type AlignmentInput, type DocumentInput } from '../../db/pairs.ts';
import type { Db } from '../../db/open.ts';
import { doc, openTestDb } from '../helpers.ts';

/** An invented two-paragraph pair about nuclear talks; sentence k links to sentence k, one 2:1 link. */
export function talksPair(overrides: { published?: string; section?: string; url?: string; tag?: string } = {}): [DocumentInput, DocumentInput] {
  const en = doc('en', [
    ['title', `Talks on denuclearization resume in Geneva${overrides.tag ?? ''}`],
    ['body', 'North Korea agreed to new talks on Monday.', 'The award ceremony was postponed.'],
    ['body', 'Officials said the summit could follow.', 'No date was set.'],
  ], overrides.url ?? null);
  const ko = doc('ko', [
    ['title', `제네바에서 비핵화 협상 재개${overrides.tag ?? ''}`],
    ['body', '북한은 월요일 새 협상에 동의했다.', '시상식은 연기됐다.'],
    ['body', '당국자들은 정상회담이 뒤따를 수 있으며 날짜는 정해지지 않았다고 밝혔다.'],
  ]);
  for (const d of [en, ko]) {
    if (overrides.published) d.meta.published = overrides.published;
    if (overrides.section) d.meta.section = overrides.section;
  }
  return [en, ko];
}

/** Links for talksPair: paragraphs 1:1; sentences 1:1 except the last two English sentences → one Korean (2:1). */
export const TALKS_ALIGNMENT: AlignmentInput = {
  paragraphs: [
    { en: [0, 1], ko: [0, 1], status: 'confirmed', confidence: 0.95, confirmedBy: 'kim', confirmedAt: '2024-03-13T10:00:00Z' },
    { en: [1, 2], ko: [1, 2], confidence: 0.9 },
    { en: [2, 3], ko: [2, 3], confidence: 0.6 },
  ],
  sentences: [
    { en: [0, 1], ko: [0, 1], status: 'confirmed', confidence: 0.95, confirmedBy: 'kim', confirmedAt: '2024-03-13T10:00:00Z' },
    { en: [1, 2], ko: [1, 2], confidence: 0.85 },
    { en: [2, 3], ko: [2, 3], status: 'rejected', confidence: 0.4 },
    { en: [3, 5], ko: [3, 4], confidence: 0.55 },
  ],
};

/** Stores talksPair with TALKS_ALIGNMENT and returns its id. */
export function storeTalks(db: Db, overrides: Parameters<typeof talksPair>[0] = {}): number {
  const [en, ko] = talksPair(overrides);
  return insertPair(db, en, ko, TALKS_ALIGNMENT);
}

/** A fresh database holding the talks pair, and that pair's id. */
export function talksDb(): { db: Db; id: number } {
  const db = openTestDb();
  return { db, id: storeTalks(db) };
}
