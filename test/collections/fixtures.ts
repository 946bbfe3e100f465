import type { Db } from '../../db/open.ts';
import { openTestDb, tempDir } from '../helpers.ts';

/** Invented articles for the update and collection tests: an English story, its Korean original, and edits. */
export const EN_PARAGRAPHS = [
  'Busan to open a floating library on its harbour',
  'The city of Busan will open a library on a moored ferry in its north harbour next spring, officials said on Tuesday.',
  'The ferry, retired from the Jeju route in 2021, will hold about 12,000 books and a reading room for 80 people.',
  'Admission will be free, and the library will stay open until 10 p.m. on weekdays.',
  'The city expects some 150,000 visitors in the first year.',
  'A local fishermen\'s union said it welcomed the plan but asked for more parking near the pier.',
];
export const KO_PARAGRAPHS = [
  '부산시, 북항에 \'바다 위 도서관\' 연다',
  '부산시는 내년 봄 북항에 정박한 여객선에 도서관을 연다고 화요일 밝혔다.',
  '2021년 제주 노선에서 은퇴한 이 여객선에는 책 1만2천권과 80석 규모의 열람실이 들어선다.',
  '입장료는 무료이며 평일에는 밤 10시까지 문을 연다.',
  '시는 첫해 방문객을 약 15만명으로 예상한다.',
  '지역 어민조합은 계획을 환영하면서도 부두 근처 주차 공간을 늘려 달라고 요청했다.',
];
export const text = (paragraphs: readonly string[]): string => `${paragraphs.join('\n\n')}\n`;

/** A JSONL record of the fixture story with one paragraph changed per index, so each record is a new pair. */
export function record(n: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    en: { paragraphs: [...EN_PARAGRAPHS.slice(0, 2), `${EN_PARAGRAPHS[2]} (version ${n})`] },
    ko: { paragraphs: [...KO_PARAGRAPHS.slice(0, 2), `${KO_PARAGRAPHS[2]} (판 ${n})`] },
    ...extra,
  });
}

/** Runs a test body with a temporary folder that is removed after it, pass or fail. */
export async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const { dir, cleanup } = tempDir();
  try {
    await body(dir);
  } finally {
    cleanup();
  }
}

/** Runs a test body with a fresh database and a temporary folder. */
export function withDbAndDir(body: (db: Db, dir: string) => Promise<void>): Promise<void> {
  const db = openTestDb();
  return inTempDir((dir) => body(db, dir));
}
