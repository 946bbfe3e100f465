import type { Lang } from '../model.ts';
import { ImportError } from './errors.ts';

/** Letter counts by script, the evidence behind a language verdict. */
export interface ScriptProfile {
  letters: number;
  hangul: number;
  latin: number;
  han: number;
  kana: number;
  other: number;
}

/** Count letters per script. Hangul syllables and jamo count one each, as do Latin letters. */
export function profileScripts(text: string): ScriptProfile {
  const p: ScriptProfile = { letters: 0, hangul: 0, latin: 0, han: 0, kana: 0, other: 0 };
  // Fast paths for ASCII and the Hangul syllables block, nearly every character of an article; the rest
  // go through the Unicode property tests. (Testing every letter with regexps was most of the import's parse time.)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) { p.letters++; p.latin++; }
      continue;
    }
    if (c >= 0xac00 && c <= 0xd7a3) { p.letters++; p.hangul++; continue; }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    const ch = String.fromCodePoint(cp);
    if (!LETTER.test(ch)) continue;
    p.letters++;
    if (HANGUL.test(ch)) p.hangul++;
    else if (LATIN.test(ch)) p.latin++;
    else if (HAN.test(ch)) p.han++;
    else if (KANA.test(ch)) p.kana++;
    else p.other++;
  }
  return p;
}
const LETTER = /\p{L}/u;
const HANGUL = /\p{Script=Hangul}/u;
const LATIN = /\p{Script=Latin}/u;
const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;

// Korean news text is >80% Hangul letters even with acronyms (NSC, FFVD) and English names;
// English text quoting a Korean word or two stays far below 10%. The thresholds sit in the gap.
const MAX_HANGUL_IN_ENGLISH = 0.3;
const MIN_HANGUL_IN_KOREAN = 0.3;
const MIN_LATIN_IN_ENGLISH = 0.6;

const SLOT_NAME: Record<Lang, string> = { en: 'English', ko: 'Korean' };

/**
 * Check that text belongs in the given language slot; throws ImportError('wrong_language') naming
 * the slot and what was found. Korean with some Latin tokens is still Korean.
 */
export function checkLanguage(text: string, slot: Lang): void {
  const p = profileScripts(text);
  const slotName = SLOT_NAME[slot];
  if (p.letters === 0) {
    throw new ImportError('wrong_language', `The ${slotName} slot holds no letters at all, only digits or symbols. Check that you chose the right file.`);
  }
  const pct = (n: number) => Math.round((100 * n) / p.letters);
  if (slot === 'en') {
    if (p.hangul / p.letters > MAX_HANGUL_IN_ENGLISH) {
      throw new ImportError('wrong_language', `The English slot holds Korean text: ${pct(p.hangul)}% of its letters are Hangul. Swap the files?`);
    }
    if (p.latin / p.letters < MIN_LATIN_IN_ENGLISH) {
      throw new ImportError('wrong_language', `The English slot does not hold English text: only ${pct(p.latin)}% of its letters are Latin (${describeOther(p)}). Choose the English article.`);
    }
    return;
  }
  if (p.hangul / p.letters < MIN_HANGUL_IN_KOREAN) {
    const swap = p.latin / p.letters >= MIN_LATIN_IN_ENGLISH;
    throw new ImportError(
      'wrong_language',
      swap
        ? `The Korean slot holds English text: only ${pct(p.hangul)}% of its letters are Hangul and ${pct(p.latin)}% are Latin. Swap the files?`
        : `The Korean slot does not hold Korean text: only ${pct(p.hangul)}% of its letters are Hangul (${describeOther(p)}). Choose the Korean article.`,
    );
  }
}

function describeOther(p: ScriptProfile): string {
  const parts: [number, string][] = [
    [p.hangul, 'Hangul'], [p.latin, 'Latin'], [p.han, 'Chinese characters'], [p.kana, 'Japanese kana'], [p.other, 'other scripts'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .sort((a, b) => b[0] - a[0])
    .map(([n, name]) => `${Math.round((100 * n) / p.letters)}% ${name}`)
    .join(', ');
}
