import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from '../clock.js';
import { openDatabase } from '../db/open.js';
import { backupDue, backupsToPrune, dailyBackups, dailyBackupTime, startAutoBackup } from './backups.js';

const name = (iso: string, label = 'daily') => `bonus-desk-${iso.replace(/[:.]/g, '-')}-${label}.db`;

describe('backup schedule', () => {
  it('reads the time from a daily backup name, and only from those', () => {
    expect(dailyBackupTime(name('2026-03-01T10:20:30.400Z'))?.toISOString()).toBe('2026-03-01T10:20:30.400Z');
    expect(dailyBackupTime(name('2026-03-01T10:20:30.400Z', 'before-0002_x'))).toBeUndefined();
    expect(dailyBackupTime('notes.txt')).toBeUndefined();
  });

  it('is due when the newest daily backup is a day old', () => {
    const names = [name('2026-03-01T08:00:00.000Z'), name('2026-03-02T08:00:00.000Z'), name('2026-03-05T08:00:00.000Z', 'before-0002_x')];
    expect(backupDue([], new Date('2026-03-02T09:00:00Z'))).toBe(true);
    expect(backupDue(names, new Date('2026-03-03T07:59:59Z'))).toBe(false);
    expect(backupDue(names, new Date('2026-03-03T08:00:00Z'))).toBe(true);
  });

  it('prunes the oldest daily backups, never the pre-migration ones', () => {
    const daily = ['2026-03-03', '2026-03-01', '2026-03-02', '2026-03-04'].map((d) => name(`${d}T08:00:00.000Z`));
    const migration = name('2026-02-01T08:00:00.000Z', 'before-0002_x');
    expect(dailyBackups([...daily, migration])).toEqual([daily[1], daily[2], daily[0], daily[3]]);
    expect(backupsToPrune([...daily, migration], 2)).toEqual([daily[1], daily[2]]);
    expect(backupsToPrune(daily, 10)).toEqual([]);
  });
});

describe('startAutoBackup', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('takes an online backup when due, keeps the last N, and stops cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-backup-'));
    dirs.push(dir);
    const db = openDatabase({ file: join(dir, 'desk.db') });
    db.sqlite.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    const backups = join(dir, 'backups');
    mkdirSync(backups);
    for (const day of ['01', '02', '03']) writeFileSync(join(backups, name(`2026-03-${day}T08:00:00.000Z`)), '');
    writeFileSync(join(backups, name('2026-01-01T08:00:00.000Z', 'before-0002_x')), '');
    const clock = new TestClock('2026-03-05T09:00:00Z');
    const schedule = startAutoBackup({ db, dir: backups, clock, keep: 2, firstCheckAfterMs: 3_600_000 });
    try {
      const taken = await schedule.runOnce();
      expect(taken).toBe(join(backups, name('2026-03-05T09:00:00.000Z')));
      expect(readdirSync(backups).sort()).toEqual([name('2026-01-01T08:00:00.000Z', 'before-0002_x'), name('2026-03-03T08:00:00.000Z'), name('2026-03-05T09:00:00.000Z')].sort());
      const copy = openDatabase({ file: taken ?? '', readonly: true });
      expect(copy.sqlite.prepare('SELECT x FROM t').all()).toEqual([{ x: 1 }]);
      copy.sqlite.close();
      clock.advance(60 * 60 * 1000);
      expect(await schedule.runOnce()).toBeUndefined();
    } finally {
      await schedule.stop();
      db.sqlite.close();
    }
    expect(await schedule.runOnce()).toBeUndefined();
  });
});
