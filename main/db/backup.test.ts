import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase, backupFileName, parseBackupName } from './backup.js';
import { isTempName, removeStaleTemps, STALE_TEMP_MS, tempPath } from './db-files.js';
import { migrateToLatest } from './migrate.js';
import { openDatabase } from './open.js';

/** Issue 10: a backup is whole or absent — checked, one file, and only then under its final name. */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'desk-backup-unit-'));
  dirs.push(dir);
  return dir;
}
const NOW = new Date('2026-11-21T09:00:00.000Z');

/** A pid that surely belongs to no live process: a child that has already exited and been reaped. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('backupDatabase', () => {
  it('writes a checked, self-contained copy under its final name and nothing else', async () => {
    const dir = folder();
    const db = openDatabase({ file: join(dir, 'desk.db') });
    await migrateToLatest(db, { now: NOW });
    db.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', ?)").run(NOW.toISOString());
    const progress: [number, number][] = [];
    const target = await backupDatabase(db, join(dir, 'backups'), 'manual', NOW, { onProgress: (copied, total) => progress.push([copied, total]) });
    db.sqlite.close();

    expect(target).toBe(join(dir, 'backups', 'bonus-desk-2026-11-21T09-00-00-000Z-manual.db'));
    expect(readdirSync(join(dir, 'backups'))).toEqual(['bonus-desk-2026-11-21T09-00-00-000Z-manual.db']);
    expect(progress.length).toBeGreaterThan(0);
    // Not in WAL mode (header bytes 18 and 19 are 1): opening it read-only anywhere leaves no -wal or -shm.
    const header = readFileSync(target).subarray(0, 20);
    expect([header[18], header[19]]).toEqual([1, 1]);
    const copy = openDatabase({ file: target, readonly: true });
    expect(copy.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.sqlite.prepare("SELECT value FROM settings WHERE key = 'x'").pluck().get()).toBe('1');
    copy.sqlite.close();
    expect(readdirSync(join(dir, 'backups'))).toHaveLength(1);
  });

  it('removes its temporary file when the backup fails, and leaves no final name', async () => {
    const dir = folder();
    const db = openDatabase({ file: join(dir, 'desk.db') });
    db.sqlite.exec('CREATE TABLE t (x BLOB); INSERT INTO t SELECT randomblob(4000) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) SELECT i FROM n);');
    const failing = backupDatabase(db, join(dir, 'backups'), 'daily', NOW, {
      onProgress: () => {
        throw new Error('disk full (simulated)');
      },
    });
    await expect(failing).rejects.toThrow('disk full (simulated)');
    db.sqlite.close();
    expect(readdirSync(join(dir, 'backups'))).toEqual([]);
  });

  it('names backups so that only completed ones parse; temporary names never do', () => {
    const name = backupFileName('before-0002_x', NOW);
    expect(parseBackupName(name)).toEqual({ takenAt: NOW, label: 'before-0002_x' });
    const temp = tempPath(join('/x', name), 'partial');
    expect(isTempName(temp.slice(3))).toBe(true);
    expect(parseBackupName(temp.slice(3))).toBeUndefined();
    expect(parseBackupName('notes.txt')).toBeUndefined();
    expect(() => backupFileName('../evil', NOW)).toThrow();
  });
});

describe('removeStaleTemps', () => {
  it('removes the temporary files (and their journals) of dead processes and quiet ones, and keeps a live writer’s', () => {
    const dir = folder();
    const dead = deadPid();
    const name = 'bonus-desk-2026-11-21T09-00-00-000Z-daily.db';
    const deadTemp = `.${name}.partial-${dead}-abc123`;
    const live = `.${name}.partial-${process.pid}-def456`;
    const quiet = `.${name}.seeding-${process.pid}-0a0a0a`;
    for (const f of [deadTemp, `${deadTemp}-journal`, live, quiet, name, 'notes.txt']) writeFileSync(join(dir, f), '');
    const old = (Date.now() - STALE_TEMP_MS - 60_000) / 1000;
    utimesSync(join(dir, quiet), old, old);

    expect(removeStaleTemps(dir, ['partial']).sort()).toEqual([deadTemp, `${deadTemp}-journal`].sort());
    expect(removeStaleTemps(dir).sort()).toEqual([quiet]);
    expect(readdirSync(dir).sort()).toEqual([live, name, 'notes.txt'].sort());
  });
});
