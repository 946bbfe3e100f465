import { addCollection, CollectionError, listCollections } from '../../db/collections.ts';
import { MAX_COLLECTION_NAME, MAX_COLLECTION_TEXT } from '../model.ts';
import { json, parseFlags, withDb } from './common.ts';
import { UsageError, type CliIo, type Command } from './types.ts';

/** Trims a flag's text and checks its length; empty means "not given". */
function text(value: string | undefined, flag: string, max: number): string | null {
  const v = value?.trim() ?? '';
  if (v.length > max) throw new UsageError(`--${flag} is ${v.length} characters long; the limit is ${max}`);
  return v === '' ? null : v;
}

export const collectionCommand: Command = {
  name: 'collection',
  usage: `jjak collection add NAME [--source S] [--licence L] [--attribution A] [--db PATH]
jjak collection list [--json] [--db PATH]
  Put pairs in a collection with jjak import … --collection NAME (or a JSONL record's "collection");
  every export names the licence and attribution of the collections it holds.`,
  run: runCollection,
};

function runCollection(argv: string[], io: CliIo): number {
  const { values, positionals } = parseFlags(argv, {
    source: { type: 'string' }, licence: { type: 'string' }, attribution: { type: 'string' },
    json: { type: 'boolean' }, db: { type: 'string' },
  }, true);
  const [sub, ...rest] = positionals;
  if (sub === 'add') {
    if (rest.length !== 1) throw new UsageError('give one collection name (quote it if it has spaces)');
    const name = text(rest[0], 'name', MAX_COLLECTION_NAME);
    if (name === null) throw new UsageError('the collection name is empty');
    const fields = {
      name, source: text(values.source, 'source', MAX_COLLECTION_TEXT),
      licence: text(values.licence, 'licence', MAX_COLLECTION_TEXT), attribution: text(values.attribution, 'attribution', MAX_COLLECTION_TEXT),
    };
    return withDb(io, values.db, (db) => {
      try {
        const c = addCollection(db, fields);
        io.stdout(`added collection "${c.name}"${c.licence ? ` (${c.licence})` : ''}${c.licence ? '' : '; no licence given: exports will say so'}\n`);
        return 0;
      } catch (e) {
        if (!(e instanceof CollectionError)) throw e;
        io.stderr(`${e.message}\n`);
        return 1;
      }
    });
  }
  if (sub === 'list') {
    if (rest.length > 0) throw new UsageError('jjak collection list takes no names');
    return withDb(io, values.db, (db) => {
      const list = listCollections(db);
      if (values.json) {
        io.stdout(json(list));
        return 0;
      }
      if (list.length === 0) io.stdout('no collections yet: add one with jjak collection add NAME --licence L --attribution A\n');
      for (const c of list) {
        io.stdout(`${c.name}  ${c.pairs} pair${c.pairs === 1 ? '' : 's'}\n` +
          `  source: ${c.source ?? '—'}\n  licence: ${c.licence ?? '—'}\n  attribution: ${c.attribution ?? '—'}\n`);
      }
      return 0;
    });
  }
  throw new UsageError(sub === undefined ? 'say add or list' : `unknown subcommand "${sub}": say add or list`);
}
