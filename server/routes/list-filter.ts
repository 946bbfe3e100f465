import type { Request } from 'express';
import type { Db } from '../../db/open.ts';
import { findCollection, type Collection } from '../../db/collections.ts';
import { AppError } from '../errors.ts';
import { sectionFilter } from '../import/section.ts';

/**
 * The `collection` and `section` query parameters of the pair list and the dashboard. An unknown
 * collection is a 404 (a mistyped name must not show everything); the section is the filter of
 * exports and search (db/pair-filter.ts): a section and those under it.
 */
export function listFilter(db: Db, req: Request): { collection: Collection | null; section: string | null } {
  const name = typeof req.query['collection'] === 'string' ? req.query['collection'].trim().slice(0, 100) : '';
  const collection = name ? findCollection(db, name) : null;
  if (name && !collection) throw new AppError(404, 'not_found', `There is no collection named "${name}".`);
  const section = sectionFilter(typeof req.query['section'] === 'string' ? req.query['section'].slice(0, 100) : '');
  return { collection, section };
}
