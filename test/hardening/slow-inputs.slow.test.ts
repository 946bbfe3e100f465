import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import request from 'supertest';
import { loadConfig } from '../../server/config.ts';
import { createApp } from '../../server/app.ts';
import { ImportError, parseArticle } from '../../server/import/index.ts';
import { segmentSentences } from '../../server/segment/index.ts';
import { withSentences } from '../../server/services/import-pair.ts';
import { openTestDb, SHORT_KO } from '../helpers.ts';

const MB = 1024 * 1024;
const fill = (unit: string, n = MB): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
/** Each test here would take minutes with a quadratic segmenter or parser; the bound only catches that. */
const BOUND = { timeout: 60_000 };

/** Segmenting keeps every character but collapsed whitespace: the pieces join back to the input. */
function assertLossless(text: string, lang: 'en' | 'ko'): void {
  const sentences = segmentSentences(text, lang);
  assert.equal(sentences.join(' '), text.replace(/\s+/gu, ' ').trim());
}

describe('pathological inputs are read in linear time or refused', () => {
  it('1 MB runs of one punctuation mark, digits, spaces, Hangul without spaces, one enormous line: segmenting finishes and loses nothing', BOUND, () => {
    for (const unit of ['.', '?', '!', '…', '. ', '? ', '... ', '“Yes... ', '7', ' ', '가', '했다. ', '“했다. ', '(했다. ', '다.” ', 'word ', 'U.S. ', 'Mr. ']) {
      for (const lang of ['en', 'ko'] as const) assertLossless(`Start ${fill(unit)} end.`, lang);
    }
  });

  it('random runs of terminators, quotes, brackets and spaces up to 1 MB segment losslessly', BOUND, () => {
    const unit = fc.constantFrom('.', '?', '!', '…', ' ', '“', '”', '"', '(', ')', '[', ']', '다', 'A', 'Mr', '「', '」');
    const runs = fc.array(fc.tuple(unit, fc.integer({ min: 1, max: 60_000 })), { minLength: 1, maxLength: 40 })
      .map((rs) => rs.map(([u, n]) => u.repeat(n)).join('').slice(0, MB));
    fc.assert(fc.property(runs, fc.constantFrom('en' as const, 'ko' as const), (text, lang) => assertLossless(text, lang)), { numRuns: 40 });
  });

  it('deep, unclosed and huge HTML is parsed or refused with a clear ImportError, never a stack overflow', BOUND, () => {
    const pages = [
      `<html><body><p>Seoul said so on Monday.</p>${'<div>'.repeat(1000)}The city said buses run daily.${'</div>'.repeat(1000)}</body></html>`,
      `<html><body>${'<div>'.repeat(2000)}text${'</div>'.repeat(2000)}</body></html>`,
      `<html><body><p>Seoul said so.</p>${'<b><i><u>'.repeat(2500)}text</body></html>`,
      `<html><body>${fill('<b><i><u>')}</body></html>`,
      `<html><body>${fill('<p>Seoul said a thing.</p>')}</body></html>`,
      `<html><body>${fill('<div>')}</body></html>`,
    ];
    for (const page of pages) {
      try {
        const doc = parseArticle(page, 'en', 'html');
        assert.ok(doc.paragraphs.length > 0);
      } catch (e) {
        assert.ok(e instanceof ImportError, `not an ImportError: ${String(e)}`);
        assert.match(e.message, /HTML|article/);
      }
    }
  });

  it('a megabyte of character references is refused before the DOM makes a text node of each', () => {
    for (const ref of ['&amp;', '&amp; ', '&lt;', '&#44032;']) {
      const page = `<html><body><p>Seoul said so on Monday.</p><p>${fill(ref)}</p></body></html>`;
      assert.throws(() => parseArticle(page, 'en', 'html'), (e) => e instanceof ImportError && e.code === 'too_complex' && /character references/.test(e.message));
    }
    // a page with a few thousand references (links, &nbsp;, quotes) still reads
    const ordinary = `<html><body><h1>Fares rise</h1>${'<p>Seoul &amp; Busan said &ldquo;fares rise&rdquo; on Monday.</p>'.repeat(1500)}</body></html>`;
    assert.ok(parseArticle(ordinary, 'en', 'html').paragraphs.length > 1);
  });

  it('a megabyte of ". " is refused as too many sentences, before alignment', BOUND, () => {
    const doc = parseArticle(`A title\n\nWord ${fill('. ')}`, 'en', 'text');
    assert.throws(() => withSentences(doc), (e) => e instanceof ImportError && e.code === 'too_many_sentences');
  });
});

describe('requests read articles on a worker thread under a time budget', () => {
  it('deep HTML posted to the API is a 422 with a message, and the server keeps answering', BOUND, async () => {
    const app = createApp({ db: openTestDb() });
    const deep = `<html><body>${'<b><i><u>'.repeat(2500)}text</body></html>`;
    const res = await request(app).post('/api/pairs').send({ en: { text: deep, format: 'html' }, ko: { text: SHORT_KO } }).expect(422);
    assert.match(res.body.error.message, /HTML/);
    await request(app).get('/').set('Accept', 'application/json').expect(200);
  });

  it('an article that runs past the budget is stopped with 422 too_slow; the next one is read by a fresh thread', BOUND, async () => {
    const app = createApp({ db: openTestDb(), config: { ...loadConfig({}), parseBudgetMs: 1 } });
    const big = `Officials said so\n\n${fill('The city said buses would run daily from April, officials said on Monday. ', 600 * 1024)}`;
    const slow = await request(app).post('/api/pairs').send({ en: { text: big }, ko: { text: SHORT_KO } }).expect(422);
    assert.equal(slow.body.error.code, 'too_slow');
    assert.match(slow.body.error.message, /took longer than/);
  });

  it('while a heavy import is being read, another GET is answered', BOUND, async () => {
    const app = createApp({ db: openTestDb() });
    const big = `Officials said so\n\n${fill('The city said buses would run daily from April, officials said on Monday. ', 900 * 1024)}`;
    let postDone = false;
    const post = request(app).post('/api/pairs').send({ en: { text: big }, ko: { text: SHORT_KO } })
      .then((r) => { postDone = true; return r; });
    await new Promise((r) => setTimeout(r, 300));
    const get = await request(app).get('/').set('Accept', 'application/json');
    assert.equal(get.status, 200);
    const answeredDuringImport = !postDone;
    const posted = await post;
    assert.ok([201, 422].includes(posted.status), `import answered ${posted.status}`);
    assert.ok(answeredDuringImport, 'the GET was answered before the heavy import finished');
  });
});
