import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImportError, detectFormat, parseArticle } from '../../server/import/index.ts';

const kinds = (doc: { paragraphs: { kind: string; text: string }[] }) => doc.paragraphs.map((p) => `${p.kind}: ${p.text}`);
const BODY = 'Officials in Seoul said on Monday that the talks would resume next week. ';

describe('detectFormat', () => {
  const cases: [string, string, string][] = [
    ['a doctype', '<!DOCTYPE html><html><body><p>x</p></body></html>', 'html'],
    ['a fragment with several tags', '<div><p>One.</p><p>Two.</p></div>', 'html'],
    ['an English Hankyoreh page', 'Title here\n\nPosted on : 2020-01-01 10:00 KST\n\nBody.', 'hani'],
    ['a Korean Hankyoreh page with CRLF', '정치\r\n\r\n제목\r\n\r\n등록 :2020-01-01 10:00\r\n\r\n본문.', 'hani'],
    ['plain text mentioning <한겨레>', '청와대 관계자는 <한겨레>와의 통화에서 말했다.', 'text'],
    ['plain text', 'Just a paragraph.\n\nAnother one.', 'text'],
  ];
  for (const [name, raw, want] of cases) it(`detects ${name} as ${want}`, () => assert.equal(detectFormat(raw), want));
});

describe('plain text', () => {
  it('splits paragraphs on blank lines and joins wrapped lines with a space', () => {
    const doc = parseArticle('First line of one\nparagraph goes on.\n\nSecond paragraph.', 'en', 'text');
    assert.deepEqual(kinds(doc), ['body: First line of one paragraph goes on.', 'body: Second paragraph.']);
    assert.equal(doc.format, 'text');
  });
  it('takes one paragraph per line when there are no blank lines', () => {
    const doc = parseArticle('One sentence.\nTwo sentence.\nThree sentence.', 'en', 'text');
    assert.deepEqual(kinds(doc), ['body: One sentence.', 'body: Two sentence.', 'body: Three sentence.']);
  });
  it('makes a clear headline the title', () => {
    const doc = parseArticle(`Seoul and Tokyo agree on new talks\n\n${BODY}`, 'en', 'text');
    assert.deepEqual(doc.paragraphs.map((p) => p.kind), ['title', 'body']);
    assert.equal(doc.meta.title, 'Seoul and Tokyo agree on new talks');
  });
  it('keeps a first paragraph that ends like a sentence as body', () => {
    const doc = parseArticle(`Seoul agreed to new talks.\n\n${BODY}`, 'en', 'text');
    assert.deepEqual(doc.paragraphs.map((p) => p.kind), ['body', 'body']);
    assert.equal(doc.meta.title, null);
  });
  it('keeps a lone paragraph as body', () => {
    assert.deepEqual(parseArticle('A short note without a full stop', 'en', 'text').paragraphs.map((p) => p.kind), ['body']);
  });
  it('recognises a closing byline and fills the authors', () => {
    const doc = parseArticle(`${BODY}\n\n김지원 기자 jw@hani.co.kr`.replace(BODY, '서울시는 월요일 회담이 다음주 재개된다고 밝혔다.'), 'ko', 'text');
    assert.deepEqual(doc.paragraphs.map((p) => p.kind), ['body', 'byline']);
    assert.deepEqual(doc.meta.authors, [{ name: '김지원', role: '기자', email: 'jw@hani.co.kr' }]);
  });
  it('rejects whitespace-only text', () => {
    assert.throws(() => parseArticle(' \n\n \t', 'en', 'text'), (e: unknown) => e instanceof ImportError && e.code === 'empty');
  });
  it('rejects an unknown format name', () => {
    assert.throws(() => parseArticle('x', 'en', 'pdf' as never), (e: unknown) => e instanceof ImportError && e.code === 'bad_format' && /auto, hani, text, html/.test(e.message));
  });
});

describe('HTML', () => {
  const page = (body: string, head = '') =>
    `<!DOCTYPE html><html><head><title>Page title | Site</title>${head}</head><body><nav><a href="/">Home</a> <a href="/w">World</a></nav>${body}<footer>Copyright 2024</footer></body></html>`;
  const article = `<article><h1>Rivers rise after record rain</h1>
    <p>${BODY.repeat(3)}</p>
    <figure><img src="a.jpg"><figcaption>Residents wade through water on Aug. 8.</figcaption></figure>
    <h3>Dams under scrutiny</h3>
    <p>Engineers said the release<br>was faster than planned. ${BODY.repeat(2)}</p>
    <script>var tracking = "never text";</script><style>p { color: red }</style>
    <p>By Jung Hae-won, staff reporter</p></article>`;

  it('extracts title, body, subhead, caption and byline through Readability on linkedom', () => {
    const doc = parseArticle(page(article, '<meta property="article:published_time" content="2020-08-09T17:42:00+09:00"><link rel="canonical" href="https://example.org/a/1">'), 'en');
    assert.equal(doc.format, 'html');
    assert.deepEqual(doc.paragraphs.map((p) => p.kind), ['title', 'body', 'caption', 'subhead', 'body', 'body', 'byline']);
    assert.equal(doc.meta.title, 'Rivers rise after record rain');
    assert.equal(doc.meta.published, '2020-08-09T17:42:00+09:00');
    assert.equal(doc.meta.url, 'https://example.org/a/1');
    assert.deepEqual(doc.meta.authors, [{ name: 'Jung Hae-won', role: 'staff reporter' }]);
  });
  it('splits at <br> instead of gluing words together', () => {
    const doc = parseArticle(page(article), 'en');
    const texts = doc.paragraphs.map((p) => p.text);
    assert.ok(texts.includes('Engineers said the release'));
    assert.ok(texts.some((t) => t.startsWith('was faster than planned.')));
    assert.ok(!texts.some((t) => t.includes('releasewas')));
  });
  it('never puts script or style content into the text', () => {
    const all = parseArticle(page(article), 'en').paragraphs.map((p) => p.text).join(' ');
    assert.ok(!/tracking|color: red/.test(all));
  });
  it('reads Korean <br><br> paragraphs inside one div', () => {
    const ko = '서울시가 나무 1만 그루를 심기로 했다. 시는 14일 계획을 발표했다.';
    const doc = parseArticle(`<div class="text">${ko}<br><br>${ko}<br/><br/>■ 그늘 적은 동네부터<br><br>${ko}</div>`, 'ko', 'html');
    assert.deepEqual(doc.paragraphs.map((p) => p.text), [ko, ko, '■ 그늘 적은 동네부터', ko]);
  });
  it('prefers the page h1 over the <title>, and the url given by the caller', () => {
    const doc = parseArticle(page(article), 'en', 'html', { url: 'https://example.org/x' });
    assert.equal(doc.meta.title, 'Rivers rise after record rain');
    assert.equal(doc.meta.url, 'https://example.org/x');
  });
  it('still parses truncated HTML with unclosed tags', () => {
    const doc = parseArticle(`<html><body><div><p>${BODY}<p>Second paragraph is cut off mid-<b>sent`, 'en', 'html');
    assert.deepEqual(doc.paragraphs.map((p) => p.text), [BODY.trim(), 'Second paragraph is cut off mid-sent']);
  });
  it('throws bad_html when nothing usable is found', () => {
    assert.throws(
      () => parseArticle('<html><head><script>var a = 1;</script><style>b{}</style></head><body><nav></nav></body></html>', 'en', 'html'),
      (e: unknown) => e instanceof ImportError && e.code === 'bad_html' && /No article text/.test(e.message),
    );
  });
  it('checks the language of the extracted text', () => {
    assert.throws(() => parseArticle(page(article), 'ko'), (e: unknown) => e instanceof ImportError && e.code === 'wrong_language');
  });
});
