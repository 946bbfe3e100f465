/**
 * `jjak align-file --in SET.jsonl --out PRED.jsonl`: the stateless batch aligner. Reads articles
 * in the evaluation format (../shared/eval/FORMAT.md §2; gold links, if present, are ignored) and
 * writes one prediction line per article (§3) with a confidence and evidence on every link.
 *
 * The whole input file is the corpus: with `lexicon: 'auto'` a first pass aligns every article,
 * an IBM Model 1 lexicon is trained on the confident sentence links, and a second pass realigns
 * with it (Moore 2002 §3; hunalign -realign). The default is decided by measurement (bench/align.ts).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { alignArticle, trainLexicon, type AlignLink, type AlignOptions, type AlignSide, type Lexicon, type TrainLexiconOptions } from '../align/index.ts';

/** One article of the evaluation format, as read. */
export interface EvalArticle {
  id: string;
  en: AlignSide;
  ko: AlignSide;
}

/** Thrown for an unreadable or malformed input file; the message names the bad line. */
export class InputFileError extends Error {
  override name = 'InputFileError';
}

/** Parses evaluation-format JSONL text; throws InputFileError naming the first bad line. */
export function parseEvalJsonl(text: string, file = 'input'): EvalArticle[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const out: EvalArticle[] = [];
  const ids = new Set<string>();
  text.split(/\r?\n/).forEach((line, n) => {
    if (!line.trim()) return;
    const where = `${file}:${n + 1}`;
    let obj: unknown;
    try { obj = JSON.parse(line); } catch (e) {
      throw new InputFileError(`${where}: not valid JSON (${(e as Error).message})`);
    }
    const o = obj as { id?: unknown; en?: { paragraphs?: unknown }; ko?: { paragraphs?: unknown } };
    if (!o || typeof o !== 'object' || Array.isArray(o)) throw new InputFileError(`${where}: not a JSON object`);
    if (typeof o.id !== 'string' || !o.id) throw new InputFileError(`${where}: missing string "id"`);
    if (ids.has(o.id)) throw new InputFileError(`${where}: duplicate id ${o.id}`);
    ids.add(o.id);
    const side = (name: 'en' | 'ko'): AlignSide => {
      const ps = o[name]?.paragraphs;
      if (!Array.isArray(ps) || !ps.every((p) => Array.isArray(p) && p.every((u) => typeof u === 'string'))) {
        throw new InputFileError(`${where}: "${name}.paragraphs" must be an array of arrays of strings`);
      }
      return { paragraphs: ps.map((sentences) => ({ sentences })) };
    };
    out.push({ id: o.id, en: side('en'), ko: side('ko') });
  });
  return out;
}

/** Options of the batch run (beyond the aligner options). */
export interface AlignFileOptions {
  /** 'auto': learn a lexicon from the file's confident links and realign; 'off': one pass. */
  lexicon: 'auto' | 'off';
  /** Sentence links at least this confident feed the lexicon. */
  lexiconMinConfidence: number;
  /** Options of the lexicon training (IBM Model 1). */
  lexiconTrain: Partial<TrainLexiconOptions>;
  /** Aligner options passed through (ablation, tuning). */
  align: Partial<AlignOptions>;
}

/** Defaults of the batch run, measured with bench/align.ts. */
export const DEFAULT_ALIGN_FILE_OPTIONS: AlignFileOptions = { lexicon: 'off', lexiconMinConfidence: 0.9, lexiconTrain: {}, align: {} };

const strip = (l: AlignLink) => ({ en: l.en, ko: l.ko, confidence: Math.round(l.confidence * 10000) / 10000, evidence: l.evidence });

/** Aligns parsed articles; returns one prediction object per article, in input order. */
export function alignArticles(articles: readonly EvalArticle[], opts: Partial<AlignFileOptions> = {},
  progress?: (done: number, total: number) => void): { id: string; paragraphs: object[]; sentences: object[] }[] {
  const o = { ...DEFAULT_ALIGN_FILE_OPTIONS, ...opts };
  let lexicon: Lexicon | undefined;
  const total = articles.length * (o.lexicon === 'auto' ? 2 : 1);
  let done = 0;
  let results = articles.map((a) => {
    const r = alignArticle(a.en, a.ko, o.align);
    progress?.(++done, total);
    return r;
  });
  if (o.lexicon === 'auto') {
    const pairs: { en: string[]; ko: string[] }[] = [];
    articles.forEach((a, t) => {
      const enS = a.en.paragraphs.flatMap((p) => p.sentences);
      const koS = a.ko.paragraphs.flatMap((p) => p.sentences);
      for (const l of results[t]!.sentences) {
        if (l.en.length && l.ko.length && l.confidence >= o.lexiconMinConfidence) {
          pairs.push({ en: l.en.map((i) => enS[i]!), ko: l.ko.map((j) => koS[j]!) });
        }
      }
    });
    lexicon = trainLexicon(pairs, o.lexiconTrain);
    results = articles.map((a) => {
      const r = alignArticle(a.en, a.ko, { ...o.align, lexicon: lexicon! });
      progress?.(++done, total);
      return r;
    });
  }
  return articles.map((a, t) => ({
    id: a.id, paragraphs: results[t]!.paragraphs.map(strip), sentences: results[t]!.sentences.map(strip),
  }));
}

/**
 * Runs the batch command: reads `args.in`, writes `args.out`. Returns the exit code (0 ok,
 * 1 unreadable or malformed input). Progress goes to stderr for files of more than 200 articles.
 */
export async function runAlignFile(
  args: { in: string; out: string },
  io: { stdout: (s: string) => void; stderr: (s: string) => void },
  opts: Partial<AlignFileOptions> = {},
): Promise<number> {
  let text: string;
  try { text = await readFile(args.in, 'utf8'); } catch (e) {
    io.stderr(`align-file: cannot read ${args.in}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 1;
  }
  let articles: EvalArticle[];
  try { articles = parseEvalJsonl(text, args.in); } catch (e) {
    if (e instanceof InputFileError) { io.stderr(`align-file: ${e.message}\n`); return 1; }
    throw e;
  }
  const report = articles.length > 200
    ? (d: number, t: number) => { if (d % 200 === 0 || d === t) io.stderr(`align-file: ${d}/${t}\n`); }
    : undefined;
  const preds = alignArticles(articles, opts, report);
  try {
    await writeFile(args.out, preds.map((p) => JSON.stringify(p)).join('\n') + (preds.length ? '\n' : ''));
  } catch (e) {
    io.stderr(`align-file: cannot write ${args.out}: ${(e as Error).message}\n`);
    return 1;
  }
  io.stdout(`aligned ${articles.length} article(s) → ${args.out}\n`);
  return 0;
}
