/** Settings read once at boot from the environment; CLI flags override them. */
export interface Config {
  dbPath: string;
  host: string;
  port: number;
  /** Largest accepted article, in bytes (raw, before parsing). */
  maxArticleBytes: number;
  /** Largest request body (form posts and JSON), in bytes. */
  maxBodyBytes: number;
  /**
   * Express "trust proxy": which reverse proxy's X-Forwarded-For / -Proto to believe (JJAK_TRUST_PROXY,
   * e.g. "loopback" or "10.0.0.5"). Off by default: anyone can send those headers.
   */
  trustProxy: string | false;
  /** Time a web request's articles may take to read, segment and align (on a worker thread), in ms. */
  parseBudgetMs: number;
}

const positiveInt = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${value}"`);
  return n;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const maxArticleBytes = positiveInt('JJAK_MAX_ARTICLE_BYTES', env['JJAK_MAX_ARTICLE_BYTES'], 2 * 1024 * 1024);
  return {
    dbPath: env['JJAK_DB'] || './data/jjak.db',
    host: env['JJAK_HOST'] || '127.0.0.1',
    port: positiveInt('PORT', env['PORT'], 3000),
    maxArticleBytes,
    // two articles plus form encoding overhead
    maxBodyBytes: positiveInt('JJAK_MAX_BODY_BYTES', env['JJAK_MAX_BODY_BYTES'], 3 * maxArticleBytes + 64 * 1024),
    trustProxy: env['JJAK_TRUST_PROXY'] || false,
    parseBudgetMs: positiveInt('JJAK_PARSE_BUDGET_MS', env['JJAK_PARSE_BUDGET_MS'], 10_000),
  };
}
