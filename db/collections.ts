/**
 * Collections (migrations/015): a named group of pairs with its source, licence and attribution,
 * and each pair's provenance (collection, the record's own id and metadata).
 */
import { stmt, type Db } from './open.ts';

export interface Collection {
  id: number;
  name: string;
  source: string | null;
  licence: string | null;
  attribution: string | null;
  createdAt: string;
  /** Pairs in the collection. */
  pairs: number;
}

/** What an export header says about a collection. */
export type CollectionInfo = Pick<Collection, 'name' | 'source' | 'licence' | 'attribution'>;

/** Where a pair came from: collection, the record's own id and its metadata object. */
export interface PairProvenance {
  collectionId?: number | null;
  externalId?: string | null;
  /** A JSON object, stored as JSON text. */
  meta?: Record<string, unknown> | null;
}

export class CollectionError extends Error {
  constructor(public readonly code: 'exists' | 'missing' | 'bad_name', message: string) {
    super(message);
  }
}

type Row = { id: number; name: string; source: string | null; licence: string | null; attribution: string | null; created_at: string; pairs: number };
const toCollection = (r: Row): Collection => ({
  id: r.id, name: r.name, source: r.source, licence: r.licence, attribution: r.attribution, createdAt: r.created_at, pairs: r.pairs,
});


/** Adds a collection; throws CollectionError('exists') when the name is taken. */
export function addCollection(db: Db, c: { name: string; source?: string | null; licence?: string | null; attribution?: string | null }): Collection {
  return db.transaction(() => {
    if (findCollection(db, c.name)) {
      throw new CollectionError('exists', `A collection named "${c.name}" already exists (jjak collection list shows it).`);
    }
    const info = stmt(db, 'INSERT INTO collections (name, source, licence, attribution, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(c.name, c.source ?? null, c.licence ?? null, c.attribution ?? null, new Date().toISOString());
    return getCollection(db, Number(info.lastInsertRowid))!;
  }).immediate();
}

const SELECT = `SELECT c.id, c.name, c.source, c.licence, c.attribution, c.created_at,
  (SELECT count(*) FROM pairs p WHERE p.collection_id = c.id) AS pairs FROM collections c`;

export function getCollection(db: Db, id: number): Collection | null {
  const r = stmt<[number], Row>(db, `${SELECT} WHERE c.id = ?`).get(id);
  return r ? toCollection(r) : null;
}

export function findCollection(db: Db, name: string): Collection | null {
  const r = stmt<[string], Row>(db, `${SELECT} WHERE c.name = ?`).get(name);
  return r ? toCollection(r) : null;
}

export function listCollections(db: Db): Collection[] {
  return stmt<[], Row>(db, `${SELECT} ORDER BY c.name`).all().map(toCollection);
}

/** The collection's id, or CollectionError('missing') saying how to create it. */
export function requireCollectionId(db: Db, name: string): number {
  const c = findCollection(db, name);
  if (!c) {
    throw new CollectionError('missing',
      `There is no collection named "${name}". Create it first: jjak collection add "${name}" --licence … --attribution …`);
  }
  return c.id;
}

/** Writes a stored pair's provenance (only the fields given). */
export function setPairProvenance(db: Db, pairId: number, p: PairProvenance): void {
  if (p.collectionId !== undefined) stmt(db, 'UPDATE pairs SET collection_id = ? WHERE id = ?').run(p.collectionId, pairId);
  if (p.externalId !== undefined) stmt(db, 'UPDATE pairs SET external_id = ? WHERE id = ?').run(p.externalId, pairId);
  if (p.meta !== undefined) stmt(db, 'UPDATE pairs SET meta = ? WHERE id = ?').run(p.meta === null ? null : JSON.stringify(p.meta), pairId);
}

/** A stored pair's provenance as `jjak show --json` and the exports give it. */
export interface StoredProvenance {
  collection: CollectionInfo | null;
  externalId: string | null;
  meta: Record<string, unknown> | null;
}

export function getPairProvenance(db: Db, pairId: number): StoredProvenance {
  const r = stmt<[number], { external_id: string | null; meta: string | null; name: string | null; source: string | null; licence: string | null; attribution: string | null }>(db,
    `SELECT p.external_id, p.meta, c.name, c.source, c.licence, c.attribution
     FROM pairs p LEFT JOIN collections c ON c.id = p.collection_id WHERE p.id = ?`).get(pairId);
  if (!r) return { collection: null, externalId: null, meta: null };
  return {
    collection: r.name === null ? null : { name: r.name, source: r.source, licence: r.licence, attribution: r.attribution },
    externalId: r.external_id,
    meta: r.meta === null ? null : JSON.parse(r.meta) as Record<string, unknown>,
  };
}

/**
 * The collections of the pairs an export or a page selects, by name; `pairIdsSql` is a static
 * SELECT of pair ids with named parameters `params`.
 */
export function collectionsOfPairs(db: Db, pairIdsSql: string, params: Record<string, unknown>): CollectionInfo[] {
  return stmt<[Record<string, unknown>], CollectionInfo>(db,
    `SELECT c.name, c.source, c.licence, c.attribution FROM collections c
     WHERE c.id IN (SELECT p.collection_id FROM pairs p WHERE p.id IN (${pairIdsSql})) ORDER BY c.name`).all(params);
}
