import type { BackupsMessages, BackupsNavMessages } from './nb-backups';

/** English for the Backups page. Typed against nb-backups.ts. */
export const enBackupsNav: BackupsNavMessages = {
  backups: 'Backups',
};

export const enBackups: BackupsMessages = {
  backups: {
    title: 'Backups',
    intro:
      'The desk takes a backup every day and before every update of the database. A backup gets its name only once it is whole and checked, so one cut off half-way never shows up in the list. Check a backup before you restore it.',
    folder: 'Folder: {{folder}}',
    listTitle: 'Backups in the folder',
    taken: 'Taken',
    kind: 'Kind',
    size: 'Size',
    status: 'State',
    kinds: {
      daily: 'Daily',
      manual: 'Manual',
      'before-migration': 'Before an update',
      other: 'Other',
    },
    looks: {
      whole: 'Not checked',
      damaged: 'Cut off',
      not_a_database: 'Not a database',
    },
    checkedOk: 'Checked: OK',
    checkedBad: 'Cannot be restored',
    check: 'Check',
    checkLabel: 'Check the backup from {{when}}',
    restore: 'Restore',
    restoreLabel: 'Restore the backup from {{when}}',
    empty: 'There are no backups in the folder yet.',
    checkDone: 'The backup from {{when}} is whole and can be restored.',
    checkFailed: 'The backup from {{when}} cannot be restored: {{problem}}',
    resultTitle: 'Checked {{when}}',
    holds: 'The backup holds',
    older: 'The backup is from an older version of Bonus desk. The database is updated when the desk opens it.',
    findings: 'Errors the check found:',
    counts: {
      members: 'Members',
      ledger_entries: 'Ledger entries',
      point_lots: 'Point lots',
      users: 'Users',
      audit_log: 'Log lines',
    },
    problem: {
      missing: 'The file is no longer there.',
      not_a_database: 'The file is not a database.',
      damaged: 'The file is damaged or cut off.',
      not_a_desk: 'The file is a database, but not from Bonus desk.',
      from_newer_app: 'The file was saved by a newer version of Bonus desk. Update the app first.',
      no_users: 'The backup has no users, so nobody could sign in to it.',
    },
    confirmTitle: 'Restore the backup?',
    confirmBody:
      'The next time Bonus desk starts, the database is replaced by the backup from {{when}} ({{name}}), and the desk starts up in it. Everything saved after the backup was taken is then gone from the desk.',
    confirmKept: 'The current database file is kept beside it, so it can be brought back.',
    confirmRestart: 'Once you have confirmed, close Bonus desk and start it again.',
    confirm: 'Restore at next start',
    scheduled: 'The restore is ready. Close Bonus desk and start it again.',
    pendingTitle: 'Restored at the next start',
    pendingBody: 'The backup {{name}} replaces the database when Bonus desk is started again (scheduled {{when}} by {{by}}). Close Bonus desk and start it again.',
    failedTitle: 'The restore was not done',
    failedBody: 'The backup {{name}} could not be restored at the start {{when}}, so the desk opened the database it had. Reason: {{message}}',
    cancelRestore: 'Cancel the restore',
    dismiss: 'Dismiss',
    cancelled: 'The restore is cancelled.',
    someone: 'unknown',
  },
};
