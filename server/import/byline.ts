import type { Author } from '../model.ts';

// Words that end an English role ("staff reporter", "Tokyo correspondent"), so a role written in
// title case is still told apart from a name.
const EN_ROLE_WORDS = /(?:reporter|correspondent|writer|editor|columnist|contributor|photographer|intern|journalist|analyst|chief|director|desk|researcher|professor|fellow)s?$/i;
// A name: one to five capitalised tokens ("Noh Ji-won", "Mary O'Neil", "J. K. Rowling").
const EN_NAME = /^\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*){0,4}$/u;

/**
 * Parse an English byline such as "By Noh Ji-won, staff reporter, and Hwang Joon-bum, Washington
 * correspondent". A role following several names ("Kim A and Park B, staff reporters") is given to
 * each of them in the singular. Returns null when the line is not a byline.
 */
export function parseEnglishByline(line: string): Author[] | null {
  // Bylines never end in a full stop; a body sentence opening with "By Monday, …" does.
  const m = /^By:? (.+[^.])$/.exec(line.trim());
  if (!m?.[1] || line.length > 250) return null;
  const authors: Author[] = [];
  let pending: string[] = [];
  const flush = (role?: string) => {
    for (const name of pending) authors.push(role ? { name, role } : { name });
    pending = [];
  };
  for (const rawSeg of m[1].split(/ ?, ?/)) {
    const seg = rawSeg.replace(/^and /, '').trim();
    if (seg === '') continue;
    const names = seg.split(/ (?:and|&) /);
    if (!EN_ROLE_WORDS.test(seg) && names.every((n) => EN_NAME.test(n))) {
      pending.push(...names);
    } else if (isEnglishRole(seg)) {
      if (pending.length === 0) return null;
      flush(pending.length > 1 ? singular(seg) : seg);
    } else {
      return null;
    }
  }
  flush();
  return authors.length > 0 ? authors : null;
}

function isEnglishRole(seg: string): boolean {
  const words = seg.split(' ');
  return words.length <= 6 && words.every((w) => /^[\p{L}-]+$/u.test(w)) && EN_ROLE_WORDS.test(seg);
}

function singular(role: string): string {
  return role.replace(/(reporter|correspondent|writer|editor|columnist|contributor|photographer|intern|journalist|analyst)s$/i, '$1');
}

// Korean roles end in one of these; a short prefix allows 선임기자, 논설위원, 수습기자, 객원기자 ….
const KO_ROLE = String.raw`[\p{Script=Hangul}]{0,4}(?:기자|특파원|위원|통신원|에디터|팀장|부장|국장|연구원|교수|작가|피디)|PD`;
const KO_NAME = String.raw`[\p{Script=Hangul}]{2,4}`;
const KO_SEGMENT = new RegExp(
  String.raw`^(?:(?<place>[\p{Script=Hangul}A-Za-z]+(?: [\p{Script=Hangul}A-Za-z]+)?) ?/ ?)?` +
    String.raw`(?<names>${KO_NAME}(?: ?· ?${KO_NAME})*) ?(?<role>${KO_ROLE})(?: (?<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+))?$`,
  'u',
);

/**
 * Parse a Korean byline such as "노지원 기자 zone@hani.co.kr, 워싱턴/황준범 특파원 jaybee@hani.co.kr".
 * A dateline place before the slash is folded into the role ("워싱턴 특파원"), mirroring the
 * English "Washington correspondent"; names joined by · share the role. Returns null otherwise.
 */
export function parseKoreanByline(line: string): Author[] | null {
  if (line.length > 250) return null;
  const authors: Author[] = [];
  for (const seg of line.trim().split(/ ?, ?/)) {
    const g = KO_SEGMENT.exec(seg)?.groups;
    if (!g?.['names'] || !g['role']) return null;
    const names = g['names'].split(/ ?· ?/);
    const role = g['place'] ? `${g['place']} ${g['role']}` : g['role'];
    for (const name of names) {
      const author: Author = { name, role };
      // One address for several names cannot be attributed; keep it only for a single name.
      if (g['email'] && names.length === 1) author.email = g['email'];
      authors.push(author);
    }
  }
  return authors.length > 0 ? authors : null;
}

/** Try both byline shapes. */
export function parseByline(line: string): Author[] | null {
  return parseEnglishByline(line) ?? parseKoreanByline(line);
}
