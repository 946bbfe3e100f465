import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlossary, GlossaryError, newsGlossary, parseGlossary } from '../../server/align/glossary.ts';
import { readNewsGlossary } from '../../server/align/glossary-file.ts';
import { stemEnglish } from '../../server/align/tokens.ts';

/** Problems of a glossary text as "line: message" strings. */
const problemsOf = (text: string) => parseGlossary(text).problems.map((p) => `${p.line}: ${p.message}`);

describe('the news glossary file', () => {
  it('has no malformed line, no repeated line and no term pair given twice (each problem names its line)', () => {
    assert.deepEqual(problemsOf(readNewsGlossary()), []);
  });
  it('compiles to one concept per line', () => {
    const text = readNewsGlossary();
    const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    assert.equal(newsGlossary().size, lines.length);
  });
});

describe('glossary checks', () => {
  it('names a line without exactly one " = "', () => {
    const problems = problemsOf('# comment\n시장 = market\n회담 summit\n정상 = summit = top\n');
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /^3: needs exactly one " = "/);
    assert.match(problems[1]!, /^4: needs exactly one " = "/);
  });
  it('names an empty variant, Hangul on the wrong side and an English variant that is no word', () => {
    const problems = problemsOf('시장, = market\n시장 = 마켓\nsummit = 회담\n달러 = dollar, $\n');
    assert.deepEqual(problems.map((p) => p.split(':')[0]), ['1', '2', '3', '4']);
    assert.match(problems[0]!, /empty variant/);
    assert.match(problems[1]!, /Hangul on the English side/);
    assert.match(problems[2]!, /no Hangul on the Korean side/);
    assert.match(problems[3]!, /"\$" has characters that are never part of an English word/);
  });
  it('names an exact duplicate with the line it repeats', () => {
    assert.deepEqual(problemsOf('위성 = satellite\n인구 = population\n\n위성  =  satellite\n'), ['4: repeats line 1 exactly; delete one of them']);
  });
  it('names a Korean variant given the same English variant on two lines, by stem', () => {
    const problems = problemsOf('시장 = mayor, market\n주식 = stock\n장터, 시장 = markets\n');
    assert.deepEqual(problems, ['3: gives 시장 = market again (line 1); merge the two lines']);
  });
  it('allows a word with two senses on two lines, and inflections on one line', () => {
    assert.deepEqual(problemsOf('약 = drug, medicine\n약 = about, approximately\n필리핀 = philippines, philippine\n이번주, 이번 주 = this week\n'), []);
  });
  it('refuses to compile a glossary with problems, listing every line', () => {
    assert.throws(() => compileGlossary('시장 = market\n시장 = market\n회담 summit\n', 'test.txt'), (e: unknown) => {
      assert.ok(e instanceof GlossaryError);
      assert.deepEqual(e.problems.map((p) => p.line), [2, 3]);
      assert.match(e.message, /^test\.txt: 2 problems:\n {2}line 2: repeats line 1/);
      return true;
    });
  });
  it('matches multi-word and dotted English variants as the text is tokenised', () => {
    const g = compileGlossary('주한미군 = u.s. forces korea\n시속 = km/h\n');
    assert.deepEqual(g.en.get('u.s'), [{ rest: [stemEnglish('forces'), stemEnglish('korea')], concept: 0 }]);
    assert.equal(g.en.get('km')?.[0]?.rest.join(' '), 'h');
    assert.deepEqual(g.ko.get('주한미군'), [0]);
  });
});
