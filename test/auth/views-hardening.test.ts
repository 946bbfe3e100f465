import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const VIEWS = fileURLToPath(new URL('../../views/', import.meta.url));

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : name.endsWith(ext) ? [path] : [];
  });
}

/**
 * Unescaped output (`<%-`) other than include, each with the reason it is safe. A new one fails
 * the test until it is justified here.
 */
const RAW_OUTPUT_ALLOWED: Record<string, string> = {
  'review/show.ejs: html': 'rows rendered server-side by the link-row partial, which escapes every text with <%= %>',
  'stats/chart.ejs: chart.svg': 'SafeSvg from server/charts, which escapes every text and attribute value it writes',
};

describe('views: nothing the CSP would have to block, no unescaped output', () => {
  const templates = files(VIEWS, '.ejs').map((path) => ({ name: relative(VIEWS, path), text: readFileSync(path, 'utf8') }));

  it('finds the templates', () => assert.ok(templates.length >= 10));

  it('has no inline script, inline style, style attribute, event handler attribute or javascript: URL', () => {
    const bad: string[] = [];
    const rules: [string, RegExp][] = [
      ['inline <script>', /<script(?![^>]*\bsrc=)[^>]*>/i],
      ['<style> element', /<style[\s>]/i],
      ['style attribute', /\sstyle\s*=/i],
      ['event handler attribute', /\son[a-z]+\s*=/i],
      ['javascript: URL', /javascript:/i],
    ];
    for (const t of templates) {
      for (const [what, re] of rules) if (re.test(t.text)) bad.push(`${t.name}: ${what}`);
    }
    assert.deepEqual(bad, []);
  });

  it('uses <%- only for include(…) or a justified case', () => {
    const raw = templates.flatMap((t) => [...t.text.matchAll(/<%-\s*([^%]*?)\s*-?%>/g)]
      .map((m) => m[1]!)
      .filter((expr) => !/^include\(/.test(expr))
      .map((expr) => `${t.name}: ${expr}`));
    assert.deepEqual(raw.filter((r) => !(r in RAW_OUTPUT_ALLOWED)), []);
  });

  it('puts a CSRF token in every form that posts', () => {
    const missing = templates.flatMap((t) => [...t.text.matchAll(/<form\b[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/gi)]
      .filter((m) => !/name="_csrf"/.test(m[1]!))
      .map((m) => `${t.name}: ${m[0].slice(0, 60)}`));
    assert.deepEqual(missing, []);
  });

  it('has no inline script in the page scripts either (no eval, no new Function)', () => {
    const bad = files(join(VIEWS, 'assets'), '.js').filter((p) => /\beval\(|new Function\(/.test(readFileSync(p, 'utf8')));
    assert.deepEqual(bad, []);
  });
});
