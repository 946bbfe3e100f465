// Lint: typescript-eslint's type-checked recommended rules, plus the two the house style names.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'views/assets/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', {
        // node:test's test() and describe() return promises the runner itself awaits.
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }],
      }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `const { a: _a, ...rest } = x` is how an object is copied without a field.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // supertest and JSON.parse hand tests `any` bodies; asserting on them is the point of a test.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    // The aligner is a pure library: no web framework, database or file system (house style).
    files: ['server/align/**/*.ts'],
    ignores: ['server/align/glossary-file.ts'], // reads the aligner's own glossary, nothing else
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['express', 'better-sqlite3', 'node:fs', 'node:fs/*', 'fs', '**/db/*'], message: 'server/align/ stays pure: pass data in instead.' },
      ] }],
    },
  },
  // typescript itself reports undefined names in .ts files.
  { files: ['**/*.ts'], rules: { 'no-undef': 'off' } },
);
