import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exportContactChanges } from '../../services/contact.js';
import { openForCommand, parse, UsageError, type Command } from './shared.js';

const WHAT = ['contact-changes'] as const;

/**
 * D3: exports for other teams. `export contact-changes` writes the contact details agents
 * corrected since a day (Oslo) as CSV for the billing team, whole or not at all (a temporary name
 * in the same folder, fsync, rename: main/services/files.ts). `--out` names the file, or a folder
 * to write `kontaktendringer-fra-<since>.csv` into.
 */
export const exportCommand: Command = {
  name: 'export',
  summary: 'Write an export for another team: contact-changes (D3, the contact details agents corrected, for billing) as CSV.',
  usage: 'export contact-changes --db FILE --since YYYY-MM-DD --out PATH [--format csv] [--json]',
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      { db: { type: 'string' }, since: { type: 'string' }, out: { type: 'string' }, format: { type: 'string', default: 'csv' }, json: { type: 'boolean', default: false }, now: { type: 'string' } },
      true,
    );
    const what = positionals[0];
    if (what === undefined || positionals.length !== 1) throw new UsageError(what === undefined ? `say what to export: ${WHAT.join(', ')}` : `export one thing at a time: ${positionals.join(' ')}`);
    if (!(WHAT as readonly string[]).includes(what)) throw new UsageError(`unknown export "${what}"; try: ${WHAT.join(', ')}`);
    if (values.since === undefined) throw new UsageError('--since YYYY-MM-DD is required');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.since)) throw new UsageError(`--since ${values.since} is not a date YYYY-MM-DD`);
    if (values.out === undefined) throw new UsageError('--out PATH is required');
    if (values.format !== 'csv') throw new UsageError(`--format ${values.format} is not offered; contact-changes is written as csv`);
    if (values.db === undefined) throw new UsageError('--db FILE is required');
    // openDesk would create a missing file: an export of nothing is a typo.
    if (!existsSync(values.db)) throw new UsageError(`there is no database at ${values.db}`);
    const out = resolve(values.out);
    const path = existsSync(out) && statSync(out).isDirectory() ? join(out, `kontaktendringer-fra-${values.since}.csv`) : out;
    const { desk, ctx } = await openForCommand(values.db, values.now);
    try {
      const written = await exportContactChanges(ctx, { since: values.since, path });
      if (values.json) console.log(JSON.stringify(written));
      else console.log(`Contact changes since ${values.since}: ${written.rows} written to ${written.path} (${written.bytes} bytes).`);
      return 0;
    } finally {
      desk.close();
    }
  },
};
