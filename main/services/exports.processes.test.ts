import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStrictCsv } from '../testing/csv-strict.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { isPartial } from './files.js';
import { exportMembers } from './reports.js';

/**
 * Issue 10, "Files are whole or absent", across processes: a desk killed (SIGKILL) in the middle
 * of the member export leaves no file under the final name, only its temporary file, which the
 * next export into the folder removes. The child (main/testing/export-child.ts) stops its export
 * at a known row with the file open and partly written, so the kill lands mid-export without
 * guessing at timings.
 */

const NOW = '2026-11-21T10:00:00.000Z';
const MEMBERS = 300;
const STALL_AFTER = 200;

let t: TestDesk;
let dir: string;
beforeAll(async () => {
  t = await testDesk(NOW);
  for (let i = 0; i < MEMBERS; i += 1) await t.aMember({ startedOn: '2025-01-01' });
  dir = join(t.dir, 'exports');
}, 240_000);
afterAll(() => t.close());

interface Child {
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: () => boolean;
  alive: () => boolean;
}

function startExportChild(format: 'csv' | 'xlsx'): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/testing/export-child.ts', t.file, format, String(STALL_AFTER), NOW], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let alive = true;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      alive = false;
      resolve({ code, signal });
    }),
  );
  return { output: () => output, exited, kill: () => child.kill('SIGKILL'), alive: () => alive };
}

const listing = (): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/** Waits (bounded in count and time) until the child has stopped mid-export with bytes in its temporary file. */
async function untilMidExport(child: Child, needBytes: boolean): Promise<string | null> {
  const deadline = Date.now() + 120_000;
  for (let i = 0; i < 2_400 && Date.now() < deadline; i += 1) {
    if (!child.alive()) throw new Error(`the child ended before the kill: ${child.output()}`);
    if (child.output().includes('stalled')) {
      const partial = listing().find(isPartial);
      if (!needBytes) return partial ?? null;
      if (partial !== undefined && statSync(join(dir, partial)).size > 0) return partial;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the child did not reach the middle of its export in time: ${child.output()}`);
}

describe('issue 10: a desk killed mid-export', () => {
  it('CSV: after SIGKILL there is no file under the final name, at most the temporary file; the next export removes it and writes a whole file', async () => {
    const child = startExportChild('csv');
    const partial = await untilMidExport(child, true);
    expect(child.kill()).toBe(true);
    expect(await child.exited).toMatchObject({ signal: 'SIGKILL' });
    expect(child.output()).not.toContain('finished');

    const after = listing();
    expect(after.filter((name) => name.startsWith('medlemsrapport-'))).toEqual([]);
    expect(after.filter((name) => !isPartial(name))).toEqual([]);
    expect(after).toEqual([partial]);
    // What was cut off is a partial report: some of the rows, not all.
    const cut = readFileSync(join(dir, partial ?? ''), 'utf8');
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.split('\r\n').length - 1).toBeLessThan(MEMBERS + 1);

    // The next export into the folder removes the dead desk's leftover and writes a whole file.
    const { path, rows } = await exportMembers(t.ctx('manager'), { format: 'csv' });
    expect(rows).toBe(MEMBERS);
    expect(listing()).toEqual([path.slice(dir.length + 1)]);
    const records = parseStrictCsv(readFileSync(path, 'utf8').slice(1));
    expect(records).toHaveLength(MEMBERS + 1);
  }, 240_000);
});
