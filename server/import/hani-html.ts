/**
 * Saved article pages in the Hankyoreh layouts (Korean site and English edition), read the way the
 * page copy is read (hani.ts), so an article imported as HTML gets the same paragraphs and kinds as
 * the same article copied from the browser as text — and so the same content key: importing both
 * is reported as a duplicate, not stored twice.
 *
 * The page is walked into lines (blocks and <br> end a line). The date line ("등록 :…", "Posted on :
 * …") anchors the article: the heading above it is the title; the breadcrumb above that (its links,
 * one level each) or `article:section` is the section; after it come the header (subtitle lines,
 * photo captions) and the body. The lines are laid out as the page copy has them — title, date,
 * header, a blank line, body, each caption printed twice as the page prints it — and handed to
 * parseHani, which drops the furniture (share buttons, copyright, "관련기사" and everything after)
 * and finds subheads and the byline. Pages without a date line go through Readability (html.ts).
 */
import type { Lang } from '../model.ts';
import { isFurniture } from './classify.ts';
import { DATE_LINE, parseHani, type ParsedParts } from './hani.ts';
import { cleanText, normaliseText } from './normalise.ts';
import { sectionPath } from './section.ts';

/** The few linkedom members used here (the project compiles without the DOM lib). */
export interface PageNode {
  nodeType: number;
  nodeValue: string | null;
  childNodes: ArrayLike<PageNode>;
}
export interface PageElement extends PageNode {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

type Role = 'heading' | 'caption' | 'subtitle' | 'crumb' | 'text';
interface Line { text: string; role: Role; block: PageElement | null }

// Never article text: code, controls, navigation, page-wide asides and footers.
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'button', 'select', 'textarea', 'iframe', 'object', 'head', 'nav', 'form', 'aside', 'footer']);
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'thead', 'tbody', 'tr', 'td', 'th', 'figure', 'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'address', 'center',
]);

// Blocks of page controls by their class: share and print buttons, tool bars, ads.
const SKIP_CLASS = /(?:^|[\s_-])(?:share|sns|tools?|util|ad|ads|banner|btns?)(?:$|[\s_-])/;

function roleOf(el: PageElement, inherited: Role): Role {
  const tag = el.tagName.toLowerCase();
  const cls = (el.getAttribute('class') ?? '').toLowerCase();
  if (/^h[1-4]$/.test(tag) || (/(?:^|[\s_-])title(?:$|[\s_-])/.test(cls) && !/sub/.test(cls))) return inherited === 'text' ? 'heading' : inherited;
  if (tag === 'figcaption' || /(?:^|[\s_-])(?:desc|caption|photo-?caption|img-?desc)(?:$|[\s_-])/.test(cls)) return 'caption';
  if (/sub-?title|summary/.test(cls)) return 'subtitle';
  if (/categor|breadcrumb|location/.test(cls)) return 'crumb';
  return inherited;
}

/** The page's text lines with the role of the block each came from. */
function pageLines(body: PageElement): Line[] {
  const out: Line[] = [];
  let buf = '';
  const flush = (role: Role, block: PageElement | null) => {
    const text = cleanText(buf, { oneLine: true });
    buf = '';
    if (text !== '') out.push({ text, role, block });
  };
  const visit = (node: PageNode, role: Role, block: PageElement | null) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        buf += child.nodeValue ?? '';
        continue;
      }
      if (child.nodeType !== 1) continue;
      const el = child as PageElement;
      const tag = el.tagName.toLowerCase();
      if (SKIP.has(tag) || SKIP_CLASS.test((el.getAttribute('class') ?? '').toLowerCase())) continue;
      const inner = roleOf(el, role);
      if (tag === 'br') flush(role, block);
      else if (BLOCK.has(tag) || inner !== role) {
        flush(role, block);
        visit(el, inner, el);
        flush(inner, el);
      } else visit(el, role, block);
    }
  };
  visit(body, 'text', null);
  flush('text', null);
  return out;
}

/**
 * Parses a Hankyoreh article page; null when the page has no date line (not this layout).
 * `metaSection` is the page's `article:section`, used when there is no breadcrumb.
 */
export function parseHaniPage(root: PageElement, lang: Lang, metaSection: string | null): ParsedParts | null {
  const lines = pageLines(root);
  const d = lines.findIndex((l) => DATE_LINE.test(l.text));
  if (d <= 0) return null;
  let t = d - 1;
  for (let i = d - 1; i >= Math.max(0, d - 4); i--) if (lines[i]!.role === 'heading') { t = i; break; }
  const title = lines[t]!;

  // The breadcrumb: the nearest crumb block above the title, one level a link (or a line).
  let section: string | null = null;
  for (let i = t - 1; i >= Math.max(0, t - 6) && section === null; i--) {
    const l = lines[i]!;
    if (l.role !== 'crumb') continue;
    const links = l.block ? Array.from(l.block.querySelectorAll('a')).map((a) => normaliseText(a.textContent ?? '')).filter((s) => s !== '') : [];
    section = sectionPath(links.length > 0 ? links.join('\n') : l.text, lang);
  }
  section ??= sectionPath(metaSection, lang);

  const header: string[] = [];
  const body: string[] = [];
  let inHeader = true;
  for (const l of lines.slice(d + 1)) {
    if (isFurniture(l.text)) continue;
    if (inHeader && (l.role === 'subtitle' || l.role === 'caption')) {
      header.push(...(l.role === 'caption' ? [l.text, l.text] : [l.text]));
      continue;
    }
    inHeader = false;
    body.push(...(l.role === 'caption' ? [l.text, l.text] : [l.text]));
  }
  const copy = [title.text, lines[d]!.text, ...header, '', ...body].join('\n');
  const parts = parseHani(copy, lang);
  return { ...parts, meta: { ...parts.meta, section } };
}
