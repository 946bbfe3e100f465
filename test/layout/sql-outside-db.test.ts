/**
 * All SQL lives in db/ (README, Development; issue 15): code above it calls named db functions and
 * never writes a statement, prepares one, sets a pragma or opens the driver itself. This scans every
 * server/ source file with the TypeScript parser (so comments and prose never count) and fails
 * naming each file and line that does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT, sourceFiles } from './source-files.ts';

/**
 * Statement shapes, upper case as the project writes SQL: prose such as "Select the pairs from the
 * list" in a message is not SQL, and a lower-case statement would be against the house style anyway.
 */
const SQL_SHAPES: readonly RegExp[] = [
  /\bSELECT\b[\s\S]*\bFROM\b/,
  /\bINSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\b/,
  /\bREPLACE\s+INTO\b/,
  /\bUPDATE\s+\w+\s+SET\b/,
  /\bDELETE\s+FROM\b/,
  /\b(?:CREATE|DROP)\s+(?:TEMP\s+|TEMPORARY\s+|UNIQUE\s+|VIRTUAL\s+)?(?:TABLE|INDEX|TRIGGER|VIEW)\b/,
  /\bPRAGMA\s+\w/,
];

/** Driver calls that run or compile SQL; `exec` only when its receiver is not a regular expression. */
const SQL_METHODS = new Set(['prepare', 'pragma', 'exec']);

export interface SqlFinding { line: number; what: string }

/** The text of a string or template literal (a `${…}` counts as one word), or null for any other node. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => ` x ${s.literal.text}`).join('');
  return null;
}

const isRegExpValue = (e: ts.Expression | undefined): boolean => {
  if (!e) return false;
  const inner = ts.isParenthesizedExpression(e) ? e.expression : e;
  return inner.kind === ts.SyntaxKind.RegularExpressionLiteral
    || ((ts.isNewExpression(inner) || ts.isCallExpression(inner)) && ts.isIdentifier(inner.expression) && inner.expression.text === 'RegExp');
};

/**
 * Names this file declares as regular expressions: a variable or property initialised with a regex
 * literal or RegExp(…), or a variable / parameter typed RegExp. Without a type checker this is how
 * `re.exec(text)` is told from `db.exec(sql)`; an `exec` on anything else counts as SQL (declare a
 * regex where it is used, or give it the RegExp type).
 */
function regexNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isParameter(node) || ts.isPropertyAssignment(node))
      && ts.isIdentifier(node.name)) {
      const init = ts.isPropertyAssignment(node) ? node.initializer : node.initializer;
      const type = ts.isPropertyAssignment(node) ? undefined : node.type;
      if (isRegExpValue(init) || (type && ts.isTypeReferenceNode(type) && type.typeName.getText(file) === 'RegExp')) names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return names;
}

/** The name an `exec` receiver goes by (`re`, `this.re`, `PATTERNS.quote` → quote), or null. */
function receiverName(e: ts.Expression): string | null {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return null;
}

/** Where `source` holds or runs SQL: statement-shaped literals, driver calls, the driver itself. */
export function findSql(source: string, fileName = 'sample.ts'): SqlFinding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const regexes = regexNames(file);
  const found: SqlFinding[] = [];
  const at = (node: ts.Node, what: string) =>
    found.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, what });
  const visit = (node: ts.Node) => {
    const text = literalText(node);
    if (text !== null && !ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent)) {
      const shape = SQL_SHAPES.find((re) => re.test(text));
      if (shape) at(node, `SQL text ${JSON.stringify(text.replace(/\s+/g, ' ').trim().slice(0, 60))}`);
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && SQL_METHODS.has(callee.name.text)) {
        const receiver = callee.expression;
        const isRegex = callee.name.text === 'exec'
          && (isRegExpValue(receiver) || regexes.has(receiverName(receiver) ?? ''));
        if (!isRegex) at(node, callee.name.text === 'exec' ? '.exec() call (on no regex declared in this file)' : `.${callee.name.text}() call`);
      } else if (ts.isIdentifier(callee) && callee.text === 'stmt') {
        at(node, 'stmt() call (db/open.ts prepares SQL)');
      }
    }
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === 'better-sqlite3') {
      at(node, 'imports better-sqlite3');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/**
 * SQL outside db/ that exists today, each owned by work in progress on issue 15; a new one fails.
 * TODO(#15): move the statement into a db/ function, then delete the entry (the test says when one is stale).
 */
const KNOWN_OUTSIDE: ReadonlySet<string> = new Set([
]);

test('the SQL detector finds statements, driver calls and the driver, and nothing in regexes or prose', () => {
  const hits = (src: string) => findSql(src).map((f) => f.line);
  // statements in every literal form, and the calls that run them
  assert.deepEqual(hits("const a = db.prepare('SELECT id FROM pairs WHERE id = ?').get(1);"), [1, 1]);
  assert.deepEqual(hits('const q = `\n  SELECT count(*)\n  FROM ${table}`;'), [1]);
  assert.deepEqual(hits("run('INSERT OR IGNORE INTO t (a) VALUES (1)');\nrun(\"UPDATE pairs SET version = 2\");"), [1, 2]);
  assert.deepEqual(hits("x('DELETE FROM links');\ny('CREATE VIRTUAL TABLE s USING fts5(t)');\nz('DROP TRIGGER IF EXISTS t');\nw('PRAGMA user_version')"), [1, 2, 3, 4]);
  assert.deepEqual(hits("db.exec(sql);\nthis.db.exec(schema);\nconn.pragma('busy_timeout = 0');\nstmt(db, sql);"), [1, 2, 3, 4]);
  assert.deepEqual(hits("import Database from 'better-sqlite3';"), [1]);
  // an exec on something not declared as a regex counts: the detector cannot tell it is not a Db
  assert.deepEqual(hits('function f(x: Pattern, s: string) { return x.exec(s); }'), [1]);
  // regular expressions' exec, in every way the code declares them, is not SQL
  assert.deepEqual(hits([
    'const re = /\\S+/g;',
    'while ((m = re.exec(text)) !== null) {}',
    "const R2 = new RegExp('a+', 'g'); R2.exec(s);",
    '/^Bearer (\\S+)$/i.exec(header);',
    'function g(pattern: RegExp, s: string) { return pattern.exec(s); }',
    'const P = { quote: /"[^"]+"/ }; P.quote.exec(s);',
  ].join('\n')), []);
  // prose, comments and lower-case words are not SQL
  assert.deepEqual(hits([
    "msg('Select the pairs from the list, then update the set you chose');",
    '// SELECT id FROM pairs: a comment about a query',
    '/* DELETE FROM links */',
    "const label = 'Delete from collection';",
    "import { x } from './select-from.ts';",
  ].join('\n')), []);
});

test('no SQL outside db/: server code calls named db/ functions', () => {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const file of sourceFiles('server')) {
    for (const f of findSql(readFileSync(join(ROOT, file), 'utf8'), file)) {
      if (KNOWN_OUTSIDE.has(file)) {
        seen.add(file);
        continue;
      }
      problems.push(`${file}:${f.line}: ${f.what}`);
    }
  }
  if (problems.length) assert.fail(`SQL outside db/ (move each into a named function in db/ and call that):\n${problems.join('\n')}`);
  const stale = [...KNOWN_OUTSIDE].filter((k) => !seen.has(k));
  assert.deepEqual(stale, [], 'these files no longer hold SQL: delete them from KNOWN_OUTSIDE');
});
