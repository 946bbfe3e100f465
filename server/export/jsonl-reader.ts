import { joinItems, type ExportDocument, type ExportLevel, type RebuiltPair } from '../../db/export.ts';
import type { LinkInput, DocumentInput } from '../../db/pairs.ts';
import { MAX_COLLECTION_NAME, MAX_COLLECTION_TEXT, itemsSpan, LINK_STATUSES, sentenceOwners, PARAGRAPH_KINDS, type AlignmentInput, type Author, type LinkStatus, type Lang, type Paragraph, type PairStatus } from '../model.ts';
import { sectionPath } from '../import/section.ts';
import { completeAlignment, LinkError, type CompletedAlignment } from '../import/complete-links.ts';
import { JSONL_UNIT_FORMAT } from './jsonl.ts';

/** One parsed line of a JSONL file. */
export interface JsonlLine { lineNo: number; value: unknown }

/** What reading an export yields: a rebuilt pair (with its first line) or an error with its line. */
export type ExportReadResult =
  | { kind: 'pair'; lineNo: number; pairId: number; pair: RebuiltPair }
  | { kind: 'error'; lineNo: number; message: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when a parsed JSONL value is a unit line of a jjak export (rather than a pair record). */
export function isExportUnitLine(value: unknown): boolean {
  return isObj(value) && value['format'] === JSONL_UNIT_FORMAT && Number.isSafeInteger(value['pair'])
    && (value['level'] === 'paragraph' || value['level'] === 'sentence');
}

/** A collection as an export's header line describes it (what jjak collection add takes). */
export interface HeaderCollection { name: string; source: string | null; licence: string | null; attribution: string | null }

/**
 * The collections an export's header line names, with their source, licence and attribution;
 * entries without a usable name are left out, texts are trimmed to the lengths a collection takes.
 */
export function readHeaderCollections(header: unknown): HeaderCollection[] {
  const list = isObj(header) ? header['collections'] : undefined;
  if (!Array.isArray(list)) return [];
  const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, MAX_COLLECTION_TEXT) : null);
  const out: HeaderCollection[] = [];
  for (const c of list.slice(0, 1000) as unknown[]) {
    if (!isObj(c)) continue;
    const name = text(c['name']);
    if (name === null || name.length > MAX_COLLECTION_NAME) continue;
    out.push({ name, source: text(c['source']), licence: text(c['licence']), attribution: text(c['attribution']) });
  }
  return out;
}

class LineError extends Error {
  constructor(public readonly lineNo: number, message: string) { super(message); }
}

const PAIR_STATUSES: readonly string[] = ['new', 'aligned', 'in_review', 'reviewed'];

function str(v: unknown, path: string, line: number): string {
  if (typeof v !== 'string') throw new LineError(line, `${path} must be a string`);
  return v;
}
function strOrNull(v: unknown, path: string, line: number): string | null {
  return v === null ? null : str(v, path, line);
}
function strings(v: unknown, path: string, line: number): string[] {
  if (!Array.isArray(v)) throw new LineError(line, `${path} must be an array of strings`);
  return v.map((s, i) => str(s, `${path}[${i}]`, line));
}
function items(v: unknown, path: string, line: number): number[] {
  if (!Array.isArray(v) || !v.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    throw new LineError(line, `${path} must be an array of item indices`);
  }
  const list = v as number[];
  list.forEach((n, i) => {
    if (i > 0 && n !== list[i - 1]! + 1) throw new LineError(line, `${path} must be consecutive indices, like [3, 4]`);
  });
  return list;
}

/** A link's review state and items, checked. */
function readLink(v: unknown, path: string, line: number, keys: readonly [string, string] = ['en', 'ko']): Required<LinkInput> & { enItems: number[]; koItems: number[] } {
  if (!isObj(v)) throw new LineError(line, `${path} must be an object`);
  const en = items(v[keys[0]], `${path}.${keys[0]}`, line);
  const ko = items(v[keys[1]], `${path}.${keys[1]}`, line);
  if (en.length === 0 && ko.length === 0) throw new LineError(line, `${path} links nothing on either side`);
  const status = v['status'];
  if (typeof status !== 'string' || !(LINK_STATUSES as readonly string[]).includes(status)) {
    throw new LineError(line, `${path}.status must be one of ${LINK_STATUSES.join(', ')}`);
  }
  const confidence = v['confidence'];
  if (confidence !== null && (typeof confidence !== 'number' || confidence < 0 || confidence > 1)) {
    throw new LineError(line, `${path}.confidence must be null or a number from 0 to 1`);
  }
  if (!Array.isArray(v['evidence'])) throw new LineError(line, `${path}.evidence must be an array`);
  return {
    enItems: en, koItems: ko, en: [0, 0], ko: [0, 0], status: status as LinkStatus, confidence,
    evidence: v['evidence'] as unknown[],
    confirmedBy: strOrNull(v['confirmedBy'], `${path}.confirmedBy`, line),
    confirmedAt: strOrNull(v['confirmedAt'], `${path}.confirmedAt`, line),
    crossed: v['crossed'] === true,
  };
}

function readAuthors(v: unknown, path: string, line: number): Author[] {
  if (!Array.isArray(v)) throw new LineError(line, `${path} must be an array`);
  return v.map((a, i) => {
    if (!isObj(a)) throw new LineError(line, `${path}[${i}] must be an object`);
    const author: Author = { name: str(a['name'], `${path}[${i}].name`, line) };
    if (a['role'] !== undefined) author.role = str(a['role'], `${path}[${i}].role`, line);
    if (a['email'] !== undefined) author.email = str(a['email'], `${path}[${i}].email`, line);
    return author;
  });
}

/** One side of `pairData` → the document to store and the view joinItems needs. */
function readSide(v: unknown, lang: Lang, line: number): { input: DocumentInput; view: ExportDocument } {
  const path = `pairData.${lang}`;
  if (!isObj(v)) throw new LineError(line, `${path} must be an object`);
  if (!Array.isArray(v['paragraphs']) || v['paragraphs'].length === 0) {
    throw new LineError(line, `${path}.paragraphs must be a non-empty array`);
  }
  const paragraphs: Paragraph[] = v['paragraphs'].map((p: unknown, i) => {
    const at = `${path}.paragraphs[${i}]`;
    if (!isObj(p)) throw new LineError(line, `${at} must be an object`);
    if (typeof p['kind'] !== 'string' || !(PARAGRAPH_KINDS as readonly string[]).includes(p['kind'])) {
      throw new LineError(line, `${at}.kind must be one of ${PARAGRAPH_KINDS.join(', ')}`);
    }
    return { kind: p['kind'] as Paragraph['kind'], text: str(p['text'], `${at}.text`, line), sentences: strings(p['sentences'], `${at}.sentences`, line) };
  });
  const meta = {
    title: strOrNull(v['title'], `${path}.title`, line),
    subtitles: strings(v['subtitles'], `${path}.subtitles`, line),
    section: sectionPath(strOrNull(v['section'], `${path}.section`, line), lang),
    published: strOrNull(v['published'], `${path}.published`, line),
    modified: strOrNull(v['modified'], `${path}.modified`, line),
    authors: readAuthors(v['authors'], `${path}.authors`, line),
    url: strOrNull(v['url'], `${path}.url`, line),
  };
  const sentenceParagraph = sentenceOwners({ paragraphs });
  return {
    // Stored as a jsonl document whose raw input is the side as exported (the source's raw text is not exported).
    input: { lang, format: 'jsonl', raw: JSON.stringify(v), meta, paragraphs },
    view: { lang, meta, paragraphs, sentenceParagraph },
  };
}

/**
 * Turns item lists into half-open ranges. An empty side has no items to say where it sits, so
 * it is anchored where the previous link on that side ended (in a complete, monotone alignment
 * that is also where the next one starts); items must lie inside the document.
 */
function toRanges(links: ReturnType<typeof readLink>[], size: { en: number; ko: number }, line: number[]): LinkInput[] {
  let enEnd = 0;
  let koEnd = 0;
  return links.map((l, i) => {
    for (const [side, list, max] of [['en', l.enItems, size.en], ['ko', l.koItems, size.ko]] as const) {
      if (list.length && list[list.length - 1]! >= max) {
        throw new LineError(line[i]!, `${side} item ${list[list.length - 1]} is past the end of the document (${max} items)`);
      }
    }
    const en = itemsSpan(l.enItems, enEnd);
    const ko = itemsSpan(l.koItems, koEnd);
    enEnd = en[1];
    // a crossed link's Korean side is out of order: the Korean reading position stays
    if (!l.crossed) koEnd = ko[1];
    return { status: l.status, confidence: l.confidence, evidence: l.evidence, confirmedBy: l.confirmedBy, confirmedAt: l.confirmedAt, en, ko, ...(l.crossed ? { crossed: true } : {}) };
  });
}

/** Rebuilds one pair from its consecutive unit lines (the first carries pairData). */
function rebuildPair(lines: JsonlLine[]): RebuiltPair {
  const first = lines[0]!;
  const head = first.value as Obj;
  const level = head['level'] as ExportLevel;
  const pairData = readPairData(first);
  const en = readSide(pairData['en'], 'en', first.lineNo);
  const ko = readSide(pairData['ko'], 'ko', first.lineNo);
  const other = readOtherLevelLinks(pairData, level, en, ko, first.lineNo);
  const exported = readUnitLinks(lines, level, en, ko);
  const completed = completePair(en, ko, level === 'paragraph' ? { paragraphs: exported, sentences: other } : { paragraphs: other, sentences: exported }, first);
  const added = completed.added.paragraph + completed.added.sentence;
  const status = pairData['status'] as PairStatus;
  return {
    en: en.input, ko: ko.input, alignment: completed.alignment, completed: completed.added,
    // New one-sided links are unreviewed: a pair exported as reviewed is in review again.
    pairStatus: added > 0 && status === 'reviewed' ? 'in_review' : status,
    provenance: {
      collection: typeof head['collection'] === 'string' ? head['collection'] : null,
      externalId: typeof head['externalId'] === 'string' ? head['externalId'] : null,
      meta: isObj(pairData['meta']) ? pairData['meta'] : null,
    },
  };
}

type Side = ReturnType<typeof readSide>;

/** The first line's pairData, which must be there and carry a known pair status. */
function readPairData(first: JsonlLine): Obj {
  const head = first.value as Obj;
  const pairData = head['pairData'];
  if (!isObj(pairData)) {
    throw new LineError(first.lineNo, `pair ${String(head['pair'])} starts here without "pairData"; the first unit line of each pair must carry it (were the lines reordered or cut?)`);
  }
  if (typeof pairData['status'] !== 'string' || !PAIR_STATUSES.includes(pairData['status'])) {
    throw new LineError(first.lineNo, `pairData.status must be one of ${PAIR_STATUSES.join(', ')}`);
  }
  return pairData;
}

/** Item counts of both documents at one level (the bound every link item must stay under). */
function sizeAt(en: Side, ko: Side, level: ExportLevel): { en: number; ko: number } {
  return level === 'paragraph'
    ? { en: en.view.paragraphs.length, ko: ko.view.paragraphs.length }
    : { en: en.view.sentenceParagraph.length, ko: ko.view.sentenceParagraph.length };
}

/** The links of the level the unit lines are not at: pairData carries them whole. */
function readOtherLevelLinks(pairData: Obj, level: ExportLevel, en: Side, ko: Side, lineNo: number): LinkInput[] {
  if (!Array.isArray(pairData['links'])) throw new LineError(lineNo, 'pairData.links must be an array');
  const otherLevel: ExportLevel = level === 'paragraph' ? 'sentence' : 'paragraph';
  return toRanges(
    pairData['links'].map((l: unknown, i) => readLink(l, `pairData.links[${i}]`, lineNo)),
    sizeAt(en, ko, otherLevel), pairData['links'].map(() => lineNo),
  );
}

/** The unit lines' own links: one level, positions rising, texts those of their items in pairData. */
function readUnitLinks(lines: JsonlLine[], level: ExportLevel, en: Side, ko: Side): LinkInput[] {
  let lastPosition = -1;
  const units = lines.map(({ lineNo, value }) => {
    const v = value as Obj;
    if (v['level'] !== level) throw new LineError(lineNo, `level "${String(v['level'])}" differs from the pair's first line ("${level}")`);
    const position = v['position'];
    if (!Number.isSafeInteger(position) || (position as number) <= lastPosition) {
      throw new LineError(lineNo, 'position must be an integer greater than the previous unit\'s');
    }
    lastPosition = position as number;
    const link = readLink(v, 'the unit', lineNo, ['enItems', 'koItems']);
    // The texts are derived from pairData; a mismatch means the line was edited or belongs elsewhere.
    for (const [lang, doc, list] of [['en', en.view, link.enItems], ['ko', ko.view, link.koItems]] as const) {
      if (v[lang] !== joinItems(doc, level, list)) {
        throw new LineError(lineNo, `the ${lang} text does not match items [${list.join(', ')}] of the pair's document`);
      }
    }
    return link;
  });
  return toRanges(units, sizeAt(en, ko, level), lines.map((l) => l.lineNo));
}

/** A filtered export (--status confirmed, no --include-one-sided, …) leaves items in no link: complete them. */
function completePair(
  en: Side, ko: Side, links: AlignmentInput, first: JsonlLine,
): CompletedAlignment {
  try {
    return completeAlignment(en.view, ko.view, links);
  } catch (e) {
    if (e instanceof LinkError) throw new LineError(first.lineNo, `pair ${String((first.value as Obj)['pair'])} cannot be made whole: ${e.message}`);
    throw e;
  }
}

/**
 * Push-style reader of an export's unit lines: feed lines in file order with push(), then call
 * end(). It holds only the current pair's lines, so a file of any size reads in constant memory.
 */
export class ExportUnitAssembler {
  private lines: JsonlLine[] = [];
  private pairId: unknown = null;
  /** Set when a line of the pair being gathered was unreadable: the pair is then rejected whole. */
  private broken: { lineNo: number; message: string } | null = null;

  push(line: JsonlLine): ExportReadResult[] {
    if (!isExportUnitLine(line.value)) {
      return this.fail(line.lineNo, `not a jjak export unit line (it needs "format": "${JSONL_UNIT_FORMAT}", "pair" and "level")`);
    }
    const pairId = (line.value as Obj)['pair'];
    const out = this.lines.length && pairId !== this.pairId ? this.end() : [];
    this.pairId = pairId;
    this.lines.push(line);
    return out;
  }

  /**
   * Reports an unreadable line (invalid JSON, not a unit). It may have been a unit of the pair
   * being gathered, so that pair is rejected too rather than stored with a link missing.
   */
  fail(lineNo: number, message: string): ExportReadResult[] {
    if (this.lines.length && !this.broken) this.broken = { lineNo, message };
    return [{ kind: 'error', lineNo, message }];
  }

  end(): ExportReadResult[] {
    const lines = this.lines;
    const broken = this.broken;
    this.lines = [];
    this.broken = null;
    if (lines.length === 0) return [];
    if (broken) {
      return [{ kind: 'error', lineNo: lines[0]!.lineNo, message: `pair ${String(this.pairId)} was not imported: line ${broken.lineNo} inside it is unreadable` }];
    }
    try {
      return [{ kind: 'pair', lineNo: lines[0]!.lineNo, pairId: (lines[0]!.value as Obj)['pair'] as number, pair: rebuildPair(lines) }];
    } catch (e) {
      if (e instanceof LineError) return [{ kind: 'error', lineNo: e.lineNo, message: e.message }];
      throw e;
    }
  }
}

/** Reads the unit lines of a jjak JSONL export and yields each pair rebuilt, or an error with its line number. */
export async function* readExportUnits(lines: AsyncIterable<JsonlLine> | Iterable<JsonlLine>): AsyncGenerator<ExportReadResult> {
  const assembler = new ExportUnitAssembler();
  for await (const line of lines) yield* assembler.push(line);
  yield* assembler.end();
}
