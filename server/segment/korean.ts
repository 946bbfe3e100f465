import { cutAt, findCandidates, type Candidate } from './scan.ts';

const HANGUL_END = /\p{Script=Hangul}$/u;
const HANGUL_START = /^\p{Script=Hangul}/u;
const OPEN_TO_CLOSE: ReadonlyMap<string, string> = new Map([['“', '”'], ['‘', '’'], ['「', '」'], ['『', '』']]);
/** Any opener of OPEN_TO_CLOSE or a straight double quote: without one, no index is inside a quotation. */
const ANY_OPENER = /[“‘「『"]/;

/**
 * Walks a paragraph once, left to right, answering for increasing indexes what used to be
 * recomputed from the paragraph start for every candidate (quadratic on a paragraph of many short
 * sentences or one long run of "다. "): the open quotations and the bracket depth.
 */
class Scanner {
  private at = 0;
  private readonly stack: string[] = [];
  private straightOpen = false;
  private depth = 0;
  /** Where each closer was last found: the search for it restarts only once it is behind us. */
  private readonly found = new Map<string, number>();

  constructor(private readonly s: string) {}

  private advance(to: number): void {
    for (; this.at < to; this.at++) {
      const ch = this.s[this.at] ?? '';
      const close = OPEN_TO_CLOSE.get(ch);
      if (close !== undefined) this.stack.push(close);
      else if (ch === this.stack.at(-1)) this.stack.pop();
      else if (ch === '"') this.straightOpen = !this.straightOpen;
      if (ch === '(' || ch === '[') this.depth++;
      else if ((ch === ')' || ch === ']') && this.depth > 0) this.depth--;
    }
  }

  /**
   * Index of the closer of the quotation open at index i, or -1 when i is not inside a quotation
   * (or the quotation never closes).
   */
  closingQuoteAfter(i: number): number {
    this.advance(i);
    const want = this.straightOpen ? '"' : this.stack.at(-1);
    if (want === undefined) return -1;
    const last = this.found.get(want);
    if (last !== undefined && (last === -1 || last >= i)) return last;
    const next = this.s.indexOf(want, i);
    this.found.set(want, next);
    return next;
  }

  /** Open brackets before index `end`. */
  parenDepth(end: number): number {
    this.advance(end);
    return this.depth;
  }

  /**
   * `“…했다. …할 것”이라고 말했다` is one sentence: a quotation whose closer is glued to a particle
   * (라고, 고, 며, 면서, 이라며, 하고, 는 …) is embedded in the reporting sentence.
   */
  insideEmbeddedQuote(i: number): boolean {
    const close = this.closingQuoteAfter(i);
    return close !== -1 && HANGUL_START.test(this.s.slice(close + 1, close + 3));
  }
}

function isBoundary(c: Candidate, scan: Scanner, hasQuotes: boolean): boolean {
  // Most paragraphs quote nobody: skip the quotation bookkeeping.
  if (hasQuotes && scan.insideEmbeddedQuote(c.at)) return false;
  if (scan.parenDepth(c.cut) > 0) return false; // "(…다. …)" stays with its sentence
  if (c.term.includes('?') || c.term.includes('!')) return true;
  if (c.term.includes('…') || c.term.length > 1) return false; // Korean uses … as a pause
  // Korean sentences end in a Hangul syllable (다. 요. 것.), possibly before a bracketed note:
  // "밝혔다(사진)." Digits (dates "2018. 11. 1.", list numbers) and Latin abbreviations
  // ("(U.S.)", "Mr.") never end one.
  const word = c.word.replace(/[([][^()[\]]*[)\]]$/u, '');
  return HANGUL_END.test(word);
}

/** Split one Korean paragraph into sentences. */
export function segmentKorean(s: string): string[] {
  const hasQuotes = ANY_OPENER.test(s);
  const scan = new Scanner(s);
  const cuts = findCandidates(s)
    .filter((c) => isBoundary(c, scan, hasQuotes))
    .map((c) => c.cut);
  return cutAt(s, cuts);
}
