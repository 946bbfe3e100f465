/**
 * Rendering of the review screen: the page's locals, rows as HTML (whole, or as light stubs the
 * page fills later), the summary, and the answers the page script asks for. Holds the compiled
 * templates and the rendered-row cache; the route only reads parameters and answers.
 */
import ejs from 'ejs';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/open.ts';
import type { PairDetail } from '../../db/pairs.ts';
import { historyHead, listOperations, type HistoryHead, type OperationEntry } from '../../db/review.ts';
import { changedParagraphs } from '../../db/article-update.ts';
import { apiJson } from '../review/api-json.ts';
import { isDoubtful, progressOf, linkModel, stillOpen, type LinkModel } from '../review/view-model.ts';
import type { ReviewView, LinkRange } from '../review/view-params.ts';
import { changedLinks } from '../update/changed.ts';
import type { ReviewOutcome } from './review.ts';

const VIEWS_DIR = fileURLToPath(new URL('../../views/', import.meta.url));
/** Pairs longer than this open with the first rows drawn and the rest as light stubs the page fills as they come near. */
const LAZY_ABOVE = 80;
const FIRST_ROWS = 30;
/** Most rows one `from`/`to` request renders. */
const MAX_SLICE = 200;

/** Who looks at the page: the name and role decide the history head and the edit controls. */
export interface Viewer { name: string; canEdit: boolean; csrfToken: string }

// ejs 7 caches compiled templates only when Express' "view cache" is on (production). The review
// page renders one row partial per link (300+), so it keeps its own compiled copies, refreshed
// when the file changes.
const TEMPLATE_LOCALS: Record<string, string[]> = {
  'partials/link-row': ['row', 'ctx', 'history'],
  'review/summary': ['pair', 'progress', 'head', 'threshold', 'ctx'],
};
const compiled = new Map<string, { mtimeMs: number; fn: ejs.TemplateFunction }>();
function template(name: string): ejs.TemplateFunction {
  const file = `${VIEWS_DIR}${name}.ejs`;
  const mtimeMs = statSync(file).mtimeMs;
  const hit = compiled.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.fn;
  // no `with (locals)`: V8 runs such templates several times faster; the names each one uses are listed
  const fn = ejs.compile(readFileSync(file, 'utf8'), {
    filename: file, _with: false, destructuredLocals: TEMPLATE_LOCALS[name] ?? [], rmWhitespace: true,
  });
  compiled.set(file, { mtimeMs, fn });
  return fn;
}

/** What every row template needs besides the row itself. */
interface LinkContext {
  pairId: number; version: number; csrfToken: string; threshold: number; edit: string | null; canEdit: boolean; user: string;
  /** Rows changed by an article update since the last review (server/update/changed.ts). */
  changed: ReadonlySet<number>;
}

/** Rows of the pair that an article update changed and no reviewer has looked at since. */
const changedLinksOf = (db: Db, pair: PairDetail): number[] => changedLinks(pair.en, pair.ko, pair.links, changedParagraphs(db, pair.id));

function rowContext(db: Db, pair: PairDetail, viewer: Viewer, view: Pick<ReviewView, 'threshold' | 'edit'>): LinkContext {
  return {
    changed: new Set(changedLinksOf(db, pair)),
    pairId: pair.id, version: pair.version, csrfToken: viewer.csrfToken,
    threshold: view.threshold, edit: view.edit, canEdit: viewer.canEdit, user: viewer.name,
  };
}

/** Operations that touched the row's paragraphs (paragraph numbers can drift after text splits; good enough for "who did what"). */
function historyOf(row: LinkModel, ops: OperationEntry[]): OperationEntry[] {
  const en = new Set(row.en.map((p) => p.index));
  const ko = new Set(row.ko.map((p) => p.index));
  return ops.filter((o) => o.enParagraphs.some((p) => en.has(p)) || o.koParagraphs.some((p) => ko.has(p))).slice(0, 20);
}

const renderLinkModel = (row: LinkModel, ctx: LinkContext, history: OperationEntry[]): string =>
  template('partials/link-row')({ row: { ...row, changedSinceReview: ctx.changed.has(row.index) }, ctx, history: row.sentences ? historyOf(row, history) : [] });

// Rendered closed rows, by link object: states are immutable and share unchanged links and
// paragraphs, so a row whose link, paragraphs, number and settings are the same renders the same.
// Version and CSRF token go in as placeholders (never cached: they change per op and per user).
const linkHtmlCache = new WeakMap<object, { key: string; paragraphs: unknown[]; html: string }>();
const VERSION_SLOT = '\u0001v\u0001';
const TOKEN_SLOT = '\u0001t\u0001';

function renderLink(pair: PairDetail, i: number, opts: { open: boolean }, ctx: LinkContext, history: OperationEntry[]): string {
  if (opts.open || ctx.edit) return renderLinkModel(linkModel(pair, i, { threshold: ctx.threshold, open: opts.open }), ctx, history);
  const link = pair.links[i]!;
  const key = `${pair.id}|${i}|${i === pair.links.length - 1}|${ctx.threshold}|${ctx.canEdit}|${ctx.changed.has(i)}|${link.crossed === true}`;
  const paragraphs = [...link.en.map((p) => pair.en.paragraphs[p]), ...link.ko.map((p) => pair.ko.paragraphs[p])];
  let hit = linkHtmlCache.get(link);
  if (!hit || hit.key !== key || hit.paragraphs.length !== paragraphs.length || hit.paragraphs.some((p, k) => p !== paragraphs[k])) {
    const html = renderLinkModel(linkModel(pair, i, { threshold: ctx.threshold, open: false }), { ...ctx, version: VERSION_SLOT as unknown as number, csrfToken: TOKEN_SLOT }, []);
    hit = { key, paragraphs, html };
    linkHtmlCache.set(link, hit);
  }
  return hit.html.replaceAll(VERSION_SLOT, String(ctx.version)).replaceAll(TOKEN_SLOT, ctx.csrfToken);
}

/**
 * A row not drawn yet: same height as a closed row, with what filters, n and the progress need.
 * The page replaces it with the full row when it comes near the viewport.
 */
function stubLink(pair: PairDetail, i: number, threshold: number): string {
  const l = pair.links[i]!;
  const confirmed = l.status === 'confirmed';
  return `<section class="link-row stub${confirmed ? ' confirmed' : ''}" id="row-${i}" data-link="${i}" data-stub="1" data-doubtful="${isDoubtful(l, threshold) ? 1 : 0}" data-confirmed="${confirmed ? 1 : 0}" data-status="${l.status}" tabindex="0" aria-label="Row ${i + 1}, loading"></section>`;
}

/** Full rows for [from, to), stubs elsewhere (for long pairs); every row when `all`. */
function renderLinks(pair: PairDetail, range: LinkRange | null, open: Set<number>, ctx: LinkContext, ops: OperationEntry[], only?: { start: number; count: number }): string[] {
  const start = only?.start ?? 0;
  const count = only?.count ?? pair.links.length;
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    return !range || (i >= range.from && i < range.to) || open.has(i)
      ? renderLink(pair, i, { open: open.has(i) }, ctx, ops) : stubLink(pair, i, ctx.threshold);
  });
}

/**
 * The Korean places of crossed rows: the Korean paragraph of a crossed link sits elsewhere in the
 * Korean article; the screen marks that place (before the first row after it in Korean order) with a jump back.
 */
function koPlaces(pair: PairDetail): Map<number, string[]> {
  const out = new Map<number, string[]>();
  pair.links.forEach((l, r) => {
    if (!l.crossed) return;
    const k = l.ko[0]!;
    let at = pair.links.findIndex((x) => !x.crossed && x.ko.length > 0 && x.ko[0]! > k);
    if (at < 0) at = pair.links.length;
    const html = `<div class="ko-place" id="ko-place-${k}" data-row="${r}" lang="en"><span>Korean ¶${k + 1}`
      + `${l.ko.length > 1 ? `–${l.ko[l.ko.length - 1]! + 1}` : ''} stands here in the Korean article; it is linked to English ¶${l.en[0]! + 1} in a crossed row.</span>`
      + ` <a class="jump-crossed" href="#row-${r}">Jump to the crossed row</a></div>`;
    out.set(at, [...(out.get(at) ?? []), html]);
  });
  return out;
}

/** Every row (full in `range`, stubs elsewhere) with the Korean places of crossed rows between them. */
function pageLinks(db: Db, pair: PairDetail, range: LinkRange | null, open: Set<number>, ctx: LinkContext): string[] {
  const ops = open.size ? listOperations(db, pair.id) : [];
  const rows = renderLinks(pair, range, open, ctx, ops);
  const places = koPlaces(pair);
  return places.size ? rows.flatMap((h, i) => [...(places.get(i) ?? []), h]).concat(places.get(rows.length) ?? []) : rows;
}

function summaryModel(pair: PairDetail, head: HistoryHead, threshold: number) {
  return { pair: { id: pair.id, version: pair.version, status: pair.status }, progress: progressOf(pair, threshold), head, threshold };
}

const summaryHtml = (pair: PairDetail, head: HistoryHead, ctx: LinkContext): string =>
  template('review/summary')({ ...summaryModel(pair, head, ctx.threshold), ctx });

/** The pair as GET /api/pairs/:id shows it, as prebuilt JSON bytes. */
export const pairJson = (db: Db, pair: PairDetail, user: string | null): Buffer =>
  apiJson(pair, historyHead(db, pair.id, user), { changedSinceReview: changedLinksOf(db, pair) });

/** The locals of review/show: everything the review page shows. */
export function reviewPageModel(db: Db, pair: PairDetail, viewer: Viewer, view: ReviewView,
  extra: { error?: string | null; errorChanges?: unknown[] } = {}) {
  const ctx = rowContext(db, pair, viewer, view);
  // `all` draws every row at once (for printing, find-in-page, and as the benchmark's baseline)
  const range = pair.links.length > LAZY_ABOVE && !view.all ? { from: 0, to: FIRST_ROWS } : null;
  const rowsHtml = pageLinks(db, pair, range, view.open, ctx);
  const head = historyHead(db, pair.id, ctx.user || null);
  return {
    title: pair.en.meta.title ?? pair.ko.meta.title ?? `Pair ${pair.id}`,
    pair, rowsHtml, ctx, summary: summaryModel(pair, head, ctx.threshold), summaryHtml: summaryHtml(pair, head, ctx),
    duplicate: view.duplicate, error: extra.error ?? null, errorChanges: extra.errorChanges ?? [],
    unaligned: pair.links.length === 0,
    filters: { hideConfirmed: view.hideConfirmed, onlyDoubtful: view.onlyDoubtful },
  };
}

/** One row as HTML (opened to its sentences when `open`), for expanding or editing it. */
export function linkHtml(db: Db, pair: PairDetail, i: number, viewer: Viewer, view: ReviewView, open: boolean): string {
  const ctx = rowContext(db, pair, viewer, view);
  return renderLink(pair, i, { open }, ctx, open ? listOperations(db, pair.id) : []);
}

/** Rows [from, to) (at most MAX_SLICE), for the stubs the page fills as they come near; the summary too when asked. */
export function linkSlice(db: Db, pair: PairDetail, viewer: Viewer, view: ReviewView, slice: { from: number; to: number; summary: boolean }) {
  const ctx = rowContext(db, pair, viewer, view);
  const a = Math.min(slice.from, pair.links.length);
  const b = Math.max(a, Math.min(slice.to, pair.links.length, a + MAX_SLICE));
  const ops = [...view.open].some((i) => i >= a && i < b) ? listOperations(db, pair.id) : [];
  const summary = slice.summary ? summaryHtml(pair, historyHead(db, pair.id, ctx.user || null), ctx) : undefined;
  return { version: pair.version, from: a, rows: renderLinks(pair, null, view.open, ctx, ops, { start: a, count: b - a }), summary };
}

/** Every row (full near `near`, stubs elsewhere), the summary and the Korean places of crossed rows: catching up after a 409. */
export function allLinks(db: Db, pair: PairDetail, viewer: Viewer, view: ReviewView, near: LinkRange | null) {
  const ctx = rowContext(db, pair, viewer, view);
  const range = pair.links.length > LAZY_ABOVE ? near ?? { from: 0, to: FIRST_ROWS } : null;
  const rows = pageLinks(db, pair, range, view.open, ctx);
  return { version: pair.version, rows, summary: summaryHtml(pair, historyHead(db, pair.id, ctx.user || null), ctx) };
}

/** An operation's answer: the pair's new state, as GET /api/pairs/:id shows it, with what was done. */
export const opStateJson = (db: Db, outcome: ReviewOutcome, user: string | null): Buffer =>
  apiJson(outcome.pair, historyHead(db, outcome.pair.id, user), { applied: outcome.summary });

/**
 * An operation's answer for the page: only the rows that changed, as HTML, so it never reloads
 * (not the whole 400 KB state of a long article). Rows of the window far from what the page shows
 * go back as stubs (Confirm up to here on row 400 touches 400 rows).
 */
export function opFragment(db: Db, outcome: ReviewOutcome, viewer: Viewer, view: ReviewView, near: LinkRange | null) {
  const { pair, before } = outcome;
  const head = historyHead(db, pair.id, viewer.name || null);
  const { rows: _rows, ...patch } = outcome.changed;
  const open = stillOpen(before, pair, patch, view.open);
  const ctx = { ...rowContext(db, pair, viewer, view), edit: null };
  const ops = open.size ? listOperations(db, pair.id) : [];
  const rows = renderLinks(pair, near, open, ctx, ops, { start: patch.start, count: patch.inserted });
  return {
    id: pair.id, version: pair.version, status: pair.status, undo: head.undo, redo: head.redo, applied: outcome.summary,
    crossed: pair.links.some((l) => l.crossed) || before.links.some((l) => l.crossed),
    fragment: { patch, rows, summary: summaryHtml(pair, head, ctx) },
  };
}
