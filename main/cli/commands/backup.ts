import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { backupDatabase } from '../../db/backup.js';
import { openForCommand, parse, UsageError, type Command } from './shared.js';

/** An online backup of the desk's file (consistent while the desk keeps working). */
export const backupCommand: Command = {
  name: 'backup',
  summary: 'Write a consistent copy of the desk database into a folder.',
  usage: 'backup --db FILE --out DIR [--json]',
  async run(argv) {
    const { values } = parse(argv, { db: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false }, now: { type: 'string' } });
    if (values.db === undefined) throw new UsageError('--db FILE is required');
    if (values.out === undefined) throw new UsageError('--out DIR is required');
    // openDesk would create a missing file: a backup of nothing is a typo, not a backup.
    if (!existsSync(values.db)) throw new UsageError(`there is no database at ${values.db}`);
    const { desk } = await openForCommand(values.db, values.now);
    try {
      const target = await backupDatabase(desk.store, resolve(values.out), 'manual', desk.clock.now());
      const bytes = statSync(target).size;
      if (values.json) console.log(JSON.stringify({ file: target, bytes }));
      else console.log(`Backup written: ${target} (${new Intl.NumberFormat('nb-NO').format(Math.round(bytes / 1024))} KiB)`);
      return 0;
    } finally {
      desk.close();
    }
  },
};
