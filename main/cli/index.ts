import { auditCommand } from './commands/audit.js';
import { backupCommand } from './commands/backup.js';
import { checkCommand } from './commands/check.js';
import { explainCommand } from './commands/explain.js';
import { exportCommand } from './commands/export.js';
import { importBillingCommand } from './commands/import-billing.js';
import { importEarningsCommand } from './commands/import-earnings.js';
import { monthlyRunCommand } from './commands/monthly-run.js';
import { restoreCommand } from './commands/restore.js';
import { seedCommand } from './commands/seed.js';
import { setPasswordCommand } from './commands/set-password.js';
import type { Command } from './commands/shared.js';
import { exportAllCommand, importAllCommand } from './commands/transfer.js';
import { usersCommand } from './commands/users.js';
import { runCli } from './run.js';

/**
 * The admin command line: `npm run desk -- <command> [options]`. Each command lives in
 * commands/<name>.ts and exports a Command ({ name, summary, usage, run }); list it here.
 * Everything goes through openDesk (main/desk.ts) and the services.
 */
export const commands: readonly Command[] = [
  seedCommand,
  usersCommand,
  setPasswordCommand,
  backupCommand,
  restoreCommand,
  monthlyRunCommand,
  importEarningsCommand,
  importBillingCommand,
  checkCommand,
  explainCommand,
  auditCommand,
  exportCommand,
  exportAllCommand,
  importAllCommand,
];

process.exitCode = await runCli(process.argv.slice(2), commands);
