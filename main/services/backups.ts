import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BackupCheck, BackupKind, BackupSummary, PendingRestore } from '../../shared/channels/backups.js';
import { DeskError } from '../../shared/errors.js';
import { parseBackupName } from '../db/backup.js';
import { cancelPendingRestore, checkBackup, quickLook, readPendingRestore, schedulePendingRestore, type BackupReport, type RestoreResult } from '../db/restore.js';
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
    const parsed = parseBackupName(name);
    if (parsed === undefined) continue;
    const path = join(folder, name);
    let bytes: number;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) continue;
      bytes = stat.size;
    } catch {
      continue;
    }
    backups.push({ name, kind: kindOf(parsed.label), takenAt: parsed.takenAt.toISOString(), bytes, looks: quickLook(path) });
  }
  backups.sort((a, b) => (a.takenAt === b.takenAt ? a.name.localeCompare(b.name) : a.takenAt < b.takenAt ? 1 : -1));
  return { folder, backups, pending: pendingOf(ctx) };
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

/** The full check of one backup (read-only; changes nothing). */
export function checkBackupNamed(ctx: ServiceContext, name: string): BackupCheck {
  return toBackupCheck(ctx, name, checkBackup(backupPath(ctx, name), { nativeBinding: ctx.store.workers.nativeBinding }));
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
  await ctx.store.transaction(async () => {
    await audit(ctx, { action: 'backups.restore', channel: 'desk', details: { backup: name, counts: report.counts } });
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
