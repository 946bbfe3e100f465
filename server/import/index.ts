/**
 * Pure importers: raw text → {@link ParsedDocument}. No database, no file system.
 * Decode bytes with {@link decodeText}, then {@link parseArticle} one article, or
 * {@link parseJsonlLine} one pair record.
 */
export { ImportError } from './errors.ts';
export { decodeText, DEFAULT_MAX_BYTES, type DecodeOptions } from './decode.ts';
export { normaliseText } from './normalise.ts';
export { detectFormat } from './detect.ts';
export { parseArticle, FORMAT_CHOICES, type FormatChoice } from './article.ts';
export { checkLanguage, profileScripts, type ScriptProfile } from './language.ts';
export { parsePairRecord, parseJsonlLine, recordFields, type PairRecord, type RecordFields } from './jsonl.ts';
export { parseEnglishByline, parseKoreanByline } from './byline.ts';
