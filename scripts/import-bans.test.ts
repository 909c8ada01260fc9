import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** DESIGN.md's import table, enforced by lint: each forbidden import is an error in its folder. */

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<boolean> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports');
}

describe('import bans (DESIGN.md)', () => {
  it.each([
    ['renderer/pages/X.tsx', "import { openDesk } from '../../main/desk.js';\nexport const x = openDesk;"],
    ['renderer/pages/X.tsx', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;"],
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
    ['renderer/pages/X.tsx', "import { contract } from '../../shared/contract.js';\nexport const x = contract;"],
    ['shared/channels/x.ts', "import { z } from 'zod';\nimport { Id } from '../contract-kit.js';\nexport const x = [z, Id];"],
    ['migrations/0099_x.ts', "import { sql } from 'kysely';\nexport const x = sql;"],
    ['main/app/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['main/services/x.ts', "import { drawFifo } from '../domain/points.js';\nexport const x = drawFifo;"],
  ])('%s may: %s', async (file, code) => {
    expect(await restricted(file, code)).toBe(false);
  });
});
