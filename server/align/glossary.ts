/**
 * The news glossary as a lookup structure: Korean terms (matched inside Korean words) and English
 * phrases (matched on stemmed words) both map to concept ids; a concept shared by two sentences is
 * a 'glossary' anchor. The text (glossary.txt, format described at its top) is checked when it is
 * compiled: a line the matcher could never use, a repeated line or a term pair given twice is an
 * error naming the line, never skipped in silence.
 */
import { readNewsGlossary } from './glossary-file.ts';
import { englishWords, stemEnglish } from './tokens.ts';

/** Compiled glossary: Korean term → concept ids; first stemmed English word → phrases with concept ids. */
export interface Glossary {
  ko: Map<string, number[]>;
  koMaxLen: number;
  en: Map<string, { rest: string[]; concept: number }[]>;
  size: number;
}

/** One concept line of the glossary text. */
export interface GlossaryEntry {
  /** 1-based line number in the text. */
  line: number;
  /** Korean variants with their spaces removed (as they are matched). */
  ko: string[];
  /** English variants as stemmed words (as they are matched). */
  en: string[][];
}

/** What is wrong with one line, for the person editing the file. */
export interface GlossaryProblem { line: number; message: string }

/** Thrown by compileGlossary: every problem found, each with its line. */
export class GlossaryError extends Error {
  constructor(readonly problems: readonly GlossaryProblem[], source = 'glossary') {
    super(`${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${
      problems.map((p) => `  line ${p.line}: ${p.message}`).join('\n')}`);
  }
}

const HANGUL = /[\uac00-\ud7a3]/;

/**
 * An English variant as the text's words would be seen: the same tokeniser and stemmer as
 * englishRaw in features.ts, so a variant matches exactly the words the aligner finds. Null when
 * characters other than spaces, hyphens, slashes and dots fall outside every word ("$", "%"): such a
 * variant could never match.
 */
function englishVariantWords(variant: string): string[] | null {
  const words = englishWords(variant);
  const covered = words.map((w) => w.text).join('');
  if (words.length === 0 || variant.replace(/[\s/.-]+/g, '') !== covered.replace(/[.-]/g, '')) return null;
  return words.flatMap((w) => w.text.split('-')).filter(Boolean).map(stemEnglish);
}

/**
 * Reads the glossary text into entries and problems (pure; nothing is thrown). Problems: a line
 * without exactly one " = "; an empty variant; Hangul on the English side or none on the Korean
 * side; an English variant that is no words; a line equal to an earlier one; a Korean variant
 * given the same English variant on an earlier line (the two lines should be one).
 */
export function parseGlossary(text: string): { entries: GlossaryEntry[]; problems: GlossaryProblem[] } {
  const entries: GlossaryEntry[] = [];
  const problems: GlossaryProblem[] = [];
  const lineOf = new Map<string, number>();
  /** "korean variant|english variant" → first line defining the pair. */
  const pairAt = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const problem = (message: string) => problems.push({ line, message });
    const normal = trimmed.replace(/\s+/g, ' ');
    const first = lineOf.get(normal);
    if (first !== undefined) return void problem(`repeats line ${first} exactly; delete one of them`);
    lineOf.set(normal, line);
    const sides = normal.split(' = ');
    if (sides.length !== 2) return void problem(`needs exactly one " = " between the Korean and the English variants: "${trimmed}"`);
    const [koSide, enSide] = sides as [string, string];
    const koVariants = koSide.split(',').map((s) => s.trim());
    const enVariants = enSide.split(',').map((s) => s.trim().toLowerCase());
    if (koVariants.some((v) => !v) || enVariants.some((v) => !v)) return void problem('has an empty variant (two commas, or a comma at an end)');
    if (!HANGUL.test(koSide)) return void problem(`has no Hangul on the Korean side (left of " = "): "${koSide}"`);
    if (HANGUL.test(enSide)) return void problem(`has Hangul on the English side (right of " = "): "${enSide}"`);
    const en: string[][] = [];
    for (const v of enVariants) {
      const words = englishVariantWords(v);
      if (!words) return void problem(`English variant "${v}" has characters that are never part of an English word`);
      en.push(words);
    }
    const ko = [...new Set(koVariants.map((v) => v.replace(/\s+/g, '')))];
    for (const k of ko) {
      for (const e of en) {
        const key = `${k}|${e.join(' ')}`;
        const at = pairAt.get(key);
        // Inflections on one line ("philippines, philippine") stem alike: only another line is a conflict.
        if (at === undefined) pairAt.set(key, line);
        else if (at !== line) problem(`gives ${k} = ${e.join(' ')} again (line ${at}); merge the two lines`);
      }
    }
    entries.push({ line, ko, en });
  });
  return { entries, problems };
}

/** Parses and checks glossary text (see parseGlossary) into a Glossary; throws GlossaryError on any problem. */
export function compileGlossary(text: string, source?: string): Glossary {
  const { entries, problems } = parseGlossary(text);
  if (problems.length > 0) throw new GlossaryError(problems, source);
  const ko = new Map<string, number[]>();
  const en = new Map<string, { rest: string[]; concept: number }[]>();
  let koMaxLen = 1;
  entries.forEach((entry, concept) => {
    for (const k of entry.ko) {
      const list = ko.get(k) ?? [];
      list.push(concept);
      ko.set(k, list);
      koMaxLen = Math.max(koMaxLen, k.length);
    }
    for (const words of entry.en) {
      const list = en.get(words[0]!) ?? [];
      list.push({ rest: words.slice(1), concept });
      // Longer phrases first, so that the longest match wins.
      list.sort((a, b) => b.rest.length - a.rest.length);
      en.set(words[0]!, list);
    }
  });
  return { ko, koMaxLen, en, size: entries.length };
}

let compiled: Glossary | undefined;

/** The built-in news glossary (glossary.txt, read and compiled on first use; deterministic). */
export function newsGlossary(): Glossary {
  compiled ??= compileGlossary(readNewsGlossary(), 'server/align/glossary.txt');
  return compiled;
}
