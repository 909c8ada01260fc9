import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../db/backup.js';
import { openDesk } from '../desk.js';
import { TEST_PASSWORD_N, testDesk, type TestDesk } from '../testing/test-desk.js';

/**
 * `npm run desk -- restore --db FILE --from BACKUP` (issue 10): a good backup is put in place and
 * the data is the backup's; a truncated copy, a text file and a file from a newer app are refused
 * with a clear message and exit 1, as is a database the desk has open, and the file is untouched.
 */

const root = resolve(import.meta.dirname, '..', '..');
const NOW = '2026-11-21T09:00:00.000Z';
let t: TestDesk;
let good: string;

interface Exit {
  code: number | null;
  out: string;
  err: string;
}

function desk(args: string[]): Promise<Exit> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, out, err })));
}

function rows(file: string): unknown[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return ['members', 'ledger_entries', 'point_lots', 'users'].map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY 1`).raw().all());
  } finally {
    db.close();
  }
}

/** The file's bytes and every file beside it. */
function untouched(): string {
  return `${createHash('sha256').update(readFileSync(t.file)).digest('hex')} ${readdirSync(t.dir).sort().join(',')}`;
}

function variant(name: string, change: (path: string) => void): string {
  const path = join(t.dir, 'backups', name);
  copyFileSync(good, path);
  change(path);
  return path;
}

beforeAll(async () => {
  t = await testDesk(NOW);
  const m = await t.aMember({ firstName: 'Åse', lastName: 'Berg' });
  await t.earn(m, 900, '2026-05-01');
  good = await backupDatabase(t.desk.store, join(t.dir, 'backups'), 'manual', t.clock.now());
  await t.aMember({ firstName: 'Per', lastName: 'Lund' });
  t.desk.close();
}, 120_000);
afterAll(() => t.close());

describe('restore command', () => {
  it.each([
    ['a truncated copy', (path: string) => truncateSync(path, 8192), 'shorter than its header says'],
    ['a text file', (path: string) => writeFileSync(path, 'dette er ikke en database\n'), 'not a database file'],
    [
      'a file from a newer app',
      (path: string) => {
        const db = new BetterSqlite3(path);
        db.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('0099_from_the_future', '2030-01-01T00:00:00.000Z')").run();
        db.close();
      },
      'written by a newer Bonus desk (migrations 0099_from_the_future)',
    ],
  ])('refuses %s with exit 1 and a clear message, and leaves the file untouched', async (_name, change, message) => {
    const bad = variant(`bonus-desk-2026-11-20T09-00-00-000Z-${_name.replace(/\W+/g, '_')}.db`, change);
    const before = untouched();
    const run = await desk(['restore', '--db', t.file, '--from', bad]);
    expect(run.code, run.out + run.err).toBe(1);
    expect(run.err).toContain('cannot be restored');
    expect(run.err).toContain(message);
    expect(run.err).toContain('Nothing was changed');
    expect(run.err).not.toMatch(/\n\s+at /);
    expect(untouched()).toBe(before);
  }, 120_000);

  it('refuses while the desk has the file open, and leaves it untouched', async () => {
    const open = await openDesk({ file: t.file, clock: t.clock, passwordN: TEST_PASSWORD_N, idleCheckpointMs: 0 });
    try {
      const run = await desk(['restore', '--db', t.file, '--from', good]);
      expect(run.code, run.out + run.err).toBe(1);
      expect(run.err).toContain('is open in another program');
      expect(run.err).toContain('(conflict)');
      expect(rows(t.file)[0]).toHaveLength(2);
    } finally {
      open.close();
    }
    expect(readdirSync(t.dir).filter((n) => n.includes('before-restore'))).toEqual([]);
  }, 120_000);

  it('restores a good backup: the data is the backup’s, the old file is kept aside, the ledger checks out', async () => {
    const current = rows(t.file);
    const run = await desk(['restore', '--db', t.file, '--from', good, '--now', '2026-11-22T08:00:00.000Z']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/Backup .* OK, the backup is whole and can be restored/);
    expect(run.out).toMatch(/members\s+1\n/);
    expect(run.out).toMatch(/users\s+4\n/);
    expect(run.out).toContain(`Restored ${good} into ${t.file}.`);
    const aside = `${t.file}.before-restore-2026-11-22T08-00-00-000Z`;
    expect(run.out).toContain(`kept as ${aside}`);
    expect(rows(t.file)).toEqual(rows(good));
    expect(rows(aside)).toEqual(current);

    const check = await desk(['check', '--db', t.file, '--now', '2026-11-22T08:00:00.000Z']);
    expect(check.code, check.err).toBe(0);
    expect(check.out).toContain('OK: 1 members');

    const json = await desk(['restore', '--db', t.file, '--from', good, '--json', '--now', '2026-11-22T09:00:00.000Z']);
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ restored: true, from: good, keptAside: `${t.file}.before-restore-2026-11-22T09-00-00-000Z`, check: { ok: true, counts: { members: 1 } } });
  }, 240_000);
});
