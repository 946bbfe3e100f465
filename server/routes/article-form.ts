import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { AppError } from '../errors.ts';
import { decodeText, ImportError, type FormatChoice } from '../import/index.ts';

/** The reader choices of the "New pair" and "Update article" forms. */
export const FORMATS: readonly FormatChoice[] = ['auto', 'hani', 'text', 'html'];

/** What the article forms send besides files; shown again as typed when the form comes back with an error. */
export interface ArticleForm { en: string; ko: string; enUrl: string; koUrl: string; format: FormatChoice }

/** A form with nothing typed yet. */
export const EMPTY_FORM: ArticleForm = { en: '', ko: '', enUrl: '', koUrl: '', format: 'auto' };

/** The two article files of a form, in memory and no larger than an article may be. */
export function articleUploads(maxArticleBytes: number): RequestHandler {
  return multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxArticleBytes, files: 2, fields: 10, fieldSize: maxArticleBytes },
  }).fields([{ name: 'enFile', maxCount: 1 }, { name: 'koFile', maxCount: 1 }]);
}

type Uploads = Record<string, Express.Multer.File[] | undefined>;

/** Reads the form fields of a new-pair or update post (multer has parsed the multipart body). */
export function readArticleForm(req: Request): ArticleForm {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const str = (k: string) => { const v = body[k]; return typeof v === 'string' ? v : ''; };
  return {
    en: str('en'), ko: str('ko'), enUrl: str('enUrl').trim(), koUrl: str('koUrl').trim(),
    format: (FORMATS as readonly string[]).includes(str('format')) ? (str('format') as FormatChoice) : 'auto',
  };
}

/** The uploaded file of one side, decoded; undefined when none (or an empty one) was chosen. */
export function uploadedText(req: Request, name: 'enFile' | 'koFile', maxBytes: number): string | undefined {
  const f = ((req.files ?? {}) as Uploads)[name]?.[0];
  if (!f || f.size === 0) return undefined;
  return decodeText(f.buffer, { maxBytes, label: name === 'enFile' ? 'English file' : 'Korean file' });
}

/** Whether a file was chosen for the side (before decoding it). */
export function hasUpload(req: Request, name: 'enFile' | 'koFile'): boolean {
  const f = ((req.files ?? {}) as Uploads)[name]?.[0];
  return f !== undefined && f.size > 0;
}

/** Maps importer errors to HTTP errors with the importer's own message; anything else is rethrown. */
export function importErrorToHttp(e: unknown): AppError {
  if (e instanceof ImportError) {
    const status = e.code === 'too_large' ? 413 : e.code === 'bad_json' ? 400 : 422;
    return new AppError(status, e.code, e.message);
  }
  throw e;
}
