import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exportContactChanges } from '../../services/contact.js';
import { exportReport } from '../../services/report-export.js';
import { ReportExport, reportNames } from '../../../shared/channels/manager-reports.js';
import { openForCommand, parse, UsageError, type Command } from './shared.js';

const WHAT = ['contact-changes', ...reportNames] as const;

/**
 * D3: exports for other teams. `export contact-changes` writes the contact details agents
 * corrected since a day (Oslo) as CSV for the billing team, whole or not at all (a temporary name
 * in the same folder, fsync, rename: main/services/files.ts). `--out` names the file, or a folder
 * to write `kontaktendringer-fra-<since>.csv` into.
 */
export const exportCommand: Command = {
  name: 'export',
  summary: 'Write an export: contact-changes (D3, for billing) as CSV; members, liability, activity, redemptions, corrections (issue 15) as CSV or XLSX.',
  usage:
    'export contact-changes --db FILE --since YYYY-MM-DD --out PATH [--format csv] [--json]\n' +
    '       export members|liability|activity|redemptions|corrections --db FILE --format csv|xlsx --out PATH [--from M|D] [--to M|D] [--as-of D] [--states a,b] [--balance-min N] [--balance-max N] [--expiring-days N] [--cancelled-from D] [--cancelled-to D] [--postcode P] [--place S] [--enrolled-from D] [--enrolled-to D] [--sort S] [--desc] [--json]',
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        db: { type: 'string' }, since: { type: 'string' }, out: { type: 'string' }, format: { type: 'string', default: 'csv' }, json: { type: 'boolean', default: false }, now: { type: 'string' },
        // Issue 15: the managers' reports and the member report's filters.
        from: { type: 'string' }, to: { type: 'string' }, 'as-of': { type: 'string' }, states: { type: 'string' }, 'balance-min': { type: 'string' }, 'balance-max': { type: 'string' },
        'expiring-days': { type: 'string' }, 'cancelled-from': { type: 'string' }, 'cancelled-to': { type: 'string' }, postcode: { type: 'string' }, place: { type: 'string' },
        'enrolled-from': { type: 'string' }, 'enrolled-to': { type: 'string' }, sort: { type: 'string' }, desc: { type: 'boolean', default: false },
      },
      true,
    );
    const what = positionals[0];
    if (what === undefined || positionals.length !== 1) throw new UsageError(what === undefined ? `say what to export: ${WHAT.join(', ')}` : `export one thing at a time: ${positionals.join(' ')}`);
    if (!(WHAT as readonly string[]).includes(what)) throw new UsageError(`unknown export "${what}"; try: ${WHAT.join(', ')}`);
    if (what !== 'contact-changes') return await exportManagerReport(what, values);
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

type Values = Record<string, string | boolean | undefined>;

/**
 * Issue 15: a manager report to --out (a file, or a folder to write `<report>.<format>` into),
 * through the same service as the app's export (services/report-export.ts): whole or absent.
 * The flags are checked by the channel's own schema (shared/channels/manager-reports.ts).
 */
async function exportManagerReport(report: string, values: Values): Promise<number> {
  const text = (key: string): string | undefined => (typeof values[key] === 'string' ? values[key] : undefined);
  const int = (key: string): number | undefined => {
    const v = text(key);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw new UsageError(`--${key} ${v} is not a whole number`);
    return Number(v);
  };
  const db = text('db');
  const outFlag = text('out');
  if (db === undefined) throw new UsageError('--db FILE is required');
  if (outFlag === undefined) throw new UsageError('--out PATH is required');
  if (!existsSync(db)) throw new UsageError(`there is no database at ${db}`);
  const filter = {
    states: text('states')?.split(',').map((s) => s.trim()).filter((s) => s !== ''),
    balanceMin: int('balance-min'),
    balanceMax: int('balance-max'),
    expiringWithinDays: int('expiring-days'),
    cancelledFrom: text('cancelled-from'),
    cancelledTo: text('cancelled-to'),
    postcode: text('postcode'),
    place: text('place'),
    enrolledFrom: text('enrolled-from'),
    enrolledTo: text('enrolled-to'),
  };
  const candidate = {
    report,
    format: text('format'),
    ...(report === 'members' ? { filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)), sort: text('sort'), direction: values.desc === true ? 'desc' : 'asc' } : {}),
    ...(report === 'liability' && text('as-of') !== undefined ? { asOf: text('as-of') } : {}),
    ...(report === 'activity' || report === 'redemptions' || report === 'corrections' ? { from: text('from'), to: text('to') } : {}),
  };
  const parsed = ReportExport.safeParse(candidate);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.') || report}: ${i.message}`).join('; '));
  }
  const out = resolve(outFlag);
  const path = existsSync(out) && statSync(out).isDirectory() ? join(out, `${report}.${parsed.data.format}`) : out;
  const { desk, ctx } = await openForCommand(db, text('now'));
  try {
    const written = await exportReport(ctx, parsed.data, path);
    if (values.json === true) console.log(JSON.stringify(written));
    else console.log(`${report}: ${written.rows} rows written to ${written.path} (${written.bytes} bytes).`);
    return 0;
  } finally {
    desk.close();
  }
}
