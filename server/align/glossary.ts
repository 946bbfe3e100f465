/**
 * The news glossary as a lookup structure: Korean terms (matched inside Korean words) and English
 * phrases (matched on stemmed words) both map to concept ids; a concept shared by two sentences is
 * a 'glossary' anchor. Built once per process from GLOSSARY_TEXT.
 */
import { GLOSSARY_TEXT } from './glossary-data.ts';
import { stemEnglish } from './tokens.ts';

/** Compiled glossary: Korean term → concept ids; first stemmed English word → phrases with concept ids. */
export interface Glossary {
  ko: Map<string, number[]>;
  koMaxLen: number;
  en: Map<string, { rest: string[]; concept: number }[]>;
  size: number;
}

/** Parses `ko, ko = en, en` lines (comments start with #) into a Glossary. */
export function compileGlossary(text: string): Glossary {
  const ko = new Map<string, number[]>();
  const en = new Map<string, { rest: string[]; concept: number }[]>();
  let koMaxLen = 1;
  let concept = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf(' = ');
    if (eq < 0) continue;
    const c = concept++;
    for (const k of line.slice(0, eq).split(',').map((s) => s.trim().replace(/\s+/g, '')).filter(Boolean)) {
      const list = ko.get(k) ?? [];
      if (!list.includes(c)) list.push(c);
      ko.set(k, list);
      koMaxLen = Math.max(koMaxLen, k.length);
    }
    for (const e of line.slice(eq + 3).split(',').map((s) => s.trim()).filter(Boolean)) {
      const words = e.split(/[\s-]+/).map(stemEnglish).filter(Boolean);
      if (!words.length) continue;
      const list = en.get(words[0]!) ?? [];
      list.push({ rest: words.slice(1), concept: c });
      // Longer phrases first, so that the longest match wins.
      list.sort((a, b) => b.rest.length - a.rest.length);
      en.set(words[0]!, list);
    }
  }
  return { ko, koMaxLen, en, size: concept };
}

let compiled: Glossary | undefined;

/** The built-in news glossary (compiled on first use; pure and deterministic). */
export function newsGlossary(): Glossary {
  compiled ??= compileGlossary(GLOSSARY_TEXT);
  return compiled;
}
