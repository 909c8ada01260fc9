import type { backupChannels } from '../../../shared/channels/backups.js';
import { cancelRestore, checkBackupNamed, listBackups, scheduleRestore } from '../../services/backups.js';
import type { HandlersFor } from '../types.js';

export const backupHandlers = {
  'backups.list': (ctx) => listBackups(ctx),
  'backups.check': (ctx, input) => ({ check: checkBackupNamed(ctx, input.name) }),
  'backups.restore': async (ctx, input) => await scheduleRestore(ctx, input.name),
  'backups.cancelRestore': async (ctx) => await cancelRestore(ctx),
} satisfies HandlersFor<typeof backupChannels>;
