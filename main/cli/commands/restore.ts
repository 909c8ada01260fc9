import { resolve } from 'node:path';
import { DeskError } from '../../../shared/errors.js';
import { clockFrom, systemClock } from '../../clock.js';
import { DatabaseInUseError } from '../../db/db-files.js';
import { BackupRefusedError, cancelPendingRestore, COUNTED_TABLES, restoreBackup, undoRestore, type BackupReport, type RestoreResult } from '../../db/restore.js';
import { openDesk } from '../../desk.js';
import { recordRestore } from '../../services/backups.js';
import { PRODUCTION_N } from '../../services/passwords.js';
import { parse, UsageError, type Command } from './shared.js';

const nb = new Intl.NumberFormat('nb-NO');

/**
 * Restores a backup into the desk's file (issue 10; main/db/restore.ts): checks the backup, keeps
 * the current file aside as `<file>.before-restore-<time>`, puts the backup in place whole and opens
 * it (older backups are migrated forward). The desk must be closed: a file another program has
 * open is refused, as is a bad backup, and a refusal changes nothing.
 */
export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Check a backup and put it in place of the desk database (the desk must be closed; the current file is kept aside).',
  usage: 'restore --db FILE --from BACKUP [--now ISO] [--json]',
  async run(argv) {
    const { values } = parse(argv, { db: { type: 'string' }, from: { type: 'string' }, json: { type: 'boolean', default: false }, now: { type: 'string' } });
    if (values.db === undefined) throw new UsageError('--db FILE is required');
    if (values.from === undefined) throw new UsageError('--from BACKUP is required');
    if (values.now !== undefined && Number.isNaN(new Date(values.now).getTime())) throw new UsageError(`--now ${values.now} is not an ISO instant`);
    const clock = values.now === undefined ? systemClock : clockFrom(values.now);
    const file = resolve(values.db);
    const from = resolve(values.from);
    if (file === from) throw new UsageError('--from must be a backup, not the desk file itself');
    const show = (text: string): void => {
      if (!values.json) console.log(text);
    };

    let result: RestoreResult;
    try {
      result = restoreBackup(file, from, { now: clock.now() });
    } catch (error) {
      if (error instanceof BackupRefusedError) {
        if (values.json) console.log(JSON.stringify({ restored: false, check: error.report }));
        else printCheck(error.report);
        throw new DeskError('bad_file', error.message, { problem: error.report.problem });
      }
      if (error instanceof DatabaseInUseError) throw new DeskError('conflict', error.message);
      throw error;
    }
    // Restoring by hand supersedes a restore the app had scheduled for its next start.
    const superseded = cancelPendingRestore(file);
    printCheckIfText(result.report, values.json);

    // openDesk migrates an older backup forward (after its own pre-migration backup).
    const migrated = result.report.migrations.pending;
    try {
      const desk = await openDesk({ file, clock });
      try {
        await recordRestore({ store: desk.store, clock, user: null, passwords: { N: PRODUCTION_N } }, { backup: from, result, migrated });
      } finally {
        desk.close();
      }
    } catch (error) {
      undoRestore(file, result);
      throw error;
    }

    if (values.json) {
      console.log(JSON.stringify({ restored: true, file, from, keptAside: result.aside, migrated, scheduledRestoreCancelled: superseded, check: result.report }));
      return 0;
    }
    show(`Restored ${from} into ${file}.`);
    show(result.aside === null ? '  There was no database file before.' : `  The file that was there is kept as ${result.aside} (delete it once the restore is confirmed).`);
    if (migrated.length > 0) show(`  Migrated forward: ${migrated.join(', ')} (a backup of the restored file was taken first).`);
    if (superseded) show('  The restore the app had scheduled for its next start was cancelled.');
    show(`  Next: npm run desk -- check --db ${values.db}`);
    return 0;
  },
};

function printCheckIfText(report: BackupReport, json: boolean): void {
  if (!json) printCheck(report);
}

function printCheck(report: BackupReport): void {
  console.log(`Backup ${report.file} (${nb.format(Math.round(report.bytes / 1024))} KiB): ${report.ok ? 'OK' : 'REFUSED'}, ${report.message}.`);
  const { applied, pending, unknown } = report.migrations;
  if (applied.length > 0) {
    console.log(`  migrations: ${applied.length} (latest ${applied.at(-1) ?? ''})${pending.length > 0 ? `; older than this app, opening runs ${pending.join(', ')}` : ''}${unknown.length > 0 ? `; unknown to this app: ${unknown.join(', ')}` : ''}`);
  }
  for (const finding of report.findings) console.log(`  integrity_check: ${finding}`);
  if (report.counts !== null) for (const table of COUNTED_TABLES) console.log(`  ${table.padEnd(16)} ${nb.format(report.counts[table]).padStart(12)}`);
}
