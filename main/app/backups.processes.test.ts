import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../clock.js';
import { isTempName } from '../db/db-files.js';
import { openDatabase } from '../db/open.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { backupDue, dailyBackups, startAutoBackup } from './backups.js';

/**
 * Issue 10, "Files are whole or absent", for backups across processes: a process killed (SIGKILL)
 * in the middle of a daily backup leaves no file under a backup's name, only its hidden temporary
 * file, which the daily schedule does not count and removes on its next check. Before issue 10 the
 * cut-off copy carried the final name and opened as an empty database that passed integrity_check.
 * The child (main/testing/backup-child.ts) stops its copy after the first step, so the kill lands
 * mid-backup without guessing at timings.
 */

const NOW = '2026-11-21T10:00:00.000Z';

let t: TestDesk;
let dir: string;
beforeAll(async () => {
  t = await testDesk(NOW);
  // Some megabytes, so the copy takes many steps (100 pages each).
  t.desk.store.sqlite.exec('CREATE TABLE filler (x BLOB NOT NULL)');
  t.desk.store.sqlite.prepare('INSERT INTO filler SELECT randomblob(4000) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) SELECT i FROM n)').run();
  await t.desk.store.checkpoint();
  dir = join(t.dir, 'backups');
}, 120_000);
afterAll(() => t.close());

const listing = (): string[] => (existsSync(dir) ? readdirSync(dir) : []);

interface Child {
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: () => boolean;
  alive: () => boolean;
}

function startBackupChild(): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/testing/backup-child.ts', t.file, dir, NOW], { stdio: ['ignore', 'pipe', 'pipe'] });
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

/**
 * Waits (bounded in count and time) until the child has stopped mid-copy with its temporary file
 * there (SQLite keeps the copied pages in its cache and a rollback journal until the copy commits,
 * so the file itself may still be empty: under a final name it would open as an empty database).
 */
async function untilMidBackup(child: Child): Promise<string> {
  const deadline = Date.now() + 120_000;
  for (let i = 0; i < 2_400 && Date.now() < deadline; i += 1) {
    if (!child.alive()) throw new Error(`the child ended before the kill: ${child.output()}`);
    if (child.output().includes('copying')) {
      const temp = listing().find((name) => isTempName(name) && !/-(wal|shm|journal)$/.test(name));
      if (temp !== undefined) return temp;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the child never stopped mid-backup: ${child.output()}`);
}

describe('issue 10: a backup killed half-way', () => {
  it('leaves no file under a backup name; the schedule ignores its temporary file, removes it, and takes a whole backup', async () => {
    const child = startBackupChild();
    const temp = await untilMidBackup(child);
    expect(child.kill()).toBe(true);
    expect((await child.exited).signal).toBe('SIGKILL');

    const left = listing();
    expect(left).toContain(temp);
    expect(temp.startsWith('.bonus-desk-')).toBe(true);
    // Nothing under a final name: no file a restore or the schedule could take for a backup.
    expect(left.filter((name) => name.startsWith('bonus-desk-'))).toEqual([]);
    expect(dailyBackups(left)).toEqual([]);
    expect(backupDue(left, new Date(NOW))).toBe(true);

    // The next check of the schedule removes the leftover (its process is gone) and backs up whole.
    const clock = new TestClock(NOW);
    const schedule = startAutoBackup({ db: t.desk.store, dir, clock, firstCheckAfterMs: 3_600_000 });
    try {
      const taken = await schedule.runOnce();
      expect(taken).toBeDefined();
      const after = listing();
      expect(after.filter(isTempName)).toEqual([]);
      expect(dailyBackups(after)).toHaveLength(1);
      const copy = openDatabase({ file: taken ?? '', readonly: true });
      try {
        expect(copy.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(copy.sqlite.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(1500);
        expect(copy.sqlite.prepare('SELECT count(*) FROM users').pluck().get()).toBe(4);
      } finally {
        copy.sqlite.close();
      }
      // A backup is one file on its own: no -wal or -shm beside it.
      expect(listing().sort()).toEqual(dailyBackups(after));
    } finally {
      await schedule.stop();
    }
  }, 240_000);
});
