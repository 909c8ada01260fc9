import type { backupChannels } from '../../../shared/channels/backups.js';
import { cancelRestore, checkBackupNamed, listBackups, scheduleRestore, takeBackup } from '../../services/backups.js';
import type { HandlersFor } from '../types.js';

export const backupHandlers = {
  'backups.list': (ctx) => listBackups(ctx),
  'backups.take': async (ctx) => ({ backup: await takeBackup(ctx) }),
  'backups.check': async (ctx, input) => await checkBackupNamed(ctx, input.name),
  'backups.restore': async (ctx, input) => await scheduleRestore(ctx, input.name),
  'backups.cancelRestore': async (ctx) => await cancelRestore(ctx),
} satisfies HandlersFor<typeof backupChannels>;
