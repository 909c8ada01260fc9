import { verifyChain, type ChainReport, type ChainTable } from '../../db/audit-chain.js';
import { openForCommand, parse, UsageError, type Command } from './shared.js';

const TABLES: readonly ChainTable[] = ['audit_log', 'member_access_log'];

/** What the break says: ids are handed out one by one, so a gap before the broken row is a removal. */
function cause(broken: NonNullable<ChainReport['broken']>): string {
  const expected = (broken.previousId ?? 0) + 1;
  if (broken.id === expected) return `row ${broken.id} was changed or put in`;
  const gap = expected === broken.id - 1 ? `row ${expected}` : `rows ${expected}–${broken.id - 1}`;
  return `${gap} before it ${expected === broken.id - 1 ? 'is' : 'are'} missing, or row ${broken.id} was changed`;
}

/**
 * B14: the audit trail and the access log are tamper-evident. `audit verify` walks both hash
 * chains (db/audit-chain.ts) and exits 0 when both hold, or 1 naming the table and the first row
 * whose hash does not follow from the row before (an edited row names itself; a removed or
 * inserted row names the row after it).
 */
export const auditCommand: Command = {
  name: 'audit',
  summary: 'Verify the hash chains of the audit log and the member access log (B14); exit 1 naming the first row that breaks.',
  usage: 'audit verify --db FILE [--json]',
  async run(argv) {
    const { values, positionals } = parse(argv, { db: { type: 'string' }, json: { type: 'boolean', default: false }, now: { type: 'string' } }, true);
    if (positionals[0] !== 'verify' || positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'say what to do: audit verify' : `unknown audit action "${positionals.join(' ')}"; try: audit verify`);
    const { desk, ctx } = await openForCommand(values.db, values.now);
    try {
      const reports: ChainReport[] = [];
      for (const table of TABLES) reports.push(await verifyChain(ctx.store, table));
      const broken = reports.filter((r) => r.broken !== null);
      if (values.json) console.log(JSON.stringify({ ok: broken.length === 0, chains: reports }));
      else {
        for (const r of reports) {
          if (r.broken === null) console.log(`OK: ${r.table}: ${r.rows} rows, the chain holds.`);
          else console.log(`BROKEN: ${r.table}: the chain breaks at row ${r.broken.id} (at ${r.broken.at}): ${cause(r.broken)}; rows from there on cannot be trusted.`);
        }
      }
      return broken.length === 0 ? 0 : 1;
    } finally {
      desk.close();
    }
  },
};
