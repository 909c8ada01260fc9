import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Import bans mirror DESIGN.md's table of which folder may import what.
 * `electron` only in main/app; renderer never reaches main; shared only zod; migrations only kysely.
 */
const electronBan = { name: 'electron', message: 'Only main/app/ may import electron (DESIGN.md).' };
const ban = (group, message) => ({ group, message });

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
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!zod$)(?!\\.\\.?/)', message: 'shared/ imports only zod (DESIGN.md).' },
            { regex: '(^|/)(main|renderer|migrations|scripts)(/|$)', message: 'shared/ stays inside shared/ (DESIGN.md).' },
          ],
        },
      ],
    },
  },
  {
    files: ['migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!kysely$)(?!\\./)', message: 'Migrations are frozen in time: they import only kysely (DESIGN.md).' },
            { regex: '^\\./.*/', message: 'Migrations import nothing of the app.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronBan],
          patterns: [
            ban(['node:*', 'better-sqlite3', 'kysely'], 'main/domain is pure: no I/O (DESIGN.md).'),
            ban(['../db/*', '../services/*', '../api/*', '../app/*', '../cli/*', '../../renderer/*'], 'main/domain imports only shared/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['main/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronBan], patterns: [ban(['../services/*', '../api/*', '../app/*', '../cli/*', '../domain/*', '../../renderer/*'], 'main/db imports only migrations/ and shared/.')] },
      ],
    },
  },
  {
    files: ['main/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronBan], patterns: [ban(['**/api/*', '**/app/*', '**/cli/*', '**/renderer/**'], 'services import domain, db and shared only.')] },
      ],
    },
  },
  {
    files: ['main/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronBan], patterns: [ban(['**/app/*', '**/cli/*', '**/renderer/**', '**/db/*'], 'api imports services and shared only.')] },
      ],
    },
  },
  {
    files: ['main/cli/**/*.ts', 'main/desk.ts', 'main/clock.ts', 'main/workers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [ban(['**/app/*', '**/renderer/**'], 'Only Electron may reach main/app.')] }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/e2e/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { paths: [electronBan], patterns: [ban(['**/main/**', 'node:*', 'better-sqlite3', 'kysely'], 'renderer/ imports only shared/ (DESIGN.md); talk to main through window.desk.')] },
      ],
    },
  },
  {
    files: ['renderer/e2e/**/*.ts', 'scripts/**/*.ts', '*.config.ts', '**/*.test.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
