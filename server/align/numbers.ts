/**
 * Number anchors normalised across the two languages (Gale & Church 1993 §6 and Simard, Foster &
 * Isabelle 1992 "cognates": numbers are the most reliable cross-lingual anchors in news).
 *
 * Korean writes large numbers with myriad units (만 10⁴, 억 10⁸, 조 10¹²) and mixes digits with
 * 천/백 (12조3천억 = 12.3 × 10¹²; 27만5000 = 275,000); English uses thousand/million/billion and
 * thousands separators ($4.9 billion). Both are reduced to a canonical decimal value. Months are
 * reported separately (10월 ↔ Oct.) because a bare month number would collide with counts.
 */

/** A number found in a text: canonical value key, the substring as written, and its kind. */
export interface NumberMention {
  key: string;
  surface: string;
  /** 'month' for month names and N월; 'number' otherwise. */
  kind: 'number' | 'month';
  value: number;
}

/** Canonical key of a numeric value: rounded to 6 significant digits so 4.9e9 from 49억 equals it. */
export function numberKey(v: number): string {
  return String(Number(v.toPrecision(6)));
}

const KO_SMALL: ReadonlyMap<string, number> = new Map(Object.entries({ 십: 10, 백: 100, 천: 1000 }));
const KO_BIG: ReadonlyMap<string, number> = new Map(Object.entries({ 만: 1e4, 억: 1e8, 조: 1e12 }));

/**
 * Numbers in a Korean text. Digits may be followed by unit characters (천, 만, 억, 조…) written
 * without spaces; the value is accumulated the way Korean numerals are read (small units inside a
 * myriad group, then the myriad unit). `N월` is a month, `N일` a day (kept as a number).
 */
export function koreanNumbers(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  const re = /\d[\d,]*(?:\.\d+)?/g;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = re.exec(text)) !== null) {
    if (m.index < pos) continue;
    const start = m.index;
    let total = 0;
    let small = 0;
    let cur = parseFloat(m[0].replace(/,/g, ''));
    let end = start + m[0].length;
    let sawUnit = false;
    // Continue through units and further digit groups: 12조3천억, 1억1천만, 27만5000.
    for (;;) {
      const ch = text[end] ?? '';
      if (KO_SMALL.has(ch)) {
        small += (cur || 1) * KO_SMALL.get(ch)!;
        cur = 0; end++; sawUnit = true;
      } else if (KO_BIG.has(ch)) {
        total += (small + (cur || (small ? 0 : 1))) * KO_BIG.get(ch)!;
        small = 0; cur = 0; end++; sawUnit = true;
      } else if (sawUnit && /\d/.test(ch)) {
        const mm = /^\d[\d,]*(?:\.\d+)?/.exec(text.slice(end))!;
        cur = parseFloat(mm[0].replace(/,/g, ''));
        end += mm[0].length;
      } else break;
    }
    total += small + cur;
    pos = end;
    re.lastIndex = end;
    const surface = text.slice(start, end);
    if (!sawUnit && text[end] === '월') {
      out.push({ key: 'm' + total, surface: surface + '월', kind: 'month', value: total });
      continue;
    }
    if (!Number.isFinite(total)) continue;
    out.push({ key: numberKey(total), surface, kind: 'number', value: total });
  }
  return out;
}

const EN_SCALE: ReadonlyMap<string, number> = new Map(Object.entries({
  hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12, bn: 1e9, mn: 1e6,
}));
// Maps, not objects: they are looked up with any word of the text ("Constructor" is no month).
const EN_WORDS = new Map<string, number>(Object.entries({
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100,
  thousand: 1000, dozen: 12, second: 2, third: 3, fourth: 4, fifth: 5, half: 0.5,
}));
const MONTHS = new Map<string, number>(Object.entries({
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6,
  june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
}));

const KO_NATIVE: ReadonlyMap<string, number> = new Map(Object.entries({
  한: 1, 두: 2, 세: 3, 네: 4, 다섯: 5, 여섯: 6, 일곱: 7, 여덟: 8, 아홉: 9, 열: 10, 스무: 20,
}));

/**
 * Native Korean numerals before a counter (두 명, 세 차례, 다섯 가지): the English usually spells
 * these out (two, three, five), which englishNumbers reads.
 */
export function koreanNativeNumbers(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  const re = /(?:^|[\s(“"‘])(한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무)\s?(?=(?:명|번째|번|개|가지|시간|차례|살|곳|대|척|마리|달|해|주일|권|채|건|배|나라|사람)(?:[^가-힣]|[이가은는을를의에도과와만]|$))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const v = KO_NATIVE.get(m[1]!)!;
    out.push({ key: numberKey(v), surface: m[1]!, kind: 'number', value: v });
  }
  return out;
}

/**
 * Numbers in an English text: digits with thousands separators and an optional scale word
 * ($4.9 billion, 12.3 trillion), ordinals (30th), spelled-out small numbers, and month names
 * (capitalised, so that "may" the verb is not read as a month).
 */
export function englishNumbers(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  const re = /(\d[\d,]*(?:\.\d+)?)(?:st|nd|rd|th)?(?:\s*-?\s*(hundred|thousand|million|billion|trillion|bn|mn)\b)?|\b([A-Za-z]+)\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[1] !== undefined) {
      // A comma followed by a space is punctuation, not a thousands separator ("1992, the").
      let digits = m[1];
      if (/,$/.test(digits)) digits = digits.slice(0, -1);
      let v = parseFloat(digits.replace(/,/g, ''));
      if (m[2]) v *= EN_SCALE.get(m[2].toLowerCase())!;
      if (!Number.isFinite(v)) continue;
      out.push({ key: numberKey(v), surface: m[2] ? m[0] : digits, kind: 'number', value: v });
    } else {
      const w = m[3]!;
      const lw = w.toLowerCase();
      const mon = MONTHS.get(lw);
      const word = EN_WORDS.get(lw);
      if (mon !== undefined && /^[A-Z]/.test(w) && (lw !== 'may' || /^\s+\d/.test(text.slice(re.lastIndex))) && lw !== 'mar') {
        out.push({ key: 'm' + mon, surface: w, kind: 'month', value: mon });
      } else if (word !== undefined) {
        out.push({ key: numberKey(word), surface: w, kind: 'number', value: word });
      }
    }
  }
  return out;
}
