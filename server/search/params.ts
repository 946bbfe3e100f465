/**
 * The search form as query-string parameters: parsing (pure, forgiving: a bad filter value is
 * dropped with a notice instead of failing the page) and the page's view model.
 */
import { sectionFilter } from '../import/section.ts';
import type { SearchFilters, SearchHit, SearchLevel, SearchSort } from './types.ts';
import { LINK_STATUSES, type LinkStatus, type Lang } from '../model.ts';
import { highlight, type Segment } from './highlight.ts';
import { LANG_CHOICES, type LangChoice, type ParsedQuery } from './query.ts';

export const PAGE_SIZE = 20;

/** The form exactly as it will be shown again (strings, '' for unset). */
export interface SearchForm {
  q: string; lang: LangChoice; level: SearchLevel; status: LinkStatus | ''; type: string;
  from: string; to: string; section: string; collection: string; sort: SearchSort;
  /** 'exact': count every hit, however many (otherwise a frequent word's count stops early). */
  count: 'exact' | '';
}

export interface SearchRequest { form: SearchForm; filters: SearchFilters; page: number; notices: string[] }

const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '').trim();

function isDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Reads `/search?q=…&lang=…&level=…&status=…&type=…&from=…&to=…&section=…&collection=…&sort=…&count=…&page=…`. */
export function parseSearchParams(query: Record<string, unknown>): SearchRequest {
  const notices: string[] = [];
  const lang = one(query['lang']) as LangChoice;
  const level = one(query['level']);
  const sort = one(query['sort']);
  const status = one(query['status']);
  const type = one(query['type']);
  const from = one(query['from']);
  const to = one(query['to']);
  const section = one(query['section']).slice(0, 100);
  const collection = one(query['collection']).slice(0, 100);
  const pageText = one(query['page']);
  const form: SearchForm = {
    q: one(query['q']).slice(0, 1000),
    lang: LANG_CHOICES.includes(lang) ? lang : 'auto',
    level: level === 'paragraph' ? 'paragraph' : 'sentence',
    status: (LINK_STATUSES as readonly string[]).includes(status) ? (status as LinkStatus) : '',
    type: '', from: '', to: '', section, collection,
    sort: sort === 'date' || sort === 'confidence' ? sort : 'added',
    count: one(query['count']) === 'exact' ? 'exact' : '',
  };
  if (status && !form.status) notices.push(`Status "${status}" is not one of auto, confirmed, rejected; showing every status.`);
  const filters: SearchFilters = {};
  if (form.status) filters.status = form.status;
  const typeMatch = /^(\d{1,2})\s*[:\-x]\s*(\d{1,2})$/.exec(type);
  if (typeMatch) {
    form.type = `${Number(typeMatch[1])}:${Number(typeMatch[2])}`;
    filters.type = { en: Number(typeMatch[1]), ko: Number(typeMatch[2]) };
  } else if (type) notices.push(`Link type "${type}" should look like 1:1 or 2:1 (English:Korean); showing every type.`);
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (!value) continue;
    if (isDay(value)) {
      form[name] = value;
      filters[name] = value;
    } else notices.push(`"${value}" is not a date like 2024-03-01; the ${name === 'from' ? 'start' : 'end'} date is ignored.`);
  }
  if (filters.from && filters.to && filters.from > filters.to) notices.push('The start date is after the end date, so nothing can match.');
  // the same path rules as import and export: "경제 경제일반" and "경제>경제일반" find 경제 > 경제일반
  const sectionPathValue = sectionFilter(section);
  if (sectionPathValue) filters.section = sectionPathValue;
  if (collection) filters.collection = collection;
  const page = /^\d{1,6}$/.test(pageText) && Number(pageText) > 0 ? Number(pageText) : 1;
  return { form, filters, page, notices };
}

/** Query string for the same search on another page (only the parameters that are set). */
export function searchHref(form: SearchForm, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form) as [string, string][]) {
    if (v === '' || (k === 'lang' && v === 'auto') || (k === 'level' && v === 'sentence') || (k === 'sort' && v === 'added')) continue;
    params.set(k, v);
  }
  if (page > 1) params.set('page', String(page));
  return `/search?${params.toString()}`;
}

/** One side of a hit as shown: each unit's text split into marked and unmarked segments. */
export interface HitSideView { lang: Lang; positions: number[]; texts: string[]; segments: Segment[][] }
export interface HitView extends Omit<SearchHit, 'en' | 'ko'> { href: string; en: HitSideView; ko: HitSideView }

/**
 * Link into the review screen at a paragraph link's row. The review screen (views/partials/link-row.ejs)
 * gives each row `id="row-N"`, N = paragraph link index, and focuses the row named in the fragment.
 */
export const reviewRowHref = (pairId: number, linkIndex: number | null): string =>
  `/pairs/${pairId}${linkIndex === null ? '' : `#row-${linkIndex}`}`;

/** Adds highlighting and the review-screen link to a page of hits. */
export function hitViews(hits: readonly SearchHit[], query: ParsedQuery): HitView[] {
  const side = (lang: Lang, h: SearchHit): HitSideView => ({
    lang, positions: h[lang].positions, texts: h[lang].texts,
    segments: h[lang].texts.map((t) => (query.sides.includes(lang) ? highlight(t, query.terms, lang) : [{ text: t, match: false }])),
  });
  return hits.map((h) => ({
    ...h,
    href: reviewRowHref(h.pairId, h.linkIndex),
    en: side('en', h), ko: side('ko', h),
  }));
}
