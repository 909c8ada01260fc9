import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../clock.js';
import { backupDatabase, parseBackupName } from '../db/backup.js';
import { removeStaleTemps } from '../db/db-files.js';
import type { DeskDb } from '../db/open.js';

/** The label main/db/backup.ts puts in the names of the daily backups (pre-migration ones differ). */
export const DAILY_LABEL = 'daily';
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When a daily backup was taken, from its file name (backup.ts writes the ISO time into it).
 * Only a completed backup has that name: one being written, or cut off by a kill or a power cut,
 * is a hidden temporary file (`.bonus-desk-….db.partial-<pid>-<random>`), so it never counts.
 */
export function dailyBackupTime(name: string): Date | undefined {
  const parsed = parseBackupName(name);
  return parsed?.label === DAILY_LABEL ? parsed.takenAt : undefined;
}

/** The daily backups among these file names, oldest first. */
export function dailyBackups(names: readonly string[]): string[] {
  return names
    .map((name) => ({ name, time: dailyBackupTime(name) }))
    .filter((it): it is { name: string; time: Date } => it.time !== undefined)
    .sort((a, b) => a.time.getTime() - b.time.getTime())
    .map((it) => it.name);
}

/** A backup is due when none is younger than a day. */
export function backupDue(names: readonly string[], now: Date): boolean {
  const newest = dailyBackups(names).at(-1);
  const time = newest === undefined ? undefined : dailyBackupTime(newest);
  return time === undefined || now.getTime() - time.getTime() >= DAY_MS;
}

/** The daily backups to delete so that the newest `keep` remain. Pre-migration backups are never pruned. */
export function backupsToPrune(names: readonly string[], keep: number): string[] {
  const daily = dailyBackups(names);
  return daily.slice(0, Math.max(0, daily.length - keep));
}

export interface AutoBackupOptions {
  db: DeskDb;
  dir: string;
  clock: Clock;
  /** How many daily backups to keep. */
  keep?: number;
  /** How often to look whether one is due (the desk may run for weeks). */
  checkEveryMs?: number;
  /** Wait this long after start, so the backup does not compete with opening the desk. */
  firstCheckAfterMs?: number;
  onBackup?(file: string): void;
  onError?(error: unknown): void;
}

/**
 * Takes an online backup (better-sqlite3's backup API; the desk keeps working) when the newest
 * daily backup is a day old, and keeps the last `keep`. Each backup is whole or absent
 * (main/db/backup.ts): written under a temporary name, checked, and renamed when complete.
 */
export interface AutoBackup {
  /** Checks now (the timers call this); resolves with the new backup's path, if one was taken. */
  runOnce(): Promise<string | undefined>;
  /** Stops the timers; resolves when a backup under way has finished (close the database after). */
  stop(): Promise<void>;
}

export function startAutoBackup(options: AutoBackupOptions): AutoBackup {
  const keep = options.keep ?? 14;
  let current: Promise<string | undefined> | undefined;
  let stopped = false;

  const check = async (): Promise<string | undefined> => {
    try {
      // What a backup cut off by a kill left behind (its process is gone) is no backup: remove it.
      removeStaleTemps(options.dir, ['partial']);
      const names = await listDir(options.dir);
      const now = options.clock.now();
      let taken: string | undefined;
      if (backupDue(names, now)) {
        taken = await backupDatabase(options.db, options.dir, DAILY_LABEL, now);
        options.onBackup?.(taken);
      }
      for (const name of backupsToPrune(await listDir(options.dir), keep)) {
        await rm(join(options.dir, name), { force: true });
      }
      return taken;
    } catch (error) {
      options.onError?.(error);
      return undefined;
    }
  };

  const runOnce = (): Promise<string | undefined> => {
    if (stopped) return Promise.resolve(undefined);
    current ??= check().finally(() => {
      current = undefined;
    });
    return current;
  };

  const tick = (): void => {
    void runOnce();
  };
  const first = setTimeout(tick, options.firstCheckAfterMs ?? 60_000);
  const every = setInterval(tick, options.checkEveryMs ?? 60 * 60 * 1000);
  first.unref();
  every.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await current;
    },
  };
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}
