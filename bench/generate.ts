/**
 * Deterministic generator of synthetic English/Korean article pairs for benchmarks: enough
 * vocabulary, numbers and names that the importer and the aligner do real work.
 */
const EN_WORDS = ['government', 'ministry', 'officials', 'said', 'plan', 'city', 'council', 'budget', 'workers', 'exports',
  'announced', 'percent', 'residents', 'market', 'prices', 'rose', 'fell', 'week', 'talks', 'agreement', 'report',
  'company', 'union', 'election', 'court', 'ruling', 'police', 'school', 'students', 'hospital'];
const KO_WORDS = ['정부는', '부처', '관계자는', '밝혔다', '계획을', '시의회', '예산', '노동자', '수출이', '발표했다',
  '주민들은', '시장', '가격이', '올랐다', '내렸다', '지난주', '협상', '합의', '보고서', '회사', '노조', '선거',
  '법원', '판결', '경찰', '학교', '학생들', '병원', '증가했다', '감소했다'];
const NAMES: [string, string][] = [['Kim Min-ji', '김민지'], ['Park Seo-yeon', '박서연'], ['Lee Jun-ho', '이준호'],
  ['Choi Dong-hoon', '최동훈'], ['Jung Hae-in', '정해인'], ['Yoon Ji-woo', '윤지우']];

/** Small deterministic PRNG (mulberry32) so every run generates the same corpus. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

function sentencePair(r: () => number): [string, string] {
  const n = 6 + Math.floor(r() * 10);
  const num = Math.floor(r() * 9000) + 100;
  const [enName, koName] = pick(r, NAMES);
  const en = Array.from({ length: n }, () => pick(r, EN_WORDS));
  const ko = Array.from({ length: Math.ceil(n * 0.6) }, () => pick(r, KO_WORDS));
  en.splice(1, 0, `${enName}`, `${num.toLocaleString('en-US')}`);
  ko.splice(1, 0, `${koName}`, `${num}명`);
  const enText = en.join(' ');
  return [`${enText[0]!.toUpperCase()}${enText.slice(1)}.`, `${ko.join(' ')}다.`];
}

/** One JSONL pair record: `paragraphs` paragraphs a side, 1–3 sentences each, a title first. */
export function generatePairRecord(i: number, paragraphs = 15): { en: object; ko: object } {
  const r = prng(i + 1);
  const en: string[] = [];
  const ko: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const k = 1 + Math.floor(r() * 3);
    const pairs = Array.from({ length: k }, () => sentencePair(r));
    en.push(pairs.map(([e]) => e).join(' '));
    ko.push(pairs.map(([, o]) => o).join(' '));
  }
  return {
    en: { paragraphs: [{ kind: 'title', text: `Report number ${i} on city budget` }, ...en], url: `https://example.org/en/${i}` },
    ko: { paragraphs: [{ kind: 'title', text: `시 예산 보고서 ${i}호` }, ...ko], url: `https://example.org/ko/${i}` },
  };
}
