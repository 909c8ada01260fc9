import { checkLedger } from '../../services/invariants.js';
import { openForCommand, parse, type Command } from './shared.js';

/** B12a: balance = ledger = lots for every member; exit 1 naming each member where it fails. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'Verify balance = sum of ledger = sum of lots for every member (B12a).',
  usage: 'check --db FILE [--json]',
  async run(argv) {
    const { values } = parse(argv, { db: { type: 'string' }, json: { type: 'boolean', default: false }, now: { type: 'string' } });
    const { desk, ctx } = await openForCommand(values.db, values.now);
    try {
      const result = checkLedger(ctx);
      if (values.json) console.log(JSON.stringify(result));
      else if (result.failures.length === 0) console.log(`OK: ${result.members} members, balance = ledger = lots for every one.`);
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
