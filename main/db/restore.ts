import { closeSync, constants, copyFileSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { integrityProblems, migrationsOf } from './backup.js';
import { DatabaseInUseError, fileStamp, makeStandalone, removeDatabaseFiles, removeStaleTemps, SIDECARS, syncDir, syncFile, tempPath } from './db-files.js';
import { pendingMigrations, unknownMigrations } from './migrate.js';
import type { Sqlite } from './open.js';

/**
 * Restoring a backup (issue 10): check it, keep the current file aside, put the backup in place
 * whole. The desk opens the restored file afterwards with openDesk, which migrates it forward if
 * it is older (after its own pre-migration backup).
 *
 * - `checkBackup(path)` opens the file read-only and reports what it holds, or why it cannot be
 *   restored: not an SQLite file, damaged (truncated, or `integrity_check` finds errors), not a
 *   desk, written by a newer app (migrations this app does not know), or without users (nobody
 *   could sign in).
 * - `restoreBackup(file, from)` refuses a bad backup and a database another program has open
 *   (db-files.ts, makeStandalone: the WAL is checkpointed into the file, which proves it is not
 *   open elsewhere), renames the current file to `<file>.before-restore-<time>` (kept until the
 *   admin deletes it), copies the backup to a temporary name beside the file, flushes it and
 *   renames it into place. A refused restore changes nothing.
 * - The app cannot swap the file it has open: it schedules the restore with a marker file beside
 *   the database, `<file name>.restore-pending.json`, and the next openDesk performs it before it
 *   opens the file (`applyPendingRestore`).
 */

/** The tables a backup report counts: who and what the desk holds. */
export const COUNTED_TABLES = ['members', 'ledger_entries', 'point_lots', 'users', 'audit_log'] as const;
export type CountedTable = (typeof COUNTED_TABLES)[number];

/** Why a backup cannot be restored. */
export type BackupProblem = 'missing' | 'not_a_database' | 'damaged' | 'not_a_desk' | 'from_newer_app' | 'no_users';

export interface BackupReport {
  file: string;
  bytes: number;
  ok: boolean;
  problem: BackupProblem | null;
  /** What was found, in English, for the command line and logs. */
  message: string;
  /** integrity_check's findings (at most ten) when the file is damaged. */
  findings: string[];
  migrations: {
    applied: string[];
    /** The app's migrations the backup lacks: opening it runs them (it is from an older app). */
    pending: string[];
    /** Migrations this app does not know (the backup is from a newer app). */
    unknown: string[];
  };
  /** Rows per counted table; null when the file could not be read that far. */
  counts: Record<CountedTable, number> | null;
}

/** A quick look at a file's first 100 bytes and its size (no SQLite): for listing many backups. */
export type QuickLook = 'whole' | 'damaged' | 'not_a_database';

const MAGIC = 'SQLite format 3\u0000';

interface Header {
  pageSize: number;
  /** The page count the header records, when it is valid (SQLite 3.7.0+ keeps it). */
  pages: number | null;
  wal: boolean;
}

function readHeader(path: string): Header | null {
  const buffer = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, buffer, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || buffer.toString('latin1', 0, 16) !== MAGIC) return null;
  const raw = buffer.readUInt16BE(16);
  const pageSize = raw === 1 ? 65_536 : raw;
  const valid = buffer.readUInt32BE(24) === buffer.readUInt32BE(92);
  return { pageSize, pages: valid ? buffer.readUInt32BE(28) : null, wal: buffer[18] === 2 || buffer[19] === 2 };
}

/** Whether the file's size is what its header says: a truncated copy is shorter. */
export function quickLook(path: string): QuickLook {
  try {
    const header = readHeader(path);
    if (header === null) return 'not_a_database';
    if (header.pages !== null && statSync(path).size < header.pages * header.pageSize && !existsSync(`${path}-wal`)) return 'damaged';
    return 'whole';
  } catch {
    return 'damaged';
  }
}

/** Opens, reads and checks a backup read-only; never changes it (see above). */
export function checkBackup(path: string, options: { nativeBinding?: string | undefined } = {}): BackupReport {
  const report = (problem: BackupProblem | null, message: string, extra: Partial<BackupReport> = {}): BackupReport => ({
    file: path,
    bytes: existsSync(path) ? statSync(path).size : 0,
    ok: problem === null,
    problem,
    message,
    findings: [],
    migrations: { applied: [], pending: [], unknown: [] },
    counts: null,
    ...extra,
  });
  if (!existsSync(path) || !statSync(path).isFile()) return report('missing', `there is no backup file at ${path}`);
  const look = quickLook(path);
  if (look === 'not_a_database') return report('not_a_database', 'it is not a database file (an SQLite file starts with "SQLite format 3")');
  if (look === 'damaged') return report('damaged', 'it is shorter than its header says: the copy was cut off');

  // A read-only connection to a file in WAL mode (backups before issue 10 were) creates -wal and
  // -shm files beside it; remove the ones it made, so checking leaves the folder as it was.
  const before = SIDECARS.filter((suffix) => existsSync(`${path}${suffix}`));
  let sqlite: Sqlite;
  try {
    sqlite = new BetterSqlite3(path, { readonly: true, fileMustExist: true, ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }) });
  } catch (error) {
    return report('not_a_database', `it cannot be opened as a database: ${messageOf(error)}`);
  }
  try {
    return readBackup(sqlite, report);
  } finally {
    sqlite.close();
    for (const suffix of SIDECARS) if (!before.includes(suffix)) rmSync(`${path}${suffix}`, { force: true });
  }
}

function readBackup(sqlite: Sqlite, report: (problem: BackupProblem | null, message: string, extra?: Partial<BackupReport>) => BackupReport): BackupReport {
  let findings: string[];
  try {
    findings = integrityProblems(sqlite);
  } catch (error) {
    return sqliteCode(error) === 'SQLITE_NOTADB' ? report('not_a_database', 'it is not a database file') : report('damaged', `it is damaged: ${messageOf(error)}`);
  }
  if (findings.length > 0) return report('damaged', `integrity_check found ${findings.length === 1 ? 'a problem' : 'problems'}: ${findings[0] ?? ''}`, { findings: findings.slice(0, 10) });
  const applied = migrationsOf(sqlite);
  const migrations = { applied, pending: pendingMigrations(applied), unknown: unknownMigrations(applied) };
  if (applied.length === 0) return report('not_a_desk', 'it is a database, but not a Bonus desk (it has no migrations)', { migrations });
  if (migrations.unknown.length > 0) {
    return report('from_newer_app', `it was written by a newer Bonus desk (migrations ${migrations.unknown.join(', ')}); update the app first`, { migrations });
  }
  let counts: Record<CountedTable, number>;
  try {
    counts = Object.fromEntries(COUNTED_TABLES.map((table) => [table, Number(sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get())])) as Record<CountedTable, number>;
  } catch (error) {
    return report('not_a_desk', `it lacks the desk's tables: ${messageOf(error)}`, { migrations });
  }
  if (counts.users === 0) return report('no_users', 'it has no users: nobody could sign in to it', { migrations, counts });
  return report(null, 'the backup is whole and can be restored', { migrations, counts });
}

/** The backup failed its check: nothing was changed. */
export class BackupRefusedError extends Error {
  constructor(readonly report: BackupReport) {
    super(`${report.file} cannot be restored: ${report.message}. Nothing was changed.`);
    this.name = 'BackupRefusedError';
  }
}

export interface RestoreResult {
  /** The backup's check, made just before it was put in place. */
  report: BackupReport;
  /** Where the file that was there before now is (`<file>.before-restore-<time>`), or null if there was none. */
  aside: string | null;
}

export interface RestoreOptions {
  now: Date;
  nativeBinding?: string | undefined;
}

/** Puts the backup `from` in place of `file` (see above); throws BackupRefusedError or DatabaseInUseError and then changes nothing. */
export function restoreBackup(file: string, from: string, options: RestoreOptions): RestoreResult {
  const report = checkBackup(from, options);
  if (!report.ok) throw new BackupRefusedError(report);
  const dir = dirname(file);
  removeStaleTemps(dir, ['restoring']);
  const present = existsSync(file);
  // The current file as one whole file (its WAL checkpointed in), and proof nobody has it open.
  // A current file that is itself damaged (the reason to restore) is moved aside as it is.
  let damaged = false;
  if (present) {
    try {
      makeStandalone(file, options);
    } catch (error) {
      if (error instanceof DatabaseInUseError) throw error;
      const code = sqliteCode(error);
      if (code !== 'SQLITE_NOTADB' && code !== 'SQLITE_CORRUPT') throw error;
      damaged = true;
    }
  }
  const temp = tempPath(file, 'restoring');
  let aside: string | null = null;
  try {
    copyFileSync(from, temp, constants.COPYFILE_EXCL);
    syncFile(temp);
    if (present) {
      aside = asideName(file, options.now);
      renameSync(file, aside);
      for (const suffix of damaged ? SIDECARS : []) if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${aside}${suffix}`);
    }
    renameSync(temp, file);
    syncDir(dir);
    return { report, aside };
  } catch (error) {
    removeDatabaseFiles(temp);
    if (aside !== null && !existsSync(file)) renameSync(aside, file);
    throw error;
  }
}

/**
 * Undoes a restore whose file then would not open (a migration failed): the restored copy is
 * removed and the file that was there before goes back to its name.
 */
export function undoRestore(file: string, result: RestoreResult): void {
  if (result.aside === null) return;
  removeDatabaseFiles(file);
  renameSync(result.aside, file);
  for (const suffix of SIDECARS) if (existsSync(`${result.aside}${suffix}`)) renameSync(`${result.aside}${suffix}`, `${file}${suffix}`);
  syncDir(dirname(file));
}

function asideName(file: string, now: Date): string {
  const base = `${file}.before-restore-${fileStamp(now)}`;
  let name = base;
  for (let i = 2; existsSync(name); i += 1) name = `${base}-${i}`;
  return name;
}

// ---- a restore scheduled by the app for the next start

/** A restore the app scheduled: the next openDesk of `database` puts `backup` in place. */
export interface PendingRestore {
  /** The database file's name (the marker sits beside it). */
  database: string;
  /** The backup's path. */
  backup: string;
  scheduledAt: string;
  /** Who scheduled it (username), for the audit and the page. */
  scheduledBy: string | null;
  /** Set when the attempt at the next start failed; the marker then stays until the admin cancels or schedules again. */
  failed?: { at: string; message: string };
}

export function pendingRestorePath(file: string): string {
  return join(dirname(file), `${basename(file)}.restore-pending.json`);
}

export function readPendingRestore(file: string): PendingRestore | null {
  const path = pendingRestorePath(file);
  if (!existsSync(path)) return null;
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<PendingRestore>;
    if (typeof value.backup !== 'string' || typeof value.scheduledAt !== 'string') return null;
    return {
      database: typeof value.database === 'string' ? value.database : basename(file),
      backup: value.backup,
      scheduledAt: value.scheduledAt,
      scheduledBy: typeof value.scheduledBy === 'string' ? value.scheduledBy : null,
      ...(value.failed === undefined ? {} : { failed: value.failed }),
    };
  } catch {
    return null;
  }
}

/** Writes the marker whole (temporary name, fsync, rename), replacing one scheduled before. */
export function schedulePendingRestore(file: string, pending: PendingRestore): void {
  const path = pendingRestorePath(file);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(pending, null, 2)}\n`, { flag: 'w' });
    syncFile(temp);
    renameSync(temp, path);
    syncDir(dirname(path));
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Removes the marker; true if there was one. */
export function cancelPendingRestore(file: string): boolean {
  const path = pendingRestorePath(file);
  if (!existsSync(path)) return false;
  rmSync(path, { force: true });
  return true;
}

export type PendingOutcome =
  | { kind: 'restored'; backup: string; result: RestoreResult }
  | { kind: 'failed'; backup: string; message: string };

/**
 * Before a desk opens `file`: performs the restore scheduled for it, if any (and not failed
 * before). On success the marker is removed; on a failure (the backup is gone or bad, another
 * program has the file open) the file stays as it was and the marker records why, for the
 * Backups page.
 */
export function applyPendingRestore(file: string, options: RestoreOptions): PendingOutcome | null {
  const pending = readPendingRestore(file);
  if (pending === null || pending.failed !== undefined || pending.database !== basename(file)) return null;
  try {
    const result = restoreBackup(file, pending.backup, options);
    cancelPendingRestore(file);
    return { kind: 'restored', backup: pending.backup, result };
  } catch (error) {
    const message = messageOf(error);
    schedulePendingRestore(file, { ...pending, failed: { at: options.now.toISOString(), message } });
    return { kind: 'failed', backup: pending.backup, message };
  }
}

function sqliteCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
