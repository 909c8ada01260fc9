import { dirname, relative, sep } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layering table, enforced by lint as an ALLOW-LIST (eslint.config.js, scripts/eslint-layering.js):
 * each folder imports only what its row names, and every other edge is an error whose message
 * names what is allowed. The table below is written out again on purpose, from the design, so a
 * config that drifts from it fails here: every forbidden edge is one named case, and so is every
 * allowed one.
 */

const eslint = new ESLint({ cwd: process.cwd() });
const RULE = 'layering/allowed-imports';

async function layeringMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

async function restricted(filePath: string, code: string): Promise<boolean> {
  return (await layeringMessages(filePath, code)).length > 0;
}

/** One file in each place an import can point at. */
const places = {
  'shared/': 'shared/errors.ts',
  'main/domain/': 'main/domain/points.ts',
  'main/db/': 'main/db/open.ts',
  'main/services/': 'main/services/context.ts',
  'main/api/': 'main/api/router.ts',
  'main/server/': 'main/server/index.ts',
  'main/app/': 'main/app/paths.ts',
  'main/cli/': 'main/cli/run.ts',
  'main/workers/': 'main/workers/job-worker.ts',
  'main/desk.ts': 'main/desk.ts',
  'main/clock.ts': 'main/clock.ts',
  'main/testing/': 'main/testing/test-desk.ts',
  'renderer/': 'renderer/desk.ts',
  'renderer/e2e/': 'renderer/e2e/harness.ts',
  'migrations/': 'migrations/index.ts',
  'scripts/': 'scripts/build-main.ts',
} as const;
type Place = keyof typeof places;

const packages = [
  'zod', 'kysely', 'better-sqlite3', 'node:fs', 'electron', 'temporal-polyfill', 'csv-stringify', 'write-excel-file',
  '@faker-js/faker', 'react', '@mui/material/Button', '@emotion/react', 'i18next', 'react-i18next', 'react-hook-form',
  '@hookform/resolvers/zod', 'playwright-core', '@axe-core/playwright', 'vitest', 'fast-check', 'read-excel-file/node', 'typescript',
  'fastify', '@fastify/helmet',
] as const;
type Target = Place | (typeof packages)[number];

const browser: Target[] = [
  'zod', 'react', '@mui/material/Button', '@emotion/react', 'i18next', 'react-i18next', 'react-hook-form', '@hookform/resolvers/zod',
];
const allMain: Target[] = [
  'main/domain/', 'main/db/', 'main/services/', 'main/api/', 'main/server/', 'main/app/', 'main/cli/', 'main/workers/',
  'main/desk.ts', 'main/clock.ts', 'main/testing/',
];

/** The table: a layer's own files are always allowed; `file` is where the case pretends to live. */
interface Row {
  file: string;
  may: Target[];
  testsMay: Target[];
}
const forMain: Target[] = ['vitest', 'fast-check', 'main/testing/', 'main/desk.ts', 'node:fs', 'better-sqlite3'];
const table: Record<string, Row & { own: Target[] }> = {
  'shared/': { file: 'shared/channels/x.ts', own: ['shared/'], may: ['zod'], testsMay: ['vitest', 'fast-check'] },
  'main/domain/': {
    file: 'main/domain/x.ts', own: ['main/domain/'], may: ['shared/', 'temporal-polyfill'],
    testsMay: ['vitest', 'fast-check', 'main/testing/'],
  },
  'main/db/': {
    file: 'main/db/x.ts', own: ['main/db/'], may: ['migrations/', 'shared/', 'kysely', 'better-sqlite3', 'node:fs'],
    testsMay: [...forMain, 'typescript'],
  },
  'main/services/': {
    file: 'main/services/seed/x.ts', own: ['main/services/'],
    may: ['main/domain/', 'main/db/', 'main/clock.ts', 'shared/', 'node:fs', 'kysely', 'csv-stringify', 'write-excel-file', '@faker-js/faker'],
    testsMay: [...forMain, 'read-excel-file/node'],
  },
  'main/api/': { file: 'main/api/handlers/x.ts', own: ['main/api/'], may: ['main/services/', 'shared/'], testsMay: forMain },
  'main/server/': {
    file: 'main/server/x.ts', own: ['main/server/'],
    may: ['main/api/', 'main/db/', 'main/desk.ts', 'main/clock.ts', 'shared/', 'node:fs', 'fastify', '@fastify/helmet'],
    testsMay: forMain,
  },
  'main/app/': {
    file: 'main/app/x.ts', own: ['main/app/'],
    may: ['main/api/', 'main/db/', 'main/desk.ts', 'main/clock.ts', 'shared/', 'electron', 'node:fs'],
    testsMay: forMain,
  },
  'main/cli/': {
    file: 'main/cli/commands/x.ts', own: ['main/cli/'],
    may: ['main/services/', 'main/db/', 'main/desk.ts', 'main/clock.ts', 'shared/', 'node:fs'],
    testsMay: forMain,
  },
  'main/cli/bench.ts': {
    file: 'main/cli/bench.ts', own: [],
    may: ['main/cli/', 'main/services/', 'main/db/', 'main/domain/', 'main/desk.ts', 'main/clock.ts', 'shared/', 'node:fs', 'better-sqlite3'],
    testsMay: forMain,
  },
  'main/workers/': {
    file: 'main/workers/x.ts', own: ['main/workers/'], may: ['main/services/', 'main/db/', 'main/clock.ts', 'shared/', 'node:fs'],
    testsMay: forMain,
  },
  'main/desk.ts': {
    file: 'main/desk.ts', own: ['main/desk.ts'], may: ['main/api/', 'main/db/', 'main/services/', 'main/clock.ts', 'shared/', 'node:fs'],
    testsMay: forMain,
  },
  'main/clock.ts': { file: 'main/clock.ts', own: ['main/clock.ts'], may: [], testsMay: forMain },
  'main/testing/': { file: 'main/testing/x.ts', own: ['main/testing/'], may: [...allMain, 'shared/', 'node:fs'], testsMay: forMain },
  'migrations/': { file: 'migrations/0099_x.ts', own: ['migrations/'], may: ['kysely', 'node:fs'], testsMay: ['vitest', 'fast-check'] },
  'renderer/': { file: 'renderer/members/X.tsx', own: ['renderer/'], may: ['shared/', ...browser], testsMay: ['vitest', 'fast-check'] },
  'renderer/e2e/': {
    file: 'renderer/e2e/x.ts', own: ['renderer/e2e/'],
    may: ['renderer/', ...allMain, 'shared/', 'node:fs', 'playwright-core', '@axe-core/playwright', 'vitest', ...browser],
    testsMay: ['fast-check'],
  },
};

const targets: Target[] = [...(Object.keys(places) as Place[]), ...packages];
const isPlace = (t: Target): t is Place => t in places;

function specifier(from: string, target: Target): string {
  if (!isPlace(target)) return target;
  const rel = relative(dirname(from), places[target]).split(sep).join('/').replace(/\.tsx?$/, '.js');
  return rel.startsWith('.') ? rel : `./${rel}`;
}
const importing = (from: string, target: Target): string => `import * as m from '${specifier(from, target)}';\nexport const x = m;\n`;
const asTest = (file: string): string => file.replace(/\.(tsx?)$/, '.test.$1');

/** Every (layer, target) pair outside the layer itself, for code and for the layer's tests. */
const edges = Object.entries(table).flatMap(([layer, row]) =>
  targets
    .filter((target) => !row.own.includes(target))
    .flatMap((target) => [
      { name: `${layer} → ${target}`, file: row.file, layer, target, allowed: row.may.includes(target), who: '' },
      {
        name: `${layer} tests → ${target}`, file: asTest(row.file), layer, target,
        allowed: row.may.includes(target) || row.testsMay.includes(target), who: 'tests ',
      },
    ]),
);

describe('import bans (DESIGN.md)', () => {
  it.each([
    ['renderer/members/X.tsx', "import { openDesk } from '../../main/desk.js';\nexport const x = openDesk;"],
    ['renderer/members/X.tsx', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;"],
    ['shared/channels/x.ts', "import { Kysely } from 'kysely';\nexport const x = Kysely;"],
    ['shared/x.ts', "import { sql } from '../main/db/open.js';\nexport const x = sql;"],
    ['migrations/0099_x.ts', "import { z } from 'zod';\nexport const x = z;"],
    ['migrations/0099_x.ts', "import { roles } from '../shared/roles.js';\nexport const x = roles;"],
    ['main/services/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['main/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['main/domain/x.ts', "import { openDatabase } from '../db/open.js';\nexport const x = openDatabase;"],
    ['main/api/x.ts', "import { openDatabase } from '../db/open.js';\nexport const x = openDatabase;"],
  ])('%s may not: %s', async (file, code) => {
    expect(await restricted(file, code)).toBe(true);
  });

  it.each([
    ['renderer/members/X.tsx', "import { contract } from '../../shared/contract.js';\nexport const x = contract;"],
    ['shared/channels/x.ts', "import { z } from 'zod';\nimport { Id } from '../contract-kit.js';\nexport const x = [z, Id];"],
    ['migrations/0099_x.ts', "import { sql } from 'kysely';\nexport const x = sql;"],
    ['main/app/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['main/services/x.ts', "import { drawFifo } from '../domain/points.js';\nexport const x = drawFifo;"],
  ])('%s may: %s', async (file, code) => {
    expect(await restricted(file, code)).toBe(false);
  });
});

describe('layering by allow-list: every edge of the table', () => {
  // One lint per pretend file (all its edges, one import a line) keeps 1,200 cases to a second;
  // each edge is still its own case, judged by the messages on its own line.
  const found = new Map<string, string[]>();
  beforeAll(async () => {
    const byFile = new Map<string, (typeof edges)[number][]>();
    for (const e of edges) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    for (const [file, group] of byFile) {
      const code = `${group.map((e, i) => `import * as m${i} from '${specifier(file, e.target)}';`).join('\n')}\nexport const x = [${group.map((_e, i) => `m${i}`).join(', ')}];\n`;
      const [result] = await eslint.lintText(code, { filePath: file });
      group.forEach((e, i) => {
        found.set(e.name, (result?.messages ?? []).filter((m) => m.ruleId === RULE && m.line === i + 1).map((m) => m.message));
      });
    }
  });

  it.each(edges.filter((e) => !e.allowed).map((e) => [e.name, e] as const))('%s fails', (_name, edge) => {
    const messages = found.get(edge.name);
    expect(messages).toHaveLength(1);
    // VS Code's style: the message spells out the row, so the fix is in the message.
    expect(messages?.[0]).toContain(`${edge.layer} ${edge.who}may import only `);
  });

  it.each(edges.filter((e) => e.allowed).map((e) => [e.name, e] as const))('%s passes', (_name, edge) => {
    expect(found.get(edge.name)).toEqual([]);
  });

  it('one edge linted alone gives the same verdict as in its batch', async () => {
    expect(await restricted('main/api/x.ts', importing('main/api/x.ts', 'main/domain/'))).toBe(true);
    expect(await restricted('main/api/x.ts', importing('main/api/x.ts', 'main/services/'))).toBe(false);
  });
});

describe('layering: the holes the old deny-list left open', () => {
  it.each([
    ['main/api → main/domain', 'main/api/handlers/x.ts', "import type { Lot } from '../../domain/points.js';\nexport type X = Lot;\n"],
    ['main/api → better-sqlite3', 'main/api/x.ts', "import type { Database } from 'better-sqlite3';\nexport type X = Database;\n"],
    ['main/app → main/services', 'main/app/x.ts', "import { storeOf } from '../services/context.js';\nexport const x = storeOf;\n"],
    ['renderer → migrations', 'renderer/members/X.tsx', "import { migrations } from '../../migrations/index.js';\nexport const x = migrations;\n"],
    ['main/domain → main/clock', 'main/domain/x.ts', "import { systemClock } from '../clock.js';\nexport const x = systemClock;\n"],
  ])('%s fails', async (_name, file, code) => {
    expect(await restricted(file, code)).toBe(true);
  });

  it('the message names what is allowed: main/api may import only main/services and shared', async () => {
    expect(await layeringMessages('main/api/x.ts', "import { drawFifo } from '../domain/points.js';\nexport const x = drawFifo;\n")).toEqual([
      "main/api/ may import only main/services/, shared/ — not main/domain/ ('../domain/points.js').",
    ]);
  });

  it.each([
    ['new Date()', 'export const now = (): Date => new Date();\n'],
    ['Date.now()', 'export const now = (): number => Date.now();\n'],
    ['Date()', 'export const now = (): string => Date();\n'],
  ])('main/domain takes time as an argument: %s fails', async (_name, code) => {
    const [result] = await eslint.lintText(code, { filePath: 'main/domain/x.ts' });
    expect((result?.messages ?? []).map((m) => m.ruleId)).toContain('no-restricted-syntax');
  });

  it('main/domain may still build a Date from a value it was given', async () => {
    const [result] = await eslint.lintText('export const at = (ms: number): Date => new Date(ms);\n', { filePath: 'main/domain/x.ts' });
    expect(result?.messages ?? []).toEqual([]);
  });
});

describe('layering: every way of importing counts', () => {
  it.each([
    ['import type', "import type { Lot } from '../domain/points.js';\nexport type X = Lot;\n"],
    ['export from', "export { drawFifo } from '../domain/points.js';\n"],
    ['export * from', "export * from '../domain/points.js';\n"],
    ['dynamic import()', "export const load = () => import('../domain/points.js');\n"],
    ["import('…') type", "export type X = import('../domain/points.js').Lot;\n"],
    ['a bare node builtin', "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n"],
    ['a path outside the project', "import x from '../../../shared/SPEC.md';\nexport const y = x;\n"],
  ])('main/api: %s of a forbidden place fails', async (_name, code) => {
    expect(await restricted('main/api/x.ts', code)).toBe(true);
  });

  it('a file in a folder the table does not name fails until the folder gets a row', async () => {
    expect(await layeringMessages('main/newfolder/x.ts', 'export const x = 1;\n')).toEqual([
      'main/newfolder/x.ts lies in no row of the layering table (eslint.config.js): add the folder and what it may import.',
    ]);
  });

  it('files outside the layered roots (scripts/, configs) are not layered', async () => {
    expect(await restricted('scripts/x.ts', "import { openDesk } from '../main/desk.js';\nexport const x = openDesk;\n")).toBe(false);
  });
});
