import type { Lang, ParsedDocument } from '../model.ts';
import { detectFormat } from './detect.ts';
import { ImportError } from './errors.ts';
import { parseHani, type ParsedParts } from './hani.ts';
import { parseHtml } from './html.ts';
import { checkLanguage } from './language.ts';
import { normaliseText } from './normalise.ts';
import { sectionPath } from './section.ts';
import { parsePlainText } from './text.ts';

/** How to read an article: a named layout, or 'auto' to let {@link detectFormat} decide. */
export type FormatChoice = 'auto' | 'hani' | 'text' | 'html';
export const FORMAT_CHOICES: readonly FormatChoice[] = ['auto', 'hani', 'text', 'html'];

const SLOT_LABEL: Record<Lang, string> = { en: 'English', ko: 'Korean' };

/**
 * Parse one article's decoded text into a {@link ParsedDocument}: normalise, split into typed
 * paragraphs, extract metadata, and check that the language matches the slot.
 * `raw` is kept verbatim in the result. Throws {@link ImportError}.
 */
export function parseArticle(raw: string, lang: Lang, format: FormatChoice = 'auto', extra: { url?: string } = {}): ParsedDocument {
  if (!FORMAT_CHOICES.includes(format)) {
    throw new ImportError('bad_format', `Unknown format "${String(format)}". Use one of: ${FORMAT_CHOICES.join(', ')}.`);
  }
  if (raw.trim() === '') {
    throw new ImportError('empty', `The ${SLOT_LABEL[lang]} article is empty. Paste or upload the article text.`);
  }
  if (raw.includes('\u0000')) {
    throw new ImportError('binary', `The ${SLOT_LABEL[lang]} article contains NUL characters, so it is not text. Export it as plain text or HTML.`);
  }
  const chosen = format === 'auto' ? detectFormat(raw) : format;
  let parts: ParsedParts;
  switch (chosen) {
    case 'hani':
      parts = parseHani(normaliseText(raw), lang);
      break;
    case 'html':
      parts = parseHtml(raw, lang);
      break;
    case 'text':
      parts = parsePlainText(normaliseText(raw));
      break;
  }
  if (parts.paragraphs.length === 0) {
    throw new ImportError('empty', `The ${SLOT_LABEL[lang]} article has no text left once page furniture is removed. Check that you chose the article itself.`);
  }
  checkLanguage(parts.paragraphs.map((p) => p.text).join('\n'), lang);
  const url = extra.url ?? parts.meta.url;
  // Sections as a path, whichever layout gave them (server/import/section.ts).
  const section = sectionPath(parts.meta.section, lang);
  return { lang, format: chosen, raw, meta: { ...parts.meta, section, url: url ?? null }, paragraphs: parts.paragraphs };
}
