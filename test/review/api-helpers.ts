/** The five-row fixture pair behind the review HTTP API, in local mode (no sign-in). */
import request from 'supertest';
import type { Db } from '../../db/open.ts';
import { createApp } from '../../server/app.ts';
import { fiveRowPairDb } from './fixtures.ts';

/** A fresh database holding the five-row pair, an app on it and a reader of the pair's API JSON (typed by the caller). */
export function fiveRowPairApp<T>(): { db: Db; id: number; app: ReturnType<typeof createApp>; get: () => Promise<T> } {
  const { db, id } = fiveRowPairDb();
  const app = createApp({ db });
  const get = async () => (await request(app).get(`/api/pairs/${id}`).expect(200)).body as T;
  return { db, id, app, get };
}
