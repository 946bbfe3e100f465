import { runAlignFile } from './align-file.ts';
import { parseFlags } from './common.ts';
import { UsageError, type Command } from './types.ts';

export const alignFileCommand: Command = {
  name: 'align-file',
  usage: 'jjak align-file --in SET.jsonl --out PRED.jsonl',
  async run(argv, io) {
    const { values } = parseFlags(argv, { in: { type: 'string' }, out: { type: 'string' } });
    if (!values.in || !values.out) throw new UsageError('give --in SET.jsonl and --out PRED.jsonl');
    return runAlignFile({ in: values.in, out: values.out }, io);
  },
};
