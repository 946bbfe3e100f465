/**
 * Loose phonetic keys for matching names and loanwords across scripts.
 *
 * Both a Hangul string and an English word are reduced to a *consonant skeleton*: vowels are
 * dropped, consonants are folded into classes that Korean loanword spelling cannot tell apart
 * (p/b/f/v → p, t/d → t, k/g/c/q → k, j/z/ch → c, r/l → l, ng → N) and doubled classes collapse.
 * This follows the idea of phonetic keys (Soundex, Russell & Odell 1918; the consonant-skeleton
 * matching of transliterated names in Knight & Graehl 1998, "Machine Transliteration", §3) rather
 * than a full transliteration model: it is cheap, symmetric and tolerant of the variation seen in
 * news (비건 ↔ Biegun, 워킹그룹 ↔ working group, 미사일 ↔ missile, 트럼프 ↔ Trump).
 */

import { memoString } from './memo.ts';

const HANGUL_BASE = 0xac00;
const HANGUL_LAST = 0xd7a3;

// Onsets (19), in Unicode order: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
const ONSET = ['k', 'k', 'n', 't', 't', 'l', 'm', 'p', 'p', 's', 's', '', 'c', 'c', 'c', 'k', 't', 'p', ''];
// Codas (28), index 0 = none: ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
// Coda ㅅ is the loanword spelling of a final t (인터넷 ↔ internet), so it maps to t.
const CODA = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'lk', 'lm', 'l', 'l', 'l', 'l', 'l', 'm', 'p', 'p',
  't', 't', 'N', 't', 't', 'k', 't', 'p', ''];

/** True for a precomposed Hangul syllable (U+AC00–U+D7A3). */
export function isHangul(ch: number): boolean {
  return ch >= HANGUL_BASE && ch <= HANGUL_LAST;
}

function collapse(s: string): string {
  let out = '';
  for (const c of s) if (out[out.length - 1] !== c) out += c;
  return out;
}

function hangulSkeletonRaw(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isHangul(c)) continue;
    const idx = c - HANGUL_BASE;
    out += ONSET[Math.floor(idx / 588)]! + CODA[idx % 28]!;
  }
  return collapse(out);
}

const VOWEL = /[aeiouy]/;

/** Voiced and foreign consonants folded onto the Korean series they are heard as. */
const DEVOICE: ReadonlyMap<string, string> = new Map(Object.entries({ b: 'p', f: 'p', v: 'p', d: 't', g: 'k', q: 'k', j: 'c', z: 'c' }));

/**
 * Consonant skeleton of an English word (letters only, lower-cased inside).
 * An r that is not followed by a vowel is dropped, because Korean loanword spelling drops a
 * non-prevocalic r (computer → 컴퓨터); th is folded with t.
 */
function latinSkeletonRaw(word: string): string {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i]!;
    const n = w[i + 1] ?? '';
    if (VOWEL.test(c) || c === 'w' || c === 'h') continue;
    if (c === 'c') {
      if (n === 'h') { out += 'c'; i++; continue; }
      if (n === 'k') { out += 'k'; i++; continue; }
      out += n === 'e' || n === 'i' || n === 'y' ? 's' : 'k';
      continue;
    }
    if (c === 's' && n === 'h') { out += 's'; i++; continue; }
    if (c === 'p' && n === 'h') { out += 'p'; i++; continue; }
    if (c === 't' && n === 'h') { out += 't'; i++; continue; }
    if (c === 'g' && n === 'h') { i++; continue; }
    if (c === 'n' && n === 'g') { out += 'N'; i++; continue; }
    if (c === 'n' && n === 'k') { out += 'N'; continue; }
    if (c === 'r') { if (VOWEL.test(n)) out += 'l'; continue; }
    if (c === 'x') { out += 'ks'; continue; }
    out += DEVOICE.get(c) ?? c;
  }
  return collapse(out);
}

/**
 * Skeletons of the prefixes word[s..e) for e = s+1 … s+maxLen (stopping at the first non-Hangul
 * character), built incrementally: one pass instead of one call per prefix.
 */
export function hangulPrefixSkeletons(word: string, s: number, maxLen: number): string[] {
  const out: string[] = [];
  let sk = '';
  for (let e = s; e < word.length && e < s + maxLen; e++) {
    const c = word.charCodeAt(e);
    if (!isHangul(c)) break;
    const idx = c - HANGUL_BASE;
    for (const ch of ONSET[Math.floor(idx / 588)]! + CODA[idx % 28]!) if (sk[sk.length - 1] !== ch) sk += ch;
    out.push(sk);
  }
  return out;
}

/** Consonant skeleton of a Hangul string (non-Hangul characters are ignored). Memoised. */
export const hangulSkeleton = memoString(hangulSkeletonRaw);

/** Consonant skeleton of an English word; see latinSkeletonRaw. Memoised. */
export const latinSkeleton = memoString(latinSkeletonRaw);
