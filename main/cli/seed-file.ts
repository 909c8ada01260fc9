import { copyFileSync, existsSync, linkSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { DeskError } from '../../shared/errors.js';
import type { Clock } from '../clock.js';
import { DatabaseInUseError, makeStandalone, removeDatabaseFiles, removeStaleTemps, syncDir, syncFile, tempPath } from '../db/db-files.js';
import { openDesk } from '../desk.js';
import { seedDemo, type SeedOptions, type SeedSummary } from '../services/seed/index.js';

/**
 * A big seed is whole or absent (issue 10). The command line's `seed` and the benchmark build the
 * demo desk in a temporary file beside the target, `.<name>.seeding-<pid>-<random>`, with the bulk
 * loader's fast settings (no WAL, no fsync: only ever on that private file), close it (which
 * checkpoints it into one file), flush it, and only then rename it onto the target. A seed cut off
 * half-way (SIGKILL, Ctrl+C, a power cut) leaves the target as it was (absent, or the empty desk it
 * was) and a temporary file that the next seed into the folder removes.
 *
 * The target must be new or hold no members. An existing empty desk (its users, its settings) is
 * copied into the temporary file first, so the seed adds to it as before; the swap is refused if
 * another program has the target open, or if it changed while the seed ran.
 *
 * The app's first-start demo is different: the desk already has its file open, so it seeds in
 * place, in WAL, as one transaction (seedDemo without `bulk`).
 */

export interface SeedFileOptions extends Omit<SeedOptions, 'bulk'> {
  clock: Clock;
  /** scrypt N for the demo users' passwords. */
  passwordN: number;
}

export async function seedIntoFile(target: string, options: SeedFileOptions): Promise<SeedSummary> {
  const { clock, passwordN, ...seed } = options;
  const dir = dirname(target);
  removeStaleTemps(dir, ['seeding']);
  const before = existsSync(target) ? await emptyDesk(target, clock) : null;
  const temp = tempPath(target, 'seeding');
  try {
    if (before !== null) copyFileSync(target, temp);
    const desk = await openDesk({ file: temp, clock, passwordN, idleCheckpointMs: 0 });
    let summary: SeedSummary;
    try {
      summary = await seedDemo({ store: desk.store, clock, user: null, passwords: { N: passwordN } }, { ...seed, bulk: true });
    } finally {
      desk.close();
    }
    makeStandalone(temp);
    syncFile(temp);
    if (before === null) placeNew(temp, target);
    else replaceEmpty(temp, target, before);
    syncDir(dir);
    return summary;
  } finally {
    removeDatabaseFiles(temp);
  }
}

/** What the empty target looked like when the seed started: a swap is refused if it changed since. */
interface Fingerprint {
  size: number;
  mtimeMs: number;
}

/** Refuses a target that holds members or bookings; otherwise leaves it as one whole file (not open elsewhere). */
async function emptyDesk(target: string, clock: Clock): Promise<Fingerprint> {
  const desk = await openDesk({ file: target, clock, idleCheckpointMs: 0 });
  try {
    const count = (table: 'members' | 'ledger_entries'): number => Number(desk.store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
    const members = count('members');
    if (members > 0) {
      throw new DeskError('conflict', `${target} already holds ${new Intl.NumberFormat('nb-NO').format(members)} members; seed only into a new, empty desk (give a new --db file)`, { members });
    }
    if (count('ledger_entries') > 0) throw new DeskError('conflict', `${target} already has ledger entries; seed only into a new, empty desk (give a new --db file)`);
  } finally {
    desk.close();
  }
  targetStandalone(target);
  return fingerprint(target);
}

/** The target as one file, proving no other program has it open (the desk must not run on it). */
function targetStandalone(target: string): void {
  try {
    makeStandalone(target);
  } catch (error) {
    if (error instanceof DatabaseInUseError) throw new DeskError('conflict', error.message);
    throw error;
  }
}

function fingerprint(path: string): Fingerprint {
  const stat = statSync(path);
  return { size: stat.size, mtimeMs: stat.mtimeMs };
}

/** Puts the seeded file at `target` only if nothing has appeared there meanwhile (a hard link fails on an existing name). */
function placeNew(temp: string, target: string): void {
  try {
    linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new DeskError('conflict', `${target} appeared while the seed ran; nothing was changed (seed again into a new file)`);
    // A file system without hard links: the check and the rename are then two steps.
    if (existsSync(target)) throw new DeskError('conflict', `${target} appeared while the seed ran; nothing was changed (seed again into a new file)`);
    renameSync(temp, target);
    return;
  }
  unlinkSync(temp);
}

function replaceEmpty(temp: string, target: string, before: Fingerprint): void {
  targetStandalone(target);
  const now = fingerprint(target);
  if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) {
    throw new DeskError('conflict', `${target} changed while the seed ran; nothing was changed (seed again)`);
  }
  renameSync(temp, target);
}
