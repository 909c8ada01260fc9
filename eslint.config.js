import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { layering } from './scripts/eslint-layering.js';

/**
 * Layering as an ALLOW-LIST (VS Code's style): each folder may import only what its row names;
 * everything else fails, and the message names what is allowed. A row's own folder is always
 * allowed. 'x/' is a folder, 'x.ts' a file, anything else a package ('@mui/*' a scope, 'node:*' the
 * builtins). A file under one of `roots` that no row covers fails until its folder gets a row.
 * Enforced by scripts/eslint-layering.js; proven edge by edge in scripts/import-bans.test.ts.
 */
const browserLibraries = [
  'zod', 'react', 'react-dom', '@mui/*', '@emotion/*', 'i18next', 'react-i18next', 'react-hook-form', '@hookform/*',
];
const layers = {
  'shared/': { may: ['zod'] },
  // Pure rules: no I/O, no node builtins, no clock (time comes in as an argument).
  'main/domain/': { may: ['shared/', 'temporal-polyfill'] },
  'main/db/': { may: ['migrations/', 'shared/', 'kysely', 'better-sqlite3', 'node:*'], testsMay: ['typescript'] },
  'main/services/': {
    may: ['main/domain/', 'main/db/', 'main/clock.ts', 'shared/', 'node:*', 'kysely', 'csv-stringify', 'write-excel-file', '@faker-js/faker'],
    testsMay: ['read-excel-file'], // reads the XLSX report back
  },
  'main/api/': { may: ['main/services/', 'shared/'] },
  // The desk server; serve.ts is its composition root (opens the desk, as app/ and cli/ do).
  'main/server/': { may: ['main/api/', 'main/db/', 'main/desk.ts', 'main/clock.ts', 'shared/', 'node:*', 'fastify', '@fastify/*'] },
  // The composition roots (app, cli, workers, desk.ts) pick the clock; main/clock.ts imports nothing.
  'main/app/': { may: ['main/api/', 'main/db/', 'main/desk.ts', 'main/clock.ts', 'shared/', 'electron', 'node:*'] },
  'main/cli/': { may: ['main/services/', 'main/db/', 'main/desk.ts', 'main/clock.ts', 'shared/', 'node:*'] },
  // The benchmark times the desk against the same work in hand-written SQL on raw better-sqlite3.
  'main/cli/bench.ts': { may: ['main/cli/', 'main/services/', 'main/db/', 'main/domain/', 'main/desk.ts', 'main/clock.ts', 'shared/', 'node:*', 'better-sqlite3'] },
  'main/workers/': { may: ['main/services/', 'main/db/', 'main/clock.ts', 'shared/', 'node:*'] },
  // openDesk({ file, clock }): the whole desk over api, db and services, without Electron.
  'main/desk.ts': { may: ['main/api/', 'main/db/', 'main/services/', 'main/clock.ts', 'shared/', 'node:*'] },
  'main/clock.ts': { may: [] },
  'main/testing/': { may: ['main/', 'shared/', 'node:*'] },
  'migrations/': { may: ['kysely', 'node:*'] },
  'renderer/': { may: ['shared/', ...browserLibraries] },
  // Browser tests drive the built renderer in Chromium over a real desk.
  'renderer/e2e/': { may: ['renderer/', 'main/', 'shared/', 'node:*', 'playwright-core', '@axe-core/playwright', 'vitest', ...browserLibraries] },
};
// Tests (*.test.ts) may import their row plus vitest and fast-check; in main/ also main/testing/,
// the desk testDesk() opens, node builtins (temp folders, child processes) and better-sqlite3 (to read or
// damage the file behind the desk's back); domain tests stay pure.
for (const [layer, row] of Object.entries(layers)) {
  if (layer === 'main/domain/') row.testsMay = ['main/testing/'];
  else if (layer.startsWith('main/')) row.testsMay = [...(row.testsMay ?? []), 'main/testing/', 'main/desk.ts', 'node:*', 'better-sqlite3'];
}

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.native/**', '.bench/**', 'renderer/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Read time from the injected clock (main/clock.ts), never Date.now().',
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { layering },
    rules: {
      'layering/allowed-imports': [
        'error',
        {
          root: import.meta.dirname,
          roots: ['shared/', 'main/', 'migrations/', 'renderer/'],
          layers,
          testsMay: ['vitest', 'fast-check'],
        },
      ],
    },
  },
  {
    files: ['main/domain/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'main/domain takes time as an argument: never Date.now().',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'main/domain takes time as an argument: never new Date() (now).',
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: 'main/domain takes time as an argument: never Date() (now).',
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/e2e/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
  {
    files: ['renderer/e2e/**/*.ts', 'scripts/**/*.ts', '*.config.ts', '**/*.test.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
