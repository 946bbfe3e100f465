import { QueryTooBroadError, searchCorpus } from '../../db/search/index.ts';
import { markSegments } from '../search/highlight.ts';
import { hitViews } from '../search/params.ts';
import { countSearchBacklog } from '../../db/search-backlog.ts';
import { parseQuery, type LangChoice } from '../search/query.ts';
import { json, parseFlags, withDb } from './common.ts';
import { UsageError, type Command } from './types.ts';

/** `jjak search`: the concordancer on the command line (same queries and JSON as /search). */
export const searchCommand: Command = {
  name: 'search',
  usage: 'jjak search QUERY [--lang en|ko|both] [--level sentence|paragraph] [--collection NAME] [--limit N] [--json] [--db PATH]',
  run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      lang: { type: 'string' }, level: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, db: { type: 'string' },
      collection: { type: 'string' },
    }, true);
    if (positionals.length === 0) throw new UsageError('give a word or a phrase to search for');
    const lang = values.lang ?? 'auto';
    if (!['auto', 'en', 'ko', 'both'].includes(lang)) throw new UsageError('--lang is en, ko or both');
    const level = values.level ?? 'sentence';
    if (level !== 'sentence' && level !== 'paragraph') throw new UsageError('--level is sentence or paragraph');
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit is a whole number from 1 to 10000');
    // Several positionals are one query, as a shell user would expect: jjak search nuclear talks
    const query = parseQuery(positionals.join(' '), lang as LangChoice);
    if (!query.ok) {
      io.stderr(`${query.message}\n`);
      return 1;
    }
    return withDb(io, values.db, (db) => {
      let result;
      try {
        result = searchCorpus(db, query, values.collection ? { collection: values.collection } : {}, { level, sort: 'added', limit, offset: 0 });
      } catch (e) {
        if (!(e instanceof QueryTooBroadError)) throw e;
        io.stderr(`${e.message}\n`);
        return 1;
      }
      const hits = hitViews(result.hits, query);
      const waiting = countSearchBacklog(db);
      if (waiting > 0) io.stderr(`note: ${waiting} pair${waiting === 1 ? ' is' : 's are'} not indexed for search yet (jjak index indexes them)\n`);
      if (values.json) {
        io.stdout(json({ total: result.total, totalExact: result.totalExact, hits }));
        return 0;
      }
      const counted = result.totalExact ? `${result.total}` : `more than ${result.total}`;
      io.stdout(`${counted} ${level}${result.total === 1 && result.totalExact ? '' : 's'} found${result.total > hits.length ? `, showing the newest ${hits.length}` : ''}\n`);
      for (const h of hits) {
        const line = (side: typeof h.en) => side.segments.map((s) => markSegments(s)).join(' ') || '—';
        io.stdout(`\npair ${h.pairId}, row ${h.linkIndex === null ? '-' : h.linkIndex + 1}${h.link ? ` (${h.link.type} ${h.link.status}${h.link.confidence === null ? '' : ` ${h.link.confidence.toFixed(2)}`})` : ' (not aligned)'}\n`);
        io.stdout(`  en: ${line(h.en)}\n  ko: ${line(h.ko)}\n`);
      }
      return 0;
    });
  },
};
