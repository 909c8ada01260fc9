import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { clockFrom, systemClock } from '../../clock.js';
import { exportAll, type TransferProgress } from '../../services/transfer.js';
import { importIntoFile } from '../transfer-file.js';
import { openForCommand, parse, peakMb, UsageError, type Command } from './shared.js';

const nb = new Intl.NumberFormat('nb-NO');

function batchRows(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1 || n > 100_000) throw new UsageError(`--batch-size must be a whole number from 1 to 100 000 (got "${text}")`);
  return n;
}

/** One line per table when it is done, and every million rows of a long one (not with --json). */
function progressPrinter(json: boolean, started: number): (p: TransferProgress) => void {
  let shown = 0;
  return (p) => {
    if (json) return;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (p.done) {
      shown = 0;
      console.log(`  ${p.file.padEnd(26)} ${nb.format(p.rows).padStart(14)} rows   ${seconds} s`);
    } else if (p.rows - shown >= 1_000_000) {
      shown = p.rows;
      console.log(`  ${p.file.padEnd(26)} ${nb.format(p.rows).padStart(14)} rows … ${seconds} s`);
    }
  };
}

/**
 * B15: the whole program into a folder, in the open transfer format (docs/transfer.md): one JSON
 * Lines file per table and manifest.json last, each file whole or absent, all read at one
 * consistent moment of the desk (the desk may keep running).
 */
export const exportAllCommand: Command = {
  name: 'export-all',
  summary: 'B15: write the whole program (members, ledger, lots, catalog, logs …) into a folder in the open transfer format (docs/transfer.md).',
  usage: 'export-all --db FILE --out DIR [--batch-size N] [--json]',
  async run(argv) {
    const { values } = parse(argv, { db: { type: 'string' }, out: { type: 'string' }, 'batch-size': { type: 'string' }, json: { type: 'boolean', default: false }, now: { type: 'string' } });
    if (values.db === undefined) throw new UsageError('--db FILE is required');
    if (values.out === undefined) throw new UsageError('--out DIR is required');
    const rows = batchRows(values['batch-size']);
    // openDesk would create a missing file: an export of nothing is a typo.
    if (!existsSync(values.db)) throw new UsageError(`there is no database at ${values.db}`);
    const out = resolve(values.out);
    const { desk, ctx } = await openForCommand(values.db, values.now);
    try {
      const started = performance.now();
      if (!values.json) console.log(`Exporting ${values.db} into ${out} …`);
      const manifest = await exportAll(ctx, out, {
        schemaVersion: (await desk.health()).schemaVersion,
        ...(rows === undefined ? {} : { batchRows: rows }),
        onProgress: progressPrinter(values.json, started),
      });
      const seconds = (performance.now() - started) / 1000;
      const total = manifest.files.reduce((a, f) => a + f.rows, 0);
      const bytes = manifest.files.reduce((a, f) => a + f.bytes, 0);
      if (values.json) console.log(JSON.stringify({ out, manifest, rows: total, bytes, seconds, maxRssMb: peakMb() }));
      else {
        console.log(`Done in ${seconds.toFixed(1)} s: ${nb.format(total)} rows in ${manifest.files.length} files, ${nb.format(Math.round(bytes / 1_048_576))} MiB, peak ${peakMb()} MB.`);
        console.log(`  format ${manifest.format} version ${manifest.format_version}, schema ${manifest.schema_version}; manifest: ${resolve(out, 'manifest.json')}`);
        console.log('  Password hashes, sessions and sign-in throttles are not exported (docs/transfer.md).');
      }
      return 0;
    } finally {
      desk.close();
    }
  },
};

/**
 * B15: a working desk from an export: refuses an unknown format version, a file whose checksum does
 * not match, a line that is not a row (with its file and line), and a target that holds data —
 * all before writing; builds the desk in a temporary file, renamed onto --db when complete.
 */
export const importAllCommand: Command = {
  name: 'import-all',
  summary: 'B15: build a new desk from an export-all folder (checked first); its users must be given passwords (set-password).',
  usage: 'import-all --db NEWFILE --from DIR [--batch-size N] [--json]',
  async run(argv) {
    const { values } = parse(argv, { db: { type: 'string' }, from: { type: 'string' }, 'batch-size': { type: 'string' }, json: { type: 'boolean', default: false }, now: { type: 'string' } });
    if (values.db === undefined) throw new UsageError('--db NEWFILE is required');
    if (values.from === undefined) throw new UsageError('--from DIR is required');
    if (!existsSync(values.from)) throw new UsageError(`there is no folder at ${values.from}`);
    const rows = batchRows(values['batch-size']);
    if (values.now !== undefined && Number.isNaN(new Date(values.now).getTime())) throw new UsageError(`--now ${values.now} is not an ISO instant`);
    const clock = values.now === undefined ? systemClock : clockFrom(values.now);
    const file = resolve(values.db);
    if (!existsSync(dirname(file))) throw new UsageError(`there is no folder ${dirname(file)} for ${values.db}`);
    const from = resolve(values.from);
    const started = performance.now();
    if (!values.json) console.log(`Importing ${from} into ${file} …`);
    const result = await importIntoFile(file, from, {
      clock,
      ...(rows === undefined ? {} : { batchRows: rows }),
      onVerified: (m) => {
        if (!values.json) console.log(`  checked: format ${m.format} version ${m.format_version}, schema ${m.schema_version}, exported ${m.exported_at}, ${m.files.length} files match their checksums (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      },
      onProgress: progressPrinter(values.json, started),
    });
    const seconds = (performance.now() - started) / 1000;
    const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
    if (values.json) console.log(JSON.stringify({ file, from, rows: result.rows, rowsTotal: total, usersWithoutPassword: result.users, seconds, maxRssMb: peakMb() }));
    else {
      console.log(`Done in ${seconds.toFixed(1)} s: ${nb.format(total)} rows, peak ${peakMb()} MB. The new desk is ${file}.`);
      console.log(`  ${result.users.length} users arrived without a password; nobody can sign in until one is set:`);
      console.log(`    npm run desk -- set-password --db ${file} --user ${result.users.length === 1 ? (result.users[0] ?? 'NAME') : 'NAME'}   (users: ${result.users.join(', ')})`);
    }
    return 0;
  },
};
