import { z } from 'zod';
import { channel, Empty } from '../contract-kit.js';
import { admins } from '../roles.js';

/**
 * Backups and restores (issue 10), the admin's: the completed backups in the desk's backup folder,
 * a full check of one, and a restore scheduled for the next start (the embedded desk has its
 * database open while it runs, so the swap happens before the desk opens it again).
 */

/** A completed backup's file name in the backup folder (`bonus-desk-<time>-<label>.db`); never a path. */
export const BackupName = z
  .string()
  .max(200)
  .regex(/^bonus-desk-[A-Za-z0-9_.-]+\.db$/, 'expected the file name of a backup in the backup folder');

/** What wrote the backup: the daily schedule, an admin (the `backup` command or "take one now"), or a migration about to run. */
export const BackupKind = z.enum(['daily', 'manual', 'before-migration', 'other']);
export type BackupKind = z.infer<typeof BackupKind>;

/** Why a backup cannot be restored (main/db/restore.ts, checkBackup). */
export const BackupProblem = z.enum(['missing', 'not_a_database', 'damaged', 'not_a_desk', 'from_newer_app', 'no_users']);
export type BackupProblem = z.infer<typeof BackupProblem>;

export const BackupSummary = z.object({
  name: BackupName,
  kind: BackupKind,
  /** When it was taken (from its name). */
  takenAt: z.string(),
  bytes: z.number().int().nonnegative(),
  /** A quick look without opening it: its size fits its header (`whole`), or it was cut off. The full check is `backups.check`. */
  looks: z.enum(['whole', 'damaged', 'not_a_database']),
});
export type BackupSummary = z.infer<typeof BackupSummary>;

export const BackupCounts = z.object({
  members: z.number().int(),
  ledger_entries: z.number().int(),
  point_lots: z.number().int(),
  users: z.number().int(),
  audit_log: z.number().int(),
});

export const BackupCheck = z.object({
  name: BackupName,
  bytes: z.number().int().nonnegative(),
  ok: z.boolean(),
  problem: BackupProblem.nullable(),
  /** integrity_check's findings when damaged (at most ten). */
  findings: z.array(z.string()),
  /** Migrations in the backup; `pending` run when it is opened (an older backup), `unknown` are a newer app's. */
  migrations: z.object({ applied: z.number().int(), latest: z.string().nullable(), pending: z.array(z.string()), unknown: z.array(z.string()) }),
  counts: BackupCounts.nullable(),
  checkedAt: z.string(),
});
export type BackupCheck = z.infer<typeof BackupCheck>;

/** A restore scheduled for the next start; `failed` when that start could not do it (the desk then opened its current file). */
export const PendingRestore = z.object({
  name: z.string(),
  scheduledAt: z.string(),
  scheduledBy: z.string().nullable(),
  failed: z.object({ at: z.string(), message: z.string() }).nullable(),
});
export type PendingRestore = z.infer<typeof PendingRestore>;

/**
 * What a restore replaces (issue 13: the confirmation names it): the desk's database as it is
 * now — its file name, its rows, and its newest audit row's time (what is saved after the
 * backup's time is what the restore takes away).
 */
export const DeskNow = z.object({
  database: z.string(),
  counts: BackupCounts,
  lastChangeAt: z.string().nullable(),
});
export type DeskNow = z.infer<typeof DeskNow>;

export const backupChannels = {
  'backups.list': channel({
    summary: 'The completed backups in the backup folder (newest first), with time, size and a quick look; and the restore scheduled, if any.',
    input: Empty,
    output: z.object({ folder: z.string(), backups: z.array(BackupSummary), pending: PendingRestore.nullable() }),
    roles: admins,
    writes: false,
  }),
  'backups.take': channel({
    summary: 'Takes a backup now (an online copy, consistent while the desk works), into the backup folder; whole or absent. Audited.',
    input: Empty,
    output: z.object({ backup: BackupSummary }),
    roles: admins,
    writes: true,
  }),
  'backups.check': channel({
    summary: 'Checks one backup in full: opens it read-only, integrity_check, its migrations against the app, its rows; and what a restore of it would replace (the desk now). Changes nothing.',
    input: z.object({ name: BackupName }).strict(),
    output: z.object({ check: BackupCheck, replaces: DeskNow }),
    roles: admins,
    writes: false,
  }),
  'backups.restore': channel({
    summary: 'Checks a backup and schedules it to replace the database at the next start (the current file is kept aside). The desk must be restarted.',
    input: z.object({ name: BackupName }).strict(),
    output: z.object({ check: BackupCheck, pending: PendingRestore, restartRequired: z.literal(true) }),
    roles: admins,
    writes: true,
  }),
  'backups.cancelRestore': channel({
    summary: 'Cancels the restore scheduled for the next start (or clears a failed one).',
    input: Empty,
    output: z.object({ cancelled: z.boolean() }),
    roles: admins,
    writes: true,
  }),
};
