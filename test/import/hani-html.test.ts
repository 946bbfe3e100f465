/**
 * Issue 18, item 3: saved article pages in the Hankyoreh layouts (Korean site and English edition;
 * invented articles in test/fixtures/pages, the same ones as test/fixtures/texts) give, item by
 * item, what the page copied as text gives: title, subtitles, the caption once, subheads, byline,
 * body, with the same kinds and none of the page furniture. The same article imported as text and
 * as HTML is the same pair (same content key): the second import is reported as a duplicate.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DuplicatePairError, insertPair } from '../../db/pairs.ts';
import { parseArticle } from '../../server/import/article.ts';
import { withSentences } from '../../server/services/import-pair.ts';
import { openTestDb } from '../helpers.ts';

const FIXTURES = new URL('../fixtures/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');
const PAGES = [['ko-one-author', 'ko'], ['ko-three-authors', 'ko'], ['en-single-author', 'en'], ['en-shared-role', 'en']] as const;

describe('HTML pages in the Hankyoreh layouts', () => {
  for (const [name, lang] of PAGES) {
    it(`${name}.html gives what ${name}.txt gives, item by item`, () => {
      const html = parseArticle(read(`pages/${name}.html`), lang);
      const text = parseArticle(read(`texts/${name}.txt`), lang);
      assert.equal(html.format, 'html');
      assert.deepEqual(html.paragraphs, text.paragraphs);
      const apart = (m: typeof html.meta) => ({ ...m, url: null, section: null });
      assert.deepEqual(apart(html.meta), apart(text.meta));
      const [htmlSection, textSection] = [html.meta.section, text.meta.section];
      // the Korean page's breadcrumb is the text copy's section line; the English copy has none, the page's meta does
      if (lang === 'ko') assert.equal(htmlSection, textSection);
      else assert.equal(htmlSection, 'National');
      for (const furniture of ['무단전재', '많이 본 기사', '관련기사', 'Related stories', 'Please direct', 'Facebook', '공유하기', '한겨레신문사', 'Copyright']) {
        assert.ok(!html.paragraphs.some((p) => p.text.includes(furniture)), `${furniture} is furniture`);
      }
    });
  }

  it('keeps each caption once, even where the page also carries it as the image alt text', () => {
    const html = parseArticle(read('pages/ko-one-author.html'), 'ko');
    assert.equal(html.paragraphs.filter((p) => p.kind === 'caption').length, 1);
  });

  it('the same article as text and as HTML is one pair: the second import is a duplicate', () => {
    const db = openTestDb();
    const pair = (ext: 'txt' | 'html') => [
      withSentences(parseArticle(read(`${ext === 'txt' ? 'texts' : 'pages'}/en-single-author.${ext}`), 'en')),
      withSentences(parseArticle(read(`${ext === 'txt' ? 'texts' : 'pages'}/ko-one-author.${ext}`), 'ko')),
    ] as const;
    const id = insertPair(db, ...pair('txt'));
    assert.throws(() => insertPair(db, ...pair('html')), (e: unknown) => e instanceof DuplicatePairError && e.pairId === id && /same texts/.test(e.message));
  });
});
