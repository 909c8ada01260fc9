import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { fileStamp, makeStandalone, removeDatabaseFiles, removeStaleTemps, syncDir, syncFile, tempPath } from './db-files.js';
import type { Sqlite } from './open.js';
import { sqliteConnection } from './sqlite-store.js';
import type { Store } from './store.js';

/**
 * Online backups (better-sqlite3's backup API): consistent while the desk keeps working.
 *
 * Whole or absent (issue 10): the copy is written as `.<final name>.partial-<pid>-<random>` in the
 * backup folder, made a single file (no WAL), checked (opened read-only: `integrity_check` is ok and
 * it holds the source's schema and migrations), flushed to disk and only then renamed to
 * `bonus-desk-<time>-<label>.db`. A backup cut off half-way (SIGKILL, power cut, a full disk) never
 * carries a final name, so the daily schedule and the restore never mistake it for a backup; on an
 * error the temporary file is removed, and one left by a killed process is removed by the next backup
 * into the folder (db-files.ts).
 *
 * The check runs on this thread: for a desk of a few hundred MB it takes a blink; a multi-GB file
 * blocks its process for the seconds `integrity_check` needs.
 */

/** `bonus-desk-<ISO time with - for : and .>-<label>.db`; labels: daily, manual, before-<migration>. */
const BACKUP_NAME = /^bonus-desk-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-([A-Za-z0-9_.-]+)\.db$/;

export function backupFileName(label: string, now: Date): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(label)) throw new Error(`bad backup label ${label}`);
  return `bonus-desk-${fileStamp(now)}-${label}.db`;
}

/** When a backup was taken and its label, from its file name; undefined for anything that is not a completed backup. */
export function parseBackupName(name: string): { takenAt: Date; label: string } | undefined {
  const m = BACKUP_NAME.exec(name);
  if (m === null) return undefined;
  const takenAt = new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  if (Number.isNaN(takenAt.getTime())) return undefined;
  return { takenAt, label: m[6] ?? '' };
}

/** The connection to copy (a DeskDb or the SqliteStore), and its better-sqlite3 build for the check's own connection. */
export interface BackupSource {
  readonly sqlite: Sqlite;
  readonly nativeBinding?: string | undefined;
}

export interface BackupOptions {
  /** After each step of the copy: pages copied so far and in all. */
  onProgress?(copied: number, total: number): void;
}

/** Pages copied per step of the backup; between steps the desk keeps working (better-sqlite3's default). */
const PAGES_PER_STEP = 100;

/** What a good copy must show: the source's tables and indexes, and its migrations. */
interface Expected {
  schema: string[];
  migrations: string[];
}

/** Writes a backup of `db` into `dir` (created if missing) and returns its path; see above. */
export async function backupDatabase(db: BackupSource, dir: string, label: string, now: Date, options: BackupOptions = {}): Promise<string> {
  mkdirSync(dir, { recursive: true });
  removeStaleTemps(dir, ['partial']);
  const target = join(dir, backupFileName(label, now));
  const temp = tempPath(target, 'partial');
  try {
    await db.sqlite.backup(temp, {
      progress: ({ totalPages, remainingPages }) => {
        options.onProgress?.(totalPages - remainingPages, totalPages);
        return PAGES_PER_STEP;
      },
    });
    // The copy inherits the source's WAL mode; as a backup it is one file on its own.
    makeStandalone(temp, { nativeBinding: db.nativeBinding });
    verifyCopy(temp, expectedOf(db.sqlite), db.nativeBinding);
    syncFile(temp);
    renameSync(temp, target);
    syncDir(dir);
    return target;
  } catch (error) {
    removeDatabaseFiles(temp);
    throw error;
  }
}

/**
 * A backup of the desk's store (issue 13: the admin's "take one now"), on the store's own
 * connection, so the desk's writes between the copy's steps go into the copy as they happen.
 * Refuses a name that is already taken (two backups in the same millisecond).
 */
export async function backupStore(store: Store, dir: string, label: string, now: Date): Promise<string> {
  if (existsSync(join(dir, backupFileName(label, now)))) throw new BackupExistsError(backupFileName(label, now));
  return await backupDatabase({ sqlite: sqliteConnection(store), nativeBinding: store.workers.nativeBinding }, dir, label, now);
}

/** A backup of that name is already in the folder. */
export class BackupExistsError extends Error {
  constructor(readonly fileName: string) {
    super(`a backup named ${fileName} is already in the folder`);
    this.name = 'BackupExistsError';
  }
}

/** The backup does not hold what its source holds: it is not kept. */
export class BackupCheckError extends Error {
  constructor(message: string) {
    super(`the backup failed its check: ${message}`);
    this.name = 'BackupCheckError';
  }
}

function expectedOf(sqlite: Sqlite): Expected {
  return { schema: schemaOf(sqlite), migrations: migrationsOf(sqlite) };
}

function verifyCopy(file: string, expected: Expected, nativeBinding: string | undefined): void {
  const copy = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...(nativeBinding === undefined ? {} : { nativeBinding }) });
  try {
    const problems = integrityProblems(copy);
    if (problems.length > 0) throw new BackupCheckError(problems.slice(0, 3).join('; '));
    const schema = schemaOf(copy);
    if (schema.join('\n') !== expected.schema.join('\n')) throw new BackupCheckError(`it holds ${schema.length} tables and indexes, its source ${expected.schema.length}`);
    const migrations = migrationsOf(copy);
    if (migrations.join('\n') !== expected.migrations.join('\n')) throw new BackupCheckError('its migrations differ from its source');
  } finally {
    copy.close();
  }
}

/** `PRAGMA integrity_check`: [] when it answers ok, else what it found. */
export function integrityProblems(sqlite: Sqlite): string[] {
  const rows = sqlite.pragma('integrity_check') as { integrity_check: string }[];
  const found = rows.map((r) => r.integrity_check);
  return found.length === 1 && found[0] === 'ok' ? [] : found;
}

/** The tables, indexes, triggers and views by type and name (reading it reads the schema). */
function schemaOf(sqlite: Sqlite): string[] {
  return (sqlite.prepare("SELECT type || ' ' || name AS entry FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { entry: string }[]).map((r) => r.entry);
}

/** The migrations recorded in the file (none for a file that was never migrated). */
export function migrationsOf(sqlite: Sqlite): string[] {
  const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get();
  if (table === undefined) return [];
  return (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((row) => row.name);
}
