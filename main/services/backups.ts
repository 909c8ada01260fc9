import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BackupCheck, BackupKind, BackupSummary, DeskNow, PendingRestore } from '../../shared/channels/backups.js';
import { DeskError } from '../../shared/errors.js';
import { BackupExistsError, backupStore, parseBackupName } from '../db/backup.js';
import { cancelPendingRestore, checkBackup, COUNTED_TABLES, quickLook, readPendingRestore, schedulePendingRestore, type BackupReport, type RestoreResult } from '../db/restore.js';
import { audit } from './audit.js';
import { nowIso, type ServiceContext } from './context.js';

/**
 * The admin's backups and restores (issue 10). The backups are files in the desk's backup folder
 * (`backups/` beside the database unless the desk was opened with another); the checks and the
 * swap are main/db/restore.ts. The embedded desk has its database open while it runs, so a restore
 * from the app is scheduled: a marker beside the database names the backup, and the next start
 * (openDesk) puts it in place before opening, keeping the current file aside. The command line
 * restores at once (`npm run desk -- restore`), with the desk closed.
 */

export function backupFolder(ctx: ServiceContext): string {
  return ctx.store.workers.backupDir ?? join(dirname(ctx.store.file), 'backups');
}

function kindOf(label: string): BackupKind {
  if (label === 'daily' || label === 'manual') return label;
  return label.startsWith('before-') ? 'before-migration' : 'other';
}

/** The completed backups, newest first: only final names count (a temporary file of a backup under way or cut off is not one). */
export function listBackups(ctx: ServiceContext): { folder: string; backups: BackupSummary[]; pending: PendingRestore | null } {
  const folder = backupFolder(ctx);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    names = [];
  }
  const backups: BackupSummary[] = [];
  for (const name of names) {
    const summary = summaryOf(folder, name);
    if (summary !== null) backups.push(summary);
  }
  backups.sort((a, b) => (a.takenAt === b.takenAt ? a.name.localeCompare(b.name) : a.takenAt < b.takenAt ? 1 : -1));
  return { folder, backups, pending: pendingOf(ctx) };
}

/** A completed backup's line in the list: its time (from its name), size and a quick look; null for anything else. */
function summaryOf(folder: string, name: string): BackupSummary | null {
  const parsed = parseBackupName(name);
  if (parsed === undefined) return null;
  const path = join(folder, name);
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return null;
    return { name, kind: kindOf(parsed.label), takenAt: parsed.takenAt.toISOString(), bytes: stat.size, looks: quickLook(path) };
  } catch {
    return null;
  }
}

/**
 * Takes a backup now (issue 13, the admin's "take one now"): an online copy on the desk's own
 * connection, whole or absent (main/db/backup.ts), labelled `manual`, then its audit row.
 * Two in the same millisecond would share a name: the second is refused (`conflict`).
 */
export async function takeBackup(ctx: ServiceContext): Promise<BackupSummary> {
  const folder = backupFolder(ctx);
  let path: string;
  try {
    path = await backupStore(ctx.store, folder, 'manual', ctx.clock.now());
  } catch (error) {
    if (error instanceof BackupExistsError) throw new DeskError('conflict', 'A backup was taken this very moment; try again.', { name: error.fileName });
    throw error;
  }
  const summary = summaryOf(folder, basename(path));
  if (summary === null) throw new DeskError('internal', `the backup ${basename(path)} is not in the folder`);
  await ctx.store.transaction(async () => {
    await audit(ctx, { action: 'backups.take', channel: 'desk', details: { backup: summary.name, bytes: summary.bytes } });
  });
  return summary;
}

/** What a restore would replace: the desk's database now, its rows and its last change (issue 13). */
export async function deskNow(ctx: ServiceContext): Promise<DeskNow> {
  const db = ctx.store;
  const { kysely } = db;
  const counts = { members: 0, ledger_entries: 0, point_lots: 0, users: 0, audit_log: 0 };
  await db.transaction(async () => {
    for (const table of COUNTED_TABLES) {
      counts[table] = Number((await db.first(kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'))))?.n ?? 0);
    }
  }, 'read');
  const last = await db.first(kysely.selectFrom('audit_log').select('at').orderBy('id', 'desc').limit(1));
  return { database: basename(db.file), counts, lastChangeAt: last?.at ?? null };
}

function pendingOf(ctx: ServiceContext): PendingRestore | null {
  const pending = readPendingRestore(ctx.store.file);
  if (pending === null || pending.database !== basename(ctx.store.file)) return null;
  return { name: basename(pending.backup), scheduledAt: pending.scheduledAt, scheduledBy: pending.scheduledBy, failed: pending.failed ?? null };
}

/** The path of a listed backup; not_found for a name that is not a completed backup in the folder. */
function backupPath(ctx: ServiceContext, name: string): string {
  const path = join(backupFolder(ctx), name);
  if (parseBackupName(name) === undefined || basename(path) !== name) throw new DeskError('not_found', `There is no backup named ${name}.`, { name });
  try {
    if (statSync(path).isFile()) return path;
  } catch {
    // below
  }
  throw new DeskError('not_found', `There is no backup named ${name} in the backup folder.`, { name });
}

export function toBackupCheck(ctx: ServiceContext, name: string, report: BackupReport): BackupCheck {
  return {
    name,
    bytes: report.bytes,
    ok: report.ok,
    problem: report.problem,
    findings: report.findings,
    migrations: {
      applied: report.migrations.applied.length,
      latest: report.migrations.applied.at(-1) ?? null,
      pending: report.migrations.pending,
      unknown: report.migrations.unknown,
    },
    counts: report.counts,
    checkedAt: nowIso(ctx),
  };
}

/** The full check of one backup, and what restoring it would replace (read-only; changes nothing). */
export async function checkBackupNamed(ctx: ServiceContext, name: string): Promise<{ check: BackupCheck; replaces: DeskNow }> {
  const check = toBackupCheck(ctx, name, checkBackup(backupPath(ctx, name), { nativeBinding: ctx.store.workers.nativeBinding }));
  return { check, replaces: await deskNow(ctx) };
}

/**
 * Checks the backup and schedules it for the next start, replacing a restore scheduled before.
 * A backup that fails the check is refused (`bad_file`, with the problem in the details).
 */
export async function scheduleRestore(ctx: ServiceContext, name: string): Promise<{ check: BackupCheck; pending: PendingRestore; restartRequired: true }> {
  const path = backupPath(ctx, name);
  const report = checkBackup(path, { nativeBinding: ctx.store.workers.nativeBinding });
  const check = toBackupCheck(ctx, name, report);
  if (!report.ok) throw new DeskError('bad_file', `The backup ${name} cannot be restored: ${report.message}.`, { name, problem: report.problem });
  const scheduledAt = nowIso(ctx);
  const scheduledBy = ctx.user?.username ?? null;
  const replaces = await deskNow(ctx);
  await ctx.store.transaction(async () => {
    await audit(ctx, { action: 'backups.restore', channel: 'desk', details: { backup: name, counts: report.counts, replaces } });
    schedulePendingRestore(ctx.store.file, { database: basename(ctx.store.file), backup: path, scheduledAt, scheduledBy });
  });
  return { check, pending: { name, scheduledAt, scheduledBy, failed: null }, restartRequired: true };
}

/** Cancels the scheduled restore (or clears one that failed); false when there was none. */
export async function cancelRestore(ctx: ServiceContext): Promise<{ cancelled: boolean }> {
  const pending = pendingOf(ctx);
  if (pending === null) return { cancelled: false };
  await ctx.store.transaction(async () => {
    await audit(ctx, { action: 'backups.cancelRestore', channel: 'desk', details: { backup: pending.name, failed: pending.failed !== null } });
    cancelPendingRestore(ctx.store.file);
  });
  return { cancelled: true };
}

/**
 * The restored desk's first audit row: which backup it came from and where the file it replaced
 * was kept (openDesk after a scheduled restore, and the `restore` command).
 */
export async function recordRestore(ctx: ServiceContext, input: { backup: string; result: RestoreResult; migrated: readonly string[] }): Promise<void> {
  await ctx.store.transaction(async () => {
    await audit(ctx, {
      action: 'backups.restored',
      channel: 'system',
      details: { backup: basename(input.backup), keptAside: input.result.aside === null ? null : basename(input.result.aside), migrated: input.migrated, counts: input.result.report.counts },
    });
  });
}
