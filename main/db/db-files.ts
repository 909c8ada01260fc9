import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ownerIsGone } from './process-owner.js';

/**
 * Database files are whole or absent (issue 10), the way export files are (main/services/files.ts):
 * a backup, a restored database and a seeded database are built under a temporary name in the
 * folder they end up in, made a single self-contained file, flushed to disk and only then renamed
 * to their final name. A rename within one folder is atomic, so a file under a final name is always
 * complete; a process killed half-way leaves only a temporary file.
 *
 * Temporary names are hidden dot-files that name their purpose and the writing process:
 * `.<final name>.<purpose>-<pid>-<random>`, plus the `-wal`, `-shm` or `-journal` files SQLite
 * keeps beside it. A temporary file is stale when its process no longer lives on this host, or
 * when nothing has written to it for STALE_TEMP_MS; the next writer into the folder removes it.
 *
 * SQLite-specific, like process-owner.ts: a server database has no files to swap.
 */

/** What a temporary database file is for: a backup being written, a seed being built, a backup being put in place, a desk being built from an export (B15). */
export type TempPurpose = 'partial' | 'seeding' | 'restoring' | 'importing';

/** The files SQLite keeps beside a database: the write-ahead log, its shared memory and the rollback journal. */
export const SIDECARS = ['-wal', '-shm', '-journal'] as const;

export const STALE_TEMP_MS = 60 * 60 * 1000;

const TEMP = /^\.(.+)\.(partial|seeding|restoring|importing)-(\d+)-[0-9a-f]+(?:-wal|-shm|-journal)?$/;

/** A temporary name beside `path` (same folder, so the final rename is atomic), unique to this process and call. */
export function tempPath(path: string, purpose: TempPurpose): string {
  return join(dirname(path), `.${basename(path)}.${purpose}-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** True for a temporary database file (or one of its SQLite sidecars) of any purpose, whichever process wrote it. */
export function isTempName(name: string): boolean {
  return TEMP.test(name);
}

/** The database file and its sidecars, removed if there. */
export function removeDatabaseFiles(path: string): void {
  for (const file of [path, ...SIDECARS.map((suffix) => `${path}${suffix}`)]) rmSync(file, { force: true });
}

/**
 * File times are wall-clock time, so staleness is measured on the wall clock, not the desk's
 * clock (which tests and the CLI's --now may fix).
 */
const wallClockMs = (): number => new Date().getTime();

/**
 * Removes the stale temporary database files in `dir` (see above), of the given purposes (default:
 * all); returns the names removed. A temporary file of a live process is left alone.
 */
export function removeStaleTemps(dir: string, purposes?: readonly TempPurpose[], now: number = wallClockMs()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP.exec(name);
    if (match === null) continue;
    if (purposes !== undefined && !purposes.includes(match[2] as TempPurpose)) continue;
    const path = join(dir, name);
    try {
      const quiet = now - statSync(path).mtimeMs > STALE_TEMP_MS;
      if (quiet || ownerIsGone({ pid: Number(match[3]), host: hostname() })) {
        rmSync(path, { force: true });
        removed.push(name);
      }
    } catch {
      // Gone already (its writer renamed or removed it): leave it.
    }
  }
  return removed;
}

/** fsync a file's data, so that the rename that follows never makes an empty or partial file visible after a power cut. */
export function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync a folder, so a rename in it survives a power cut (POSIX; Windows cannot open a folder). */
export function syncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Not supported here: the file is complete and renamed; only its name may be lost to a power cut.
  } finally {
    closeSync(fd);
  }
}

/** The database is open in another process or connection (the desk app, a command), so its file may not be swapped. */
export class DatabaseInUseError extends Error {
  constructor(readonly file: string) {
    super(`${file} is open in another program (the desk, or a command that is still running). Quit it first; nothing was changed.`);
    this.name = 'DatabaseInUseError';
  }
}

/**
 * Makes `file` one self-contained file and proves that nobody else has it open: switching the
 * journal from WAL to DELETE checkpoints the write-ahead log into the file and removes the -wal
 * and -shm files, and SQLite allows it only when this is the only connection to the database
 * (the desk always runs in WAL, so an open desk, in this process or another, is always found).
 * Throws DatabaseInUseError when another connection has it open; other failures (not a database)
 * are thrown as SQLite reports them.
 *
 * What it cannot see: a connection that opened the file in rollback-journal mode and holds no
 * lock at this moment. The desk never does.
 */
export function makeStandalone(file: string, options: { nativeBinding?: string | undefined; waitMs?: number } = {}): void {
  const sqlite = new BetterSqlite3(file, {
    fileMustExist: true,
    timeout: options.waitMs ?? 1_000,
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
  });
  try {
    const mode = String(sqlite.pragma('journal_mode = DELETE', { simple: true })).toLowerCase();
    if (mode !== 'delete') throw new DatabaseInUseError(file);
  } catch (error) {
    if (isBusy(error)) throw new DatabaseInUseError(file);
    throw error;
  } finally {
    sqlite.close();
  }
}

export function isBusy(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED';
}

/** A "-" stamp for file names from an instant: 2026-11-21T09-00-00-000Z. */
export function fileStamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}
