/**
 * Reads an operation request (a JSON body, or a form post whose clicked button carries
 * "op key=value …") into a typed operation. Pure; throws OpParseError for anything malformed.
 */
import type { ReviewOp, ReviewOpName } from './ops.ts';
import { REVIEW_OP_NAMES } from './ops.ts';

/** The request is malformed (unknown op, missing or non-integer argument): HTTP 400. */
export class OpParseError extends Error {
  constructor(public readonly code: string, message: string) {
    super(message);
  }
}

export type ParsedRequest = ReviewOp | { op: 'undo' } | { op: 'redo' };

const MAX_INDEX = 1_000_000;

function int(body: Record<string, unknown>, key: string): number;
function int(body: Record<string, unknown>, key: string, optional: true): number | undefined;
function int(body: Record<string, unknown>, key: string, optional = false): number | undefined {
  const v = body[key];
  if (v === undefined || v === null || v === '') {
    if (optional) return undefined;
    throw new OpParseError('missing_argument', `"${key}" is required for this operation.`);
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,9}$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > MAX_INDEX) {
    throw new OpParseError('bad_argument', `"${key}" must be a whole number from 0, got ${JSON.stringify(v)}.`);
  }
  return n;
}

function oneOf<T extends string>(body: Record<string, unknown>, key: string, values: readonly T[]): T {
  const v = body[key];
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
  throw new OpParseError(v === undefined ? 'missing_argument' : 'bad_argument', `"${key}" must be one of ${values.join(', ')}.`);
}

/** Longest index list a link operation accepts (a paragraph link of a whole long article). */
const MAX_LINK_ITEMS = 2_000;

function indexList(body: Record<string, unknown>, key: string): number[] {
  const v = body[key];
  if (v === undefined) return [];
  const list = typeof v === 'string' ? (v.trim() === '' ? [] : v.split(',')) : v;
  if (!Array.isArray(list) || list.length > MAX_LINK_ITEMS) {
    throw new OpParseError('bad_argument', `"${key}" must be a list of at most ${MAX_LINK_ITEMS} indices.`);
  }
  return (list as unknown[]).map((x, k) => int({ [key]: x }, key === 'en' || key === 'ko' ? key : `${key}[${k}]`));
}

function confidence(body: Record<string, unknown>): number {
  const v = body['confidence'];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new OpParseError(v === undefined ? 'missing_argument' : 'bad_argument', '"confidence" must be a number from 0 to 1.');
  return n;
}

/** The version the client saw; required on every operation. */
export function parseVersion(body: Record<string, unknown>): number {
  if (body['version'] === undefined) throw new OpParseError('missing_version', 'Send the pair\'s "version" with every operation.');
  return int(body, 'version');
}

/** Reads one operation request body. */
export function parseOpRequest(body: Record<string, unknown>): ParsedRequest {
  const op = body['op'];
  if (op === 'undo' || op === 'redo') return { op };
  if (typeof op !== 'string' || !(REVIEW_OP_NAMES as readonly string[]).includes(op)) {
    throw new OpParseError('unknown_op', `Unknown operation ${JSON.stringify(op)}. Known: ${[...REVIEW_OP_NAMES, 'undo', 'redo'].join(', ')}.`);
  }
  const name = op as ReviewOpName;
  const sentence = int(body, 'sentence', true);
  const withSentence = sentence === undefined ? {} : { sentence };
  const side = () => oneOf(body, 'side', ['en', 'ko'] as const);
  switch (name) {
    case 'merge': case 'confirm': case 'unconfirm': case 'reject': case 'unreject':
      return { op: name, link: int(body, 'link'), ...withSentence };
    case 'confirm-at-least': {
      const dry = body['dryRun'];
      return { op: name, confidence: confidence(body), ...(dry === true || dry === 'true' || dry === '1' ? { dryRun: true } : {}) };
    }
    case 'link': {
      const level = oneOf(body, 'level', ['paragraph', 'sentence'] as const);
      const en = indexList(body, 'en');
      const ko = indexList(body, 'ko');
      return level === 'paragraph' ? { op: name, level, en, ko } : { op: name, level, link: int(body, 'link'), en, ko };
    }
    case 'confirm-up-to': return { op: name, link: int(body, 'link') };
    case 'split': {
      const en = int(body, 'en', true);
      const ko = int(body, 'ko', true);
      return { op: name, link: int(body, 'link'), ...withSentence, ...(en === undefined ? {} : { en }), ...(ko === undefined ? {} : { ko }) };
    }
    case 'move': return { op: name, link: int(body, 'link'), ...withSentence, side: side(), dir: oneOf(body, 'dir', ['up', 'down'] as const) };
    case 'no-counterpart': {
      const index = int(body, 'index', true);
      return { op: name, link: int(body, 'link'), ...withSentence, side: side(), ...(index === undefined ? {} : { index }) };
    }
    case 'realign-rest': return { op: name };
    case 'edit-text': {
      const text = body['text'];
      if (typeof text !== 'string') throw new OpParseError('missing_argument', '"text" is required for edit-text.');
      return { op: name, side: side(), paragraph: int(body, 'paragraph'), text };
    }
    case 'split-paragraph': return { op: name, side: side(), paragraph: int(body, 'paragraph'), at: int(body, 'at') };
    case 'join-paragraphs': return { op: name, side: side(), paragraph: int(body, 'paragraph') };
  }
}

/**
 * A form post: the clicked button is `do` = "op key=value …" (one form per row carries several
 * operations), merged over the form's other fields.
 */
export function formToBody(form: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = { ...form };
  const action = typeof form['do'] === 'string' ? form['do'].trim() : '';
  if (action) {
    const [op, ...pairs] = action.split(/\s+/);
    body['op'] = op;
    for (const p of pairs) {
      const eq = p.indexOf('=');
      if (eq > 0) body[p.slice(0, eq)] = p.slice(eq + 1);
    }
  }
  delete body['do'];
  delete body['_csrf'];
  return body;
}
