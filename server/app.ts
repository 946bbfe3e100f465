import express from 'express';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/open.ts';
import { loadConfig, type Config } from './config.ts';
import { errorHandler, notFoundHandler } from './middleware/error-handler.ts';
import { csrfProtection, securityHeaders, verifyBodyCsrf } from './middleware/security.ts';
import { authenticate, requireLogin } from './middleware/auth.ts';
import { authRouter } from './routes/auth.ts';
import { adminRouter } from './routes/admin.ts';
import { pairsRouter } from './routes/pairs.ts';
import { exportRouter } from './routes/export.ts';
import { reviewRouter } from './routes/review.ts';
import { updateRouter } from './routes/update.ts';
import { searchRouter } from './routes/search.ts';
import { statsRouter } from './routes/stats.ts';
import { jobsRouter } from './routes/jobs.ts';
import { ParsePool } from './services/parse-pool.ts';

const VIEWS_DIR = fileURLToPath(new URL('../views/', import.meta.url));

/** Builds the Express app around an open database. Never listens: tests use it through supertest. */
export function createApp({ db, config = loadConfig({}) }: { db: Db; config?: Config }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  // forwarding headers count only from a proxy the operator named (JJAK_TRUST_PROXY)
  app.set('trust proxy', config.trustProxy);
  app.locals['formatDate'] = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '');

  app.use(securityHeaders);
  app.use('/assets', express.static(`${VIEWS_DIR}assets`, { maxAge: '1h', index: false }));
  // who is asking, before any body is read: anonymous requests never get their bodies parsed
  app.use(authenticate(db, config));
  app.use(requireLogin);
  // CSRF before any body is read: uploads (multer, in their routes) and the parsers below run only
  // for requests that passed it; urlencoded and JSON bodies may carry the token, checked after parsing
  app.use(csrfProtection);
  app.use(express.json({ limit: config.maxBodyBytes }));
  app.use(express.urlencoded({ extended: false, limit: config.maxBodyBytes }));
  app.use(verifyBodyCsrf);
  app.use((req, res, next) => {
    res.locals['path'] = req.path;
    next();
  });

  app.use(authRouter(db));
  app.use(adminRouter(db));
  app.use(reviewRouter(db));
  // one thread reads the articles of every request that brings one (new pairs and updates)
  const pool = new ParsePool(config.parseBudgetMs);
  app.use(updateRouter(db, config, pool));
  app.use(exportRouter(db));
  app.use(searchRouter(db));
  app.use(statsRouter(db));
  app.use(jobsRouter(db));
  app.use(pairsRouter(db, config, pool));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
