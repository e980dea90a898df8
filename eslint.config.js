// Lint without type information (the whole tree in seconds on two CPUs), plus the import
// boundaries that make shared/DESIGN.md's layering a rule rather than a habit. Formatting is
// Prettier's (.prettierrc): nothing here has an opinion on layout.
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { boundaries } from './eslint.boundaries.js';

export default defineConfig(
  { ignores: ['**/dist/**', 'node_modules/**', 'test-artifacts/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // verbatimModuleSyntax keeps every import that is not marked `type`; this marks them, with
      // the inline style the code already writes (`import { a, type B }`).
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // ...and writes `import type { A, B }` when all are types: `import { type A, type B }` would
      // leave an `import './x.js'` behind in the output.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // The code's convention: a leading underscore names what is deliberately left unused (a
      // key dropped from a copy by destructuring, a parameter a signature requires).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Control characters in regexes are deliberate here: the dedup key's \x1f separator, and
      // refusing NUL and other unstorable text on the wire.
      'no-control-regex': 'off',
    },
  },
  {
    // A test probes an answer's JSON, whose shape is what it checks: a wrong guess fails the assertion.
    files: ['**/*.test.ts', 'test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['console/src/**'],
    languageOptions: { globals: globals.browser },
  },
  ...boundaries,
);
