import { cutAt, findCandidates, type Candidate } from './scan.ts';

const HANGUL_END = /\p{Script=Hangul}$/u;
const OPEN_TO_CLOSE: ReadonlyMap<string, string> = new Map([['“', '”'], ['‘', '’'], ['「', '」'], ['『', '』']]);
/** Any opener of OPEN_TO_CLOSE or a straight double quote: without one, no index is inside a quotation. */
const ANY_OPENER = /[“‘「『"]/;

/**
 * Index of the closer of the quotation open at index i, or -1 when i is not inside a quotation
 * (or the quotation never closes).
 */
function closingQuoteAfter(s: string, i: number): number {
  const stack: string[] = [];
  let straightOpen = false;
  for (let k = 0; k < i; k++) {
    const ch = s[k] ?? '';
    const close = OPEN_TO_CLOSE.get(ch);
    if (close !== undefined) stack.push(close);
    else if (ch === stack.at(-1)) stack.pop();
    else if (ch === '"') straightOpen = !straightOpen;
  }
  const want = straightOpen ? '"' : stack.at(-1);
  if (want === undefined) return -1;
  return s.indexOf(want, i);
}

/**
 * `“…했다. …할 것”이라고 말했다` is one sentence: a quotation whose closer is glued to a particle
 * (라고, 고, 며, 면서, 이라며, 하고, 는 …) is embedded in the reporting sentence.
 */
function insideEmbeddedQuote(s: string, i: number): boolean {
  const close = closingQuoteAfter(s, i);
  return close !== -1 && /^\p{Script=Hangul}/u.test(s.slice(close + 1));
}

function parenDepth(s: string, end: number): number {
  let d = 0;
  for (let k = 0; k < end; k++) {
    const ch = s[k];
    if (ch === '(' || ch === '[') d++;
    else if ((ch === ')' || ch === ']') && d > 0) d--;
  }
  return d;
}

function isBoundary(c: Candidate, s: string, hasQuotes: boolean): boolean {
  // Most paragraphs quote nobody: skip the scan from the paragraph start for each candidate.
  if (hasQuotes && insideEmbeddedQuote(s, c.at)) return false;
  if (parenDepth(s, c.cut) > 0) return false; // "(…다. …)" stays with its sentence
  if (c.term.includes('?') || c.term.includes('!')) return true;
  if (c.term.includes('…') || c.term.length > 1) return false; // Korean uses … as a pause
  // Korean sentences end in a Hangul syllable (다. 요. 것.), possibly before a bracketed note:
  // "밝혔다(사진)." Digits (dates "2018. 11. 1.", list numbers) and Latin abbreviations
  // ("(U.S.)", "Mr.") never end one.
  const word = c.word.replace(/[(\[][^()\[\]]*[)\]]$/u, '');
  return HANGUL_END.test(word);
}

/** Split one Korean paragraph into sentences. */
export function segmentKorean(s: string): string[] {
  const hasQuotes = ANY_OPENER.test(s);
  const cuts = findCandidates(s)
    .filter((c) => isBoundary(c, s, hasQuotes))
    .map((c) => c.cut);
  return cutAt(s, cuts);
}
