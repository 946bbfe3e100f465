import type { Request } from 'express';
import { AppError } from './errors.ts';

/** True when the client asked for the JSON twin of a page. */
export const wantsJson = (req: Request): boolean => req.accepts(['html', 'json']) === 'json';

/** Parses a positive integer route or query parameter, or answers 404/400. */
export function idParam(value: unknown, what = 'Pair'): number {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new AppError(404, 'not_found', `${what} ${String(value)} was not found.`);
  return n;
}

export function pageParam(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.max(1, n);
}
