import { existsSync, linkSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { DeskError } from '../../shared/errors.js';
import type { Clock } from '../clock.js';
import { DatabaseInUseError, makeStandalone, removeDatabaseFiles, removeStaleTemps, syncDir, syncFile, tempPath } from '../db/db-files.js';
import { openDatabase } from '../db/open.js';
import { pendingMigrations } from '../db/migrate.js';
import { openDesk } from '../desk.js';
import { PRODUCTION_N } from '../services/passwords.js';
import { importAll, readManifest, verifyExport, type ImportSummary, type TransferProgress } from '../services/transfer.js';
import type { Manifest, ManifestFile } from '../services/transfer-format.js';

/**
 * B15: a desk built from an export is whole or absent, as a seed is (seed-file.ts). In order,
 * before anything is written: the manifest (format, version, schema), the target (a new path, or
 * a desk that holds no users, members or ledger entries), every file's checksum. Then the desk is
 * built in a temporary file beside the target, `.<name>.importing-<pid>-<random>`, migrated to
 * this app's schema, filled with the bulk loader's fast settings (no WAL, no fsync: only ever on
 * that private file), closed, flushed, and renamed onto the target when complete. An import that
 * fails or is cut off leaves the target as it was (absent, or the empty desk it was) and removes
 * its temporary file (a process killed outright leaves it for the next import or seed to remove).
 */

export interface ImportFileOptions {
  clock: Clock;
  batchRows?: number;
  /** After the manifest and the checksums are checked, before the first row is written. */
  onVerified?: (manifest: Manifest) => void;
  onChecked?: (file: ManifestFile) => void;
  onProgress?: (progress: TransferProgress) => void;
}

export interface ImportFileResult extends ImportSummary {
  manifest: Manifest;
}

export async function importIntoFile(target: string, from: string, options: ImportFileOptions): Promise<ImportFileResult> {
  const manifest = await readManifest(from, pendingMigrations([]));
  const before = existsSync(target) ? emptyTarget(target) : null;
  await verifyExport(from, manifest, options.onChecked);
  options.onVerified?.(manifest);

  const dir = dirname(target);
  removeStaleTemps(dir, ['importing']);
  const temp = tempPath(target, 'importing');
  try {
    const desk = await openDesk({ file: temp, clock: options.clock, idleCheckpointMs: 0 });
    let summary: ImportSummary;
    try {
      summary = await importAll({ store: desk.store, clock: options.clock, user: null, passwords: { N: PRODUCTION_N } }, from, manifest, {
        fast: true,
        ...(options.batchRows === undefined ? {} : { batchRows: options.batchRows }),
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      });
    } finally {
      desk.close();
    }
    makeStandalone(temp);
    syncFile(temp);
    if (before === null) placeNew(temp, target);
    else replaceEmpty(temp, target, before);
    syncDir(dir);
    return { ...summary, manifest };
  } finally {
    removeDatabaseFiles(temp);
  }
}

/** What the empty target looked like: the swap is refused if it changed since. */
interface Fingerprint {
  size: number;
  mtimeMs: number;
}

/**
 * B15: a target that holds data is refused before anything is written. Opened read-only: any user,
 * member or ledger entry is data (a new desk's settings alone are not). Returns its fingerprint.
 */
function emptyTarget(target: string): Fingerprint {
  let counts: { table: string; rows: number }[];
  try {
    const db = openDatabase({ file: target, readonly: true });
    try {
      const tables = new Set((db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]));
      counts = ['users', 'members', 'ledger_entries']
        .filter((t) => tables.has(t))
        .map((table) => ({ table, rows: Number(db.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get()) }));
    } finally {
      db.sqlite.close();
    }
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new DeskError('conflict', `${target} is not a desk database; import into a new file (give a new --db)`);
    throw error;
  }
  const held = counts.filter((c) => c.rows > 0);
  if (held.length > 0) {
    const what = held.map((c) => `${new Intl.NumberFormat('nb-NO').format(c.rows)} ${c.table}`).join(', ');
    throw new DeskError('conflict', `${target} already holds data (${what}); import only into a new, empty desk (give a new --db file); nothing was changed`, {
      counts: Object.fromEntries(held.map((c) => [c.table, c.rows])),
    });
  }
  targetStandalone(target);
  const stat = statSync(target);
  return { size: stat.size, mtimeMs: stat.mtimeMs };
}

function targetStandalone(target: string): void {
  try {
    makeStandalone(target);
  } catch (error) {
    if (error instanceof DatabaseInUseError) throw new DeskError('conflict', error.message);
    throw error;
  }
}

/** Puts the new desk at `target` only if nothing has appeared there meanwhile (a hard link fails on an existing name). */
function placeNew(temp: string, target: string): void {
  const appeared = `${target} appeared while the import ran; nothing was changed (import again into a new file)`;
  try {
    linkSync(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new DeskError('conflict', appeared);
    // A file system without hard links: the check and the rename are then two steps.
    if (existsSync(target)) throw new DeskError('conflict', appeared);
    renameSync(temp, target);
    return;
  }
  unlinkSync(temp);
}

function replaceEmpty(temp: string, target: string, before: Fingerprint): void {
  targetStandalone(target);
  const now = statSync(target);
  if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) {
    throw new DeskError('conflict', `${target} changed while the import ran; nothing was changed (import again)`);
  }
  renameSync(temp, target);
}
