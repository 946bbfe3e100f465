/**
 * Tokenisation shared by the glossary, the anchors and the lexicon: English words with a light
 * suffix-stripping stemmer (a small subset of Porter 1980, steps 1a–1b), Korean words (eojeol)
 * with their trailing particles removed.
 */
import { isHangul } from './romanize.ts';
import { memoString } from './memo.ts';

/** A word and its position in the text it came from. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** English word tokens (letters, digits inside words, internal apostrophes, hyphens and dots). */
export function englishWords(text: string): Token[] {
  const out: Token[] = [];
  const re = /[A-Za-z][A-Za-z0-9]*(?:['’.-][A-Za-z0-9]+)*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/**
 * Light English stemmer: lower-case, drop a possessive, then Porter's step 1a (plural) and a
 * guarded step 1b (-ed, -ing). Over-stemming is harmless here: stems only need to be equal for
 * inflections of one word, and both sides of every lookup go through the same function.
 */
function stemEnglishRaw(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '').replace(/\.$/, '');
  if (w.length <= 3) return w;
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ied')) w = w.slice(0, -3) + 'y';
  else if (w.length > 4 && w.endsWith('ed') && !w.endsWith('eed')) w = w.slice(0, -2);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Frequent English words that carry no alignment information (a stop list). */
export const EN_STOP = new Set((
  'a an the and or but if of to in on at by for with from as into about than then that this these those ' +
  'is are was were be been being has have had do does did will would shall should can could may might must ' +
  'not no it its it\'s he him his she her they them their we us our you your i me my who whom whose which what ' +
  'when where why how all any some such more most other also only just very so too up out over said says say ' +
  'there here after before while because since until during new one one\'s mr mrs ms'
).split(' '));

/** Korean word tokens: maximal runs of non-space characters. */
export function koreanWords(text: string): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** Trailing particles and endings stripped from a Korean word, longest first. */
const KO_SUFFIXES = [
  '에서는', '에게서', '으로는', '이라고', '이라는', '에서', '에게', '으로', '까지', '부터', '라고', '라는', '하는',
  '했다', '한다', '이다', '하고', '하며', '했던', '들이', '들은', '들을', '들의', '들', '은', '는', '이', '가',
  '을', '를', '의', '에', '도', '로', '와', '과', '만', '한', '된', '할',
];

/** Hangul stem of a Korean word: punctuation trimmed, one particle or ending removed. */
function stemKoreanRaw(word: string): string {
  let w = '';
  for (const ch of word) if (isHangul(ch.charCodeAt(0))) w += ch; else if (w) break;
  for (const s of KO_SUFFIXES) {
    if (w.length > s.length + 1 && w.endsWith(s)) return w.slice(0, -s.length);
  }
  return w;
}

/** Light English stemmer (see stemEnglishRaw), memoised. */
export const stemEnglish = memoString(stemEnglishRaw);

/** Hangul stem of a Korean word (see stemKoreanRaw), memoised. */
export const stemKorean = memoString(stemKoreanRaw);
