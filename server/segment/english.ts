import { cutAt, findCandidates, stripOpeners, type Candidate } from './scan.ts';

// Titles always precede a name, so a full stop after them never ends a sentence, even before a
// word that could start one ("Rep. An Min-suk").
const TITLES = new Set([
  'Mr', 'Mrs', 'Ms', 'Mx', 'Messrs', 'Dr', 'Prof', 'Gen', 'Lt', 'Col', 'Maj', 'Capt', 'Cmdr', 'Adm', 'Sgt', 'Cpl', 'Pvt', 'Brig',
  'Sen', 'Rep', 'Reps', 'Sens', 'Gov', 'Amb', 'Rev', 'Hon', 'Pres', 'Supt', 'Fr', 'Sr', 'Jr',
]);
// Never at the end of a sentence in news prose, and often followed by a capital ("e.g. Seoul").
const NEVER_FINAL = new Set(['e.g', 'i.e', 'cf', 'viz', 'approx', 'ca', 'No', 'Nos', 'Vol', 'Vols', 'vs', 'v', 'pp', 'p', 'Fig', 'fig', 'Art', 'Sec', 'Ch']);
// Abbreviations that can end a sentence: cut after them only before a sentence starter.
const ABBREVIATIONS = new Set([
  'Inc', 'Co', 'Corp', 'Ltd', 'Bros', 'Plc', 'LLC', 'St', 'Ave', 'Blvd', 'Rd', 'Mt', 'Ft', 'Dept', 'Univ', 'etc', 'al', 'est',
  'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
  'Mon', 'Tue', 'Tues', 'Wed', 'Thu', 'Thur', 'Thurs', 'Fri', 'Sat', 'Sun',
]);
// Capitalised words that typically open an English news sentence. After an abbreviation such
// as "U.S." the next word decides: "U.S. He" ends a sentence, "U.S. President" does not.
const STARTERS = new Set(
  ('He She It They We I You His Her Its Their Our My The A An This That These Those There Here But And Or So Yet Still ' +
    'However Meanwhile Moreover Also In On At For From With After Before When While As If Although Though Because Since ' +
    'Under During Despite Then Now Today Yesterday Tomorrow Some Many Most Such Both Each All What Who Why How Where Which ' +
    'According Officials Analysts Observers Experts Separately Earlier Later Last Next Instead Indeed Nevertheless Furthermore ' +
    'Asked Critics Not Neither Nor Only Other Another One Two Three Several Few Even Just Yes No Meanwhile Once Whether').split(' '),
);

const DOTTED = /^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u; // U.S, U.N, p.m, Ph.D, U.S.A
const INITIAL = /^\p{Lu}$/u; // J. K. Rowling

function isStarter(next: string): boolean {
  if (/^[“‘"'«([]/u.test(next)) return true; // a new quotation opens a new sentence
  return STARTERS.has(next.replace(/[,;:.!?’'”"]+$/u, ''));
}

/**
 * Answers "inside an open quotation at index i?" (curly quotes counted, straight quotes by parity)
 * for increasing i, scanning each character once: counting from the start for every candidate
 * was quadratic on a paragraph of ellipses.
 */
function quoteTracker(s: string): (i: number) => boolean {
  let at = 0;
  let curly = 0;
  let straight = 0;
  return (i) => {
    for (; at < i; at++) {
      const ch = s[at];
      if (ch === '“') curly++;
      else if (ch === '”') curly--;
      else if (ch === '"') straight++;
    }
    return curly > 0 || straight % 2 === 1;
  };
}

function isBoundary(c: Candidate, insideQuote: (i: number) => boolean): boolean {
  const next = stripOpeners(c.next);
  // A lowercase continuation is never a new sentence: "etc. and", "?” he asked".
  if (/^\p{Ll}/u.test(next)) return false;
  if (c.term.includes('?') || c.term.includes('!')) return true;
  if (c.term.includes('…') || c.term.length > 1) {
    // An ellipsis inside a quotation is a pause, not an end.
    return !insideQuote(c.at) && /^[\p{Lu}“"‘]/u.test(c.next);
  }
  // A full stop followed by a closing quote or bracket ends the quoted sentence: `said.” He`.
  if (c.closers !== '') return true;
  const word = stripOpeners(c.word);
  if (TITLES.has(word) || NEVER_FINAL.has(word)) return false;
  if (ABBREVIATIONS.has(word) || DOTTED.test(word) || INITIAL.test(word)) return isStarter(c.next);
  return true;
}

/** Split one English paragraph into sentences. */
export function segmentEnglish(s: string): string[] {
  const insideQuote = quoteTracker(s);
  const cuts = findCandidates(s)
    .filter((c) => isBoundary(c, insideQuote))
    .map((c) => c.cut);
  return cutAt(s, cuts);
}
