import { MAX_COLLECTION_NAME, PARAGRAPH_KINDS, type ArticleMeta, type Author, type Lang, type ParagraphKind, type ParsedDocument, type ParsedParagraph } from '../model.ts';
import { FORMAT_CHOICES, parseArticle, type FormatChoice } from './article.ts';
import { ImportError } from './errors.ts';
import { checkLanguage } from './language.ts';
import { cleanText } from './normalise.ts';
import { parseRecordLinks, type RecordLink } from './record-links.ts';
import { sectionPath } from './section.ts';

/** One JSON Lines pair record → two documents (+ optional stored alignment for round-trips). */
export interface PairRecord {
  en: ParsedDocument;
  ko: ParsedDocument;
  /** The record's own links, shape-checked (record-links.ts); stored as given once the documents are segmented. */
  links?: RecordLink[];
  /** The record's own `id` (a string, or a number kept as its text): the evaluation sets' ids. */
  externalId?: string;
  /** The record's `meta`: any JSON object, kept as it is. */
  meta?: Record<string, unknown>;
  /** The record's `collection`: the name of the collection the pair belongs to. */
  collection?: string;
}

/** A record's provenance fields (id, meta, collection), only those it has: what travels with its pair. */
export type RecordFields = Pick<PairRecord, 'externalId' | 'meta' | 'collection'>;
export function recordFields(record: RecordFields): RecordFields {
  return {
    ...(record.externalId !== undefined ? { externalId: record.externalId } : {}),
    ...(record.meta !== undefined ? { meta: record.meta } : {}),
    ...(record.collection !== undefined ? { collection: record.collection } : {}),
  };
}

/** Limits on the provenance fields: ids and names are labels, `meta` is a note, not a second article. */
export const MAX_EXTERNAL_ID = 200;
export const MAX_META_BYTES = 16 * 1024;

const SIDE_FIELDS = ['text', 'paragraphs', 'url', 'title', 'subtitles', 'section', 'published', 'modified', 'authors', 'format'] as const;
const AUTHOR_FIELDS = ['name', 'role', 'email'] as const;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (message: string) => new ImportError('bad_format', message);

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`.slice(0, 60);
}

/**
 * Validate one parsed JSONL value, `{"en": {...}, "ko": {...}, "links"?: …}`, into two documents.
 * Each side has `text` (a whole article, parsed with `format` or auto-detected) or `paragraphs`
 * (strings or `{kind, text}`), plus optional metadata. Unknown side fields are rejected so a
 * misspelt field is not silently lost; unknown top-level fields are ignored. Throws ImportError
 * naming the offending field, e.g. `ko.paragraphs[3].kind must be one of title, subtitle, …`.
 */
export function parsePairRecord(value: unknown): PairRecord {
  if (!isObj(value)) throw bad(`A pair record must be a JSON object with "en" and "ko" fields, not ${describe(value)}.`);
  const record: PairRecord = { en: parseSide(value['en'], 'en'), ko: parseSide(value['ko'], 'ko') };
  if (value['links'] !== undefined && value['links'] !== null) record.links = parseRecordLinks(value['links']);
  parseProvenance(value, record);
  return record;
}

/** The record's top-level `id`, `meta` and `collection` (issue 19), checked and copied onto the record. */
function parseProvenance(value: Obj, record: PairRecord): void {
  const id = value['id'];
  if (id !== undefined && id !== null) {
    if (typeof id === 'number' && Number.isFinite(id)) record.externalId = String(id);
    else if (typeof id === 'string' && id.trim() !== '') record.externalId = id.trim();
    else throw bad(`id must be a non-empty string or a number, not ${describe(id)}.`);
    if (record.externalId.length > MAX_EXTERNAL_ID) throw bad(`id is ${record.externalId.length} characters long; the limit is ${MAX_EXTERNAL_ID}.`);
  }
  const meta = value['meta'];
  if (meta !== undefined && meta !== null) {
    if (!isObj(meta)) throw bad(`meta must be a JSON object, not ${describe(meta)}.`);
    const size = Buffer.byteLength(JSON.stringify(meta), 'utf8');
    if (size > MAX_META_BYTES) throw bad(`meta is ${size} bytes as JSON; the limit is ${MAX_META_BYTES}. Keep notes short or store them elsewhere.`);
    record.meta = meta;
  }
  const collection = value['collection'];
  if (collection !== undefined && collection !== null) {
    if (typeof collection !== 'string' || collection.trim() === '') throw bad(`collection must be a collection's name (a non-empty string), not ${describe(collection)}.`);
    if (collection.trim().length > MAX_COLLECTION_NAME) throw bad(`collection names are at most ${MAX_COLLECTION_NAME} characters long.`);
    record.collection = collection.trim();
  }
}

/**
 * Parse one line of a JSON Lines file. Invalid JSON gives ImportError('bad_json') with the
 * column and a snippet; `lineNumber` (1-based) is added to messages when given.
 */
export function parseJsonlLine(line: string, lineNumber?: number): PairRecord {
  const where = lineNumber === undefined ? '' : `Line ${lineNumber}: `;
  const text = line.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new ImportError('empty', `${where}the line is empty. Remove blank lines or put one pair record on each line.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = Number(/position (\d+)/.exec(msg)?.[1] ?? NaN);
    const at = Number.isFinite(pos)
      ? ` at column ${pos + 1}, near \`${text.slice(Math.max(0, pos - 20), pos + 20)}\``
      : '';
    throw new ImportError('bad_json', `${where}not valid JSON${at} (${msg}). Each line must hold one complete JSON object.`);
  }
  try {
    return parsePairRecord(value);
  } catch (err) {
    if (err instanceof ImportError && where) throw new ImportError(err.code, where + err.message);
    throw err;
  }
}

function parseSide(side: unknown, lang: Lang): ParsedDocument {
  if (side === undefined) throw bad(`The record has no "${lang}" field. Each record needs both "en" and "ko".`);
  if (!isObj(side)) throw bad(`${lang} must be an object with "text" or "paragraphs", not ${describe(side)}.`);
  for (const key of Object.keys(side)) {
    if (!(SIDE_FIELDS as readonly string[]).includes(key)) {
      throw bad(`${lang}.${key} is not a known field. Known fields: ${SIDE_FIELDS.join(', ')}.`);
    }
  }
  const hasText = side['text'] !== undefined;
  const hasParagraphs = side['paragraphs'] !== undefined;
  if (hasText === hasParagraphs) {
    throw bad(`${lang} must have exactly one of "text" (the whole article) or "paragraphs" (a list), ${hasText ? 'not both' : 'but has neither'}.`);
  }
  const format = optFormat(side['format'], `${lang}.format`);
  const meta = sideMeta(side, lang);
  return hasText ? sideFromText(side, lang, format, meta) : sideFromParagraphs(side, lang, format, meta);
}

/** The metadata fields a side gives explicitly (undefined where it gives none). */
function sideMeta(side: Obj, lang: Lang) {
  return {
    url: optString(side['url'], `${lang}.url`),
    title: optString(side['title'], `${lang}.title`),
    subtitles: optStringArray(side['subtitles'], `${lang}.subtitles`),
    section: optSection(side['section'], `${lang}.section`, lang),
    published: optTimestamp(side['published'], `${lang}.published`),
    modified: optTimestamp(side['modified'], `${lang}.modified`),
    authors: optAuthors(side['authors'], `${lang}.authors`),
  };
}
type SideMeta = ReturnType<typeof sideMeta>;

/** A side given as "text": parsed like a pasted article in `format`. */
function sideFromText(side: Obj, lang: Lang, format: FormatChoice | undefined, meta: SideMeta): ParsedDocument {
  if (typeof side['text'] !== 'string') throw bad(`${lang}.text must be a string, not ${describe(side['text'])}.`);
  let doc: ParsedDocument;
  try {
    doc = parseArticle(side['text'], lang, format ?? 'auto');
  } catch (err) {
    if (err instanceof ImportError) throw new ImportError(err.code, `${lang}.text: ${err.message}`);
    throw err;
  }
  // Explicit metadata in the record wins over what the parser found in the text.
  const merged: ArticleMeta = { ...doc.meta };
  for (const [k, v] of Object.entries(meta)) if (v !== undefined) Object.assign(merged, { [k]: v });
  return { ...doc, meta: merged };
}

/** A side given as "paragraphs": taken as given, checked for its language. */
function sideFromParagraphs(side: Obj, lang: Lang, format: FormatChoice | undefined, meta: SideMeta): ParsedDocument {
  if (format !== undefined && format !== 'auto') {
    throw bad(`${lang}.format only applies to "text"; "paragraphs" are taken as given. Remove ${lang}.format.`);
  }
  const paragraphs = parseParagraphs(side['paragraphs'], lang);
  try {
    checkLanguage(paragraphs.map((p) => p.text).join('\n'), lang);
  } catch (err) {
    if (err instanceof ImportError) throw new ImportError(err.code, `${lang}.paragraphs: ${err.message}`);
    throw err;
  }
  // A title given only as metadata stays metadata: no title paragraph is invented from it.
  const titleParagraph = paragraphs.find((p) => p.kind === 'title');
  return {
    lang,
    format: 'jsonl',
    // The side itself is the input as received; re-parsing it as jsonl gives the same document.
    raw: JSON.stringify(side),
    meta: {
      title: meta.title !== undefined ? meta.title : (titleParagraph?.text ?? null),
      subtitles: meta.subtitles ?? paragraphs.filter((p) => p.kind === 'subtitle').map((p) => p.text),
      section: meta.section ?? null,
      published: meta.published ?? null,
      modified: meta.modified ?? null,
      authors: meta.authors ?? [],
      url: meta.url ?? null,
    },
    paragraphs,
  };
}

function parseParagraphs(value: unknown, lang: Lang): ParsedParagraph[] {
  const path = `${lang}.paragraphs`;
  if (!Array.isArray(value)) throw bad(`${path} must be an array of strings, arrays of sentence strings or {"kind", "text"} objects, not ${describe(value)}.`);
  if (value.length === 0) throw new ImportError('empty', `${path} is empty. Give at least one paragraph.`);
  return value.map((item: unknown, i): ParsedParagraph => {
    const at = `${path}[${i}]`;
    let kind: ParagraphKind = 'body';
    let text: unknown = Array.isArray(item) ? undefined : item;
    let sentences: unknown = Array.isArray(item) ? item : undefined;
    if (isObj(item)) {
      for (const key of Object.keys(item)) {
        if (key !== 'kind' && key !== 'text' && key !== 'sentences') throw bad(`${at}.${key} is not a known field. A paragraph has "kind", "text" and "sentences".`);
      }
      if (item['kind'] !== undefined) {
        if (!(PARAGRAPH_KINDS as readonly unknown[]).includes(item['kind'])) {
          throw bad(`${at}.kind must be one of ${PARAGRAPH_KINDS.join(', ')}, not ${describe(item['kind'])}.`);
        }
        kind = item['kind'] as ParagraphKind;
      }
      text = item['text'];
      sentences = item['sentences'];
      if (text === undefined && sentences === undefined) throw bad(`${at}.text is missing.`);
    }
    if (sentences !== undefined) {
      // Pre-segmented (the evaluation sets' shape): kept as given, each sentence cleaned as one line.
      const where = isObj(item) ? `${at}.sentences` : at;
      if (!Array.isArray(sentences) || sentences.length === 0) throw bad(`${where} must be a non-empty array of sentence strings.`);
      const list = sentences.map((s: unknown, k) => {
        if (typeof s !== 'string') throw bad(`${where}[${k}] must be a string, not ${describe(s)}.`);
        const clean = cleanText(s, { oneLine: true });
        if (clean === '') throw new ImportError('empty', `${where}[${k}] is empty. Remove the sentence or give it text.`);
        return clean;
      });
      const joined = list.join(' ');
      if (text !== undefined && typeof text !== 'string') throw bad(`${at}.text must be a string, not ${describe(text)}.`);
      return { kind, text: typeof text === 'string' && text.trim() !== '' ? cleanText(text, { oneLine: true }) : joined, sentences: list };
    }
    if (typeof text !== 'string') {
      throw bad(`${isObj(item) ? `${at}.text` : at} must be a string${isObj(item) ? '' : ', an array of sentence strings or a {"kind", "text"} object'}, not ${describe(text)}.`);
    }
    // A paragraph is one line: newlines inside it are wrapping, not structure.
    const clean = cleanText(text, { oneLine: true });
    if (clean === '') throw new ImportError('empty', `${isObj(item) ? `${at}.text` : at} is empty. Remove the paragraph or give it text.`);
    return { kind, text: clean };
  });
}

function optSection(v: unknown, path: string, lang: Lang): string | null | undefined {
  const s = optString(v, path);
  return typeof s === 'string' ? sectionPath(s, lang) : s;
}

function optString(v: unknown, path: string): string | null | undefined {
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string') throw bad(`${path} must be a string, not ${describe(v)}.`);
  const clean = cleanText(v, { oneLine: true });
  return clean === '' ? null : clean;
}

function optStringArray(v: unknown, path: string): string[] | undefined {
  if (v === undefined || v === null) return v === null ? [] : undefined;
  if (!Array.isArray(v)) throw bad(`${path} must be an array of strings, not ${describe(v)}.`);
  return v.map((s: unknown, i) => {
    if (typeof s !== 'string') throw bad(`${path}[${i}] must be a string, not ${describe(s)}.`);
    return cleanText(s, { oneLine: true });
  });
}

function optTimestamp(v: unknown, path: string): string | null | undefined {
  const s = optString(v, path);
  if (typeof s === 'string' && (!ISO_8601.test(s) || Number.isNaN(Date.parse(s)))) {
    throw bad(`${path} must be an ISO 8601 date or timestamp such as 2018-11-01T16:21:00+09:00, not ${JSON.stringify(s)}.`);
  }
  return s;
}

function optFormat(v: unknown, path: string): FormatChoice | undefined {
  if (v === undefined || v === null) return undefined;
  if (!(FORMAT_CHOICES as readonly unknown[]).includes(v)) throw bad(`${path} must be one of ${FORMAT_CHOICES.join(', ')}, not ${describe(v)}.`);
  return v as FormatChoice;
}

function optAuthors(v: unknown, path: string): Author[] | undefined {
  if (v === undefined || v === null) return v === null ? [] : undefined;
  if (!Array.isArray(v)) throw bad(`${path} must be an array of {"name", "role"?, "email"?} objects, not ${describe(v)}.`);
  return v.map((a: unknown, i): Author => {
    const at = `${path}[${i}]`;
    if (!isObj(a)) throw bad(`${at} must be an object with "name" (and optionally "role", "email"), not ${describe(a)}.`);
    for (const key of Object.keys(a)) {
      if (!(AUTHOR_FIELDS as readonly string[]).includes(key)) throw bad(`${at}.${key} is not a known field. An author has name, role, email.`);
    }
    const name = optString(a['name'], `${at}.name`);
    if (!name) throw bad(`${at}.name is required and must be a non-empty string.`);
    const author: Author = { name };
    const role = optString(a['role'], `${at}.role`);
    const email = optString(a['email'], `${at}.email`);
    if (role) author.role = role;
    if (email) author.email = email;
    return author;
  });
}
