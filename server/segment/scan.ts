/** One place where a sentence may end: terminator run, closing quotes/brackets, then a space. */
export interface Candidate {
  /** The token before the terminator, e.g. `“Mr` or `U.S` or `했다`. */
  word: string;
  /** The terminator run: `.`, `?!`, `...`, `…`. */
  term: string;
  /** Closing quotes/brackets right after the terminator: `”`, `)`, `.”)`… */
  closers: string;
  /** The token after the space, e.g. `He`, `“We`, `30`. */
  next: string;
  /** Index of the terminator in the text. */
  at: number;
  /** Index of the space where the text would be cut. */
  cut: number;
}

// No lookahead for the space: with one, a run of 40,000 dots not followed by a space is re-scanned
// from each of its dots (quadratic). Only the whole greedy run can be followed by a space, so
// testing the character after each match finds the same candidates in one pass.
const CANDIDATE = /[.?!…]+[”’"'»)\]}」』]*/gu;

/** Every potential boundary in a whitespace-collapsed paragraph, left to right. */
export function findCandidates(s: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of s.matchAll(CANDIDATE)) {
    const at = m.index;
    const run = m[0];
    if (s[at + run.length] !== ' ') continue;
    const term = /^[.?!…]+/u.exec(run)?.[0] ?? '';
    const cut = at + run.length;
    const wordStart = s.lastIndexOf(' ', at - 1) + 1;
    const nextEnd = s.indexOf(' ', cut + 1);
    out.push({
      word: s.slice(wordStart, at),
      term,
      closers: run.slice(term.length),
      next: s.slice(cut + 1, nextEnd === -1 ? undefined : nextEnd),
      at,
      cut,
    });
  }
  return out;
}

/** Cut a paragraph at the chosen spaces; pieces are trimmed and never empty. */
export function cutAt(s: string, cuts: readonly number[]): string[] {
  const out: string[] = [];
  let from = 0;
  for (const c of cuts) {
    const piece = s.slice(from, c).trim();
    if (piece !== '') out.push(piece);
    from = c + 1;
  }
  const rest = s.slice(from).trim();
  if (rest !== '') out.push(rest);
  return out;
}

/** Strip opening quotes and brackets from the front of a token. */
export function stripOpeners(token: string): string {
  return token.replace(/^[“‘"'«([{「『]+/u, '');
}
