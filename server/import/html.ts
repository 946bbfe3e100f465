import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Author, Lang, ParagraphKind, ParsedParagraph } from '../model.ts';
import { parseByline } from './byline.ts';
import { isFurniture, isTailMarker } from './classify.ts';
import { ImportError } from './errors.ts';
import type { ParsedParts } from './hani.ts';
import { parseHaniPage, type PageElement } from './hani-html.ts';
import { cleanText } from './normalise.ts';

// The project compiles without the DOM lib; these are the few linkedom members used here.
interface DomNode {
  nodeType: number;
  nodeValue: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
}
interface DomDocument {
  body: DomElement | null;
  querySelector(selector: string): DomElement | null;
  cloneNode(deep: boolean): DomDocument;
}
/** linkedom's parseHTML as this module uses it (its own declarations need the DOM lib). */
const parseDocument = parseHTML as unknown as (html: string) => { document: DomDocument };

// Never text: their content is code, styling or controls.
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'button', 'select', 'textarea', 'iframe', 'object', 'head', 'nav', 'form']);
// Elements that end the running paragraph; everything else is inline and joins the current one.
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'aside', 'header', 'footer', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'thead', 'tbody', 'tr', 'td', 'th', 'figure', 'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'address', 'center',
]);

/**
 * HTML: the article is extracted with Readability (run on linkedom's DOM), then walked into
 * paragraphs: h2–h4 become subheads, figcaption a caption, everything else body. Every `<br>` ends a
 * paragraph ("foo<br>bar" gives two paragraphs, never "foobar"): Korean news sites separate
 * paragraphs with `<br><br>` inside one div, and a line break inside a paragraph would leak into
 * exports. The title comes from the page's h1, og:title or `<title>`, and is the first paragraph.
 * Throws ImportError('bad_html') when no text can be found.
 */
export function parseHtml(raw: string, lang: Lang = 'en'): ParsedParts {
  refuseUnreadableMarkup(raw);
  const document = parseWholeDocument(raw);
  const meta = pageMeta(document);
  // A page in the Hankyoreh layouts reads like its page copy (hani-html.ts); any other page goes through Readability.
  if (document.body) {
    const page = parseHaniPage(document.body as unknown as PageElement, lang, meta.section);
    if (page && page.paragraphs.some((p) => p.kind === 'body')) {
      return { ...page, meta: { ...page.meta, url: meta.url ? clean(meta.url) : null, published: page.meta.published ?? meta.published, modified: page.meta.modified ?? meta.modified } };
    }
  }
  const read = readArticle(document);
  let paragraphs = read.paragraphs;
  if (paragraphs.filter((p) => p.kind === 'body').length === 0 && document.body) {
    paragraphs = walk(document.body);
  }
  const title = meta.h1 || meta.ogTitle || read.title || meta.docTitle || null;
  // Readability turns the page h1 into an h2 inside the content: drop that copy of the title.
  paragraphs = paragraphs.filter((p) => !(title && p.text === title && p.kind !== 'body'));
  paragraphs = dropFurniture(paragraphs);
  if (paragraphs.length === 0) {
    throw new ImportError(
      'bad_html',
      'No article text was found in this HTML (no paragraphs outside scripts, styles and navigation). ' +
        'Check that the file is the article page itself, or paste the article as plain text.',
    );
  }
  if (title) paragraphs.unshift({ kind: 'title', text: title });
  const authors = takeByline(paragraphs, read.byline || meta.author);
  return {
    meta: {
      title,
      subtitles: [],
      section: meta.section,
      published: meta.published,
      modified: meta.modified,
      authors,
      url: meta.url ? clean(meta.url) : null,
    },
    paragraphs,
  };
}

/** The page as a full document (linkedom only builds one from text that has an <html> element). */
function parseWholeDocument(raw: string): DomDocument {
  const source = /<html[\s>]/i.test(raw) ? raw : `<!DOCTYPE html><html><head></head><body>${raw}</body></html>`;
  try {
    return parseDocument(source).document;
  } catch (err) {
    throw new ImportError('bad_html', `The HTML could not be parsed (${(err as Error).message}). Save the page again, or paste the article as plain text.`);
  }
}

/** What the page's head and h1 say about the article (the url not yet cleaned). */
function pageMeta(document: DomDocument) {
  const metaContent = (sel: string) => clean(document.querySelector(sel)?.getAttribute('content') ?? '') || null;
  return {
    h1: clean(document.querySelector('h1')?.textContent ?? ''),
    ogTitle: metaContent('meta[property="og:title"]'),
    docTitle: clean(document.querySelector('title')?.textContent ?? ''),
    url: document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? metaContent('meta[property="og:url"]'),
    published: metaContent('meta[property="article:published_time"]'),
    modified: metaContent('meta[property="article:modified_time"]'),
    section: metaContent('meta[property="article:section"]'),
    author: metaContent('meta[name="author"]'),
  };
}

/** The article as Readability extracts it, walked into paragraphs; empty when Readability gives up. */
function readArticle(document: DomDocument): { paragraphs: ParsedParagraph[]; title: string; byline: string } {
  const out = { paragraphs: [] as ParsedParagraph[], title: '', byline: '' };
  try {
    // Readability's scoring climbs the ancestors of every node: seconds on a few hundred levels.
    if (document.body && treeDepth(document.body, READABILITY_MAX_DEPTH) > READABILITY_MAX_DEPTH) throw new Error('too deep for Readability');
    const clone = document.cloneNode(true);
    const article = new Readability(clone, { charThreshold: 200 }).parse();
    if (article?.content) {
      out.title = clean(article.title ?? '');
      out.byline = clean(article.byline ?? '');
      const { body } = parseDocument(`<!DOCTYPE html><html><body>${article.content}</body></html>`).document;
      if (body) out.paragraphs = walk(body);
    }
  } catch {
    // Readability gives up on some malformed trees; the plain walk still gets the text.
  }
  return out;
}

/**
 * The authors: from a last body paragraph that reads as a byline (which becomes a byline
 * paragraph), else from the byline Readability or the page's meta gives.
 */
function takeByline(paragraphs: ParsedParagraph[], byline: string | null): Author[] {
  const last = paragraphs.at(-1);
  const fromLast = last && last.kind === 'body' ? parseByline(last.text) : null;
  if (last && fromLast) {
    last.kind = 'byline';
    return fromLast;
  }
  if (byline) return parseByline(byline) ?? parseByline(`By ${byline}`) ?? [{ name: byline }];
  return [];
}

function clean(s: string): string {
  return cleanText(s, { oneLine: true });
}

function dropFurniture(paragraphs: ParsedParagraph[]): ParsedParagraph[] {
  const out: ParsedParagraph[] = [];
  for (const p of paragraphs) {
    if (isTailMarker(p.text)) break;
    if (!isFurniture(p.text)) out.push(p);
  }
  return out;
}

function kindFor(tag: string, inherited: ParagraphKind): ParagraphKind {
  // h1 too: a page h1 equal to the title is dropped later, any other one heads a section.
  if (tag === 'h1' || tag === 'h2' || tag === 'h3' || tag === 'h4') return 'subhead';
  if (tag === 'figcaption') return 'caption';
  return inherited;
}

/** Article pages nest 20 to 40 levels; past this Readability is skipped and the page walked as it is. */
const READABILITY_MAX_DEPTH = 120;
/** Elements an HTML document may open; far more than any article page (a long one has 5,000). */
export const MAX_HTML_TAGS = 60_000;
/** Ampersands (character references and those in links) an article page needs: real pages have a few thousand. */
export const MAX_HTML_REFERENCES = 30_000;
/** Unclosed nesting the pre-scan allows (the HTML parser slows down quadratically past a few thousand). */
export const MAX_HTML_NESTING = 2_000;
// Elements that never nest (void) or whose end tag may be omitted, so a missing </…> says nothing.
const NO_NESTING = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'rb', 'rt', 'rp', 'tbody', 'thead', 'tfoot', 'colgroup', 'caption', 'html', 'head', 'body']);

/**
 * One linear pass over the markup before it is parsed: a page with an absurd number of tags or
 * thousands of unclosed elements (which the HTML parser handles in quadratic time) is refused
 * with a clear message instead of holding a thread for minutes.
 */
function refuseUnreadableMarkup(raw: string): void {
  let tags = 0;
  let depth = 0;
  let deepest = 0;
  for (const m of raw.matchAll(/<(\/?)([A-Za-z][A-Za-z0-9-]{0,40})/g)) {
    tags++;
    const name = m[2]!.toLowerCase();
    if (NO_NESTING.has(name)) continue;
    if (m[1] === '/') depth = Math.max(0, depth - 1);
    else deepest = Math.max(deepest, ++depth);
  }
  if (tags > MAX_HTML_TAGS) {
    throw new ImportError('too_complex', `The HTML has ${tags.toLocaleString('en-US')} tags, more than the ${MAX_HTML_TAGS.toLocaleString('en-US')} an article page needs. Save only the article, or paste its text.`);
  }
  // The DOM builds one text node per character reference: 200,000 "&amp;" took 1.7 s to parse.
  let references = 0;
  for (let at = raw.indexOf('&'); at !== -1 && references <= MAX_HTML_REFERENCES; at = raw.indexOf('&', at + 1)) references++;
  if (references > MAX_HTML_REFERENCES) {
    throw new ImportError('too_complex', `The HTML has more than ${MAX_HTML_REFERENCES.toLocaleString('en-US')} character references (&…;), far more than an article page holds. Save only the article, or paste its text.`);
  }
  if (deepest > MAX_HTML_NESTING) {
    throw new ImportError('too_complex', `The HTML nests ${deepest.toLocaleString('en-US')} elements without closing them (more than ${MAX_HTML_NESTING.toLocaleString('en-US')}). Save the page again, or paste the article as plain text.`);
  }
}

/** Depth of a subtree, counted without recursion and given up once past `limit`. */
function treeDepth(root: DomNode, limit: number): number {
  let deepest = 0;
  const stack: [DomNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    if (d > deepest) deepest = d;
    if (deepest > limit) break;
    for (const child of Array.from(node.childNodes)) stack.push([child, d + 1]);
  }
  return deepest;
}

/**
 * Walk a subtree into paragraphs; text runs end at block elements and at every <br>. An explicit
 * stack rather than recursion: 2,500 unclosed <b><i><u> tags nest 7,500 deep.
 */
function walk(root: DomElement): ParsedParagraph[] {
  const out: ParsedParagraph[] = [];
  let buf = '';
  const flush = (kind: ParagraphKind) => {
    const text = clean(buf);
    buf = '';
    if (text !== '') out.push({ kind, text });
  };
  // Work items: a node to visit with its paragraph kind, or a flush due after a block's children.
  type Item = { node: DomNode; kind: ParagraphKind } | { flush: ParagraphKind };
  const todo: Item[] = [];
  const pushChildren = (node: DomNode, kind: ParagraphKind) => {
    const children = Array.from(node.childNodes);
    for (let i = children.length - 1; i >= 0; i--) todo.push({ node: children[i]!, kind });
  };
  pushChildren(root, 'body');
  while (todo.length > 0) {
    const item = todo.pop()!;
    if ('flush' in item) {
      flush(item.flush);
      continue;
    }
    const { node: child, kind } = item;
    if (child.nodeType === 3) {
      buf += child.nodeValue ?? '';
    } else if (child.nodeType === 1) {
      const tag = (child as DomElement).tagName.toLowerCase();
      if (SKIP.has(tag)) continue;
      if (tag === 'br') {
        flush(kind);
      } else if (BLOCK.has(tag)) {
        const inner = kindFor(tag, kind);
        flush(kind);
        todo.push({ flush: inner });
        pushChildren(child, inner);
      } else {
        pushChildren(child, kind);
      }
    }
  }
  flush('body');
  return out;
}
