import type { AlignmentInput, DocumentInput } from '../../db/pairs.ts';
import { ImportError, parsePairRecord, recordFields, type FormatChoice } from '../import/index.ts';
import { alignNew, readSide, segmentRecord } from './import-pair.ts';

/** A request that stores a new pair: two pasted or uploaded texts, or one API pair record. */
export type PairTask =
  | { kind: 'texts'; en: string; ko: string; format: FormatChoice; enUrl?: string; koUrl?: string }
  | { kind: 'record'; body: unknown; maxBytes: number };

/** The new version of one or both sides of a stored pair (the "Update article" form): read only, not aligned. */
export interface SidesTask { kind: 'sides'; en?: string; ko?: string; format: FormatChoice; enUrl?: string; koUrl?: string }

/** What a request asks to have read. */
export type PrepareTask = PairTask | SidesTask;

/** The new sides of an update, read and segmented. */
export interface PreparedSides { en?: DocumentInput; ko?: DocumentInput }

/** What each kind of task gives back. */
export type PrepareResult<T extends PrepareTask> = T extends SidesTask ? PreparedSides : PreparedRequest;

/** A pair read, segmented and aligned, ready for storing; a record's provenance fields come along. */
export interface PreparedRequest {
  en: DocumentInput;
  ko: DocumentInput;
  alignment: AlignmentInput;
  record?: { externalId?: string; meta?: Record<string, unknown>; collection?: string };
}

/** Fails when one side of an API record holds more text than an article may. */
function checkRecordSize(body: unknown, maxBytes: number): void {
  if (typeof body !== 'object' || body === null) return;
  for (const lang of ['en', 'ko'] as const) {
    const side = (body as Record<string, unknown>)[lang];
    if (typeof side !== 'object' || side === null) continue;
    const { text, paragraphs } = side as { text?: unknown; paragraphs?: unknown };
    let bytes = typeof text === 'string' ? Buffer.byteLength(text) : 0;
    if (Array.isArray(paragraphs)) {
      for (const p of paragraphs as unknown[]) {
        const t = typeof p === 'string' ? p : typeof p === 'object' && p !== null ? (p as { text?: unknown }).text : null;
        if (typeof t === 'string') bytes += Buffer.byteLength(t);
      }
    }
    if (bytes > maxBytes) {
      throw new ImportError('too_large', `The ${lang === 'en' ? 'English' : 'Korean'} article is ${bytes} bytes, over the limit of ${maxBytes} bytes an article (JJAK_MAX_ARTICLE_BYTES).`);
    }
  }
}

/** Reads the task's articles: the CPU-heavy part of an import or update, run on a worker thread. */
export function prepareTask(task: PrepareTask): PreparedRequest | PreparedSides {
  if (task.kind !== 'sides') return prepareRequest(task);
  return {
    ...(task.en !== undefined ? { en: readSide(task.en, 'en', task.format, task.enUrl) } : {}),
    ...(task.ko !== undefined ? { ko: readSide(task.ko, 'ko', task.format, task.koUrl) } : {}),
  };
}

/** Reads, segments and aligns a pair: the CPU-heavy part of an import, run on a worker thread. */
export function prepareRequest(task: PairTask): PreparedRequest {
  if (task.kind === 'record') {
    checkRecordSize(task.body, task.maxBytes);
    const record = parsePairRecord(task.body);
    const { en, ko, given } = segmentRecord(record);
    return { en, ko, alignment: given ?? alignNew(en, ko), record: recordFields(record) };
  }
  const en = readSide(task.en, 'en', task.format, task.enUrl);
  const ko = readSide(task.ko, 'ko', task.format, task.koUrl);
  return { en, ko, alignment: alignNew(en, ko) };
}
