import { checkLedger } from '../../services/invariants.js';
import { openForCommand, parse, type Command } from './shared.js';

/**
 * B12a: balance = ledger = lots for every member, and nothing left in lots past their expiry (as of
 * the last completed run), no lot over-full or negative, every spend's allocations adding up and
 * every give-back matching what it reverses (services/invariants.ts); exit 1 naming each failure.
 */
export const checkCommand: Command = {
  name: 'check',
  summary: 'Verify B12a for every member: balance = ledger = lots, no points in expired lots, allocations and give-backs that add up.',
  usage: 'check --db FILE [--json]',
  async run(argv) {
    const { values } = parse(argv, { db: { type: 'string' }, json: { type: 'boolean', default: false }, now: { type: 'string' } });
    const { desk, ctx } = await openForCommand(values.db, values.now);
    try {
      const result = await checkLedger(ctx);
      if (values.json) console.log(JSON.stringify(result));
      else if (result.failures.length === 0) console.log(`OK: ${result.members} members, balance = ledger = lots for every one; lots, allocations and give-backs hold.`);
      else {
        console.log(`${result.failures.length} of ${result.members} members fail B12a:`);
        for (const f of result.failures) {
          console.log(`  member ${f.memberNo}: ${f.problem} (balance ${f.balance}, ledger ${f.ledgerSum}, lots ${f.lotsRemaining})`);
        }
      }
      return result.failures.length === 0 ? 0 : 1;
    } finally {
      desk.close();
    }
  },
};
