/**
 * Sections as a path, the same from every importer: `경제 > 경제일반`, broadest first, levels
 * joined by ` > `. Explicit separators (`>`, `›`, `»`, `|`) and line breaks divide levels; a
 * Korean section line without one divides at spaces, because the Hankyoreh prints its breadcrumb
 * as `경제 경제일반` and Korean desk names are written without spaces (`경제일반`, `국제일반`).
 * English names keep their spaces (`North Korea`). Idempotent: a stored path stays as it is.
 */
export function sectionPath(raw: string | null | undefined, lang: 'en' | 'ko'): string | null {
  if (!raw) return null;
  const explicit = /[>›»|\n]/.test(raw);
  const parts = raw
    .split(explicit ? /\s*[>›»|\n]\s*/ : lang === 'ko' && /\p{Script=Hangul}/u.test(raw) ? /\s+/ : /\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p, i, all) => p !== '' && p !== all[i - 1]);
  return parts.length > 0 ? parts.join(' > ') : null;
}

/** A section typed into a filter: the same path rules, Korean when it holds Hangul. */
export const sectionFilter = (raw: string | null | undefined): string | null =>
  sectionPath(raw?.trim(), /\p{Script=Hangul}/u.test(raw ?? '') ? 'ko' : 'en');

/** The choices a section filter offers: every stored path and every level above one, sorted. */
export function sectionChoices(paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const path of paths) {
    const parts = path.split(' > ');
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join(' > '));
  }
  return [...out].sort((a, b) => a.localeCompare(b, 'ko'));
}
