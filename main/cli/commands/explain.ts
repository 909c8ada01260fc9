import { DeskError } from '../../../shared/errors.js';
import { explainBalance } from '../../services/explain.js';
import { openForCommand, parse, UsageError, type Command } from './shared.js';

const nb = new Intl.NumberFormat('nb-NO');

/** B12b from the command line. */
export const explainCommand: Command = {
  name: 'explain',
  summary: 'How a member’s balance came about, what expires next, and "if you cancel today" (B12b).',
  usage: 'explain --db FILE MEMBER_NO [--json]',
  async run(argv) {
    const { values, positionals } = parse(argv, { db: { type: 'string' }, json: { type: 'boolean', default: false }, now: { type: 'string' } }, true);
    const no = Number(positionals[0]);
    if (!Number.isInteger(no) || no <= 0) throw new UsageError('MEMBER_NO is required');
    const { desk, ctx } = await openForCommand(values.db, values.now);
    try {
      const id = (await desk.store.first(desk.store.kysely.selectFrom('members').select('id').where('member_no', '=', no)))?.id;
      if (id === undefined) throw new DeskError('not_found', `No member with number ${no}.`);
      const e = await explainBalance(ctx, id);
      if (values.json) {
        console.log(JSON.stringify(e));
        return 0;
      }
      const s = e.story;
      console.log(`${e.name} (${e.memberNo}), ${e.state}, as of ${e.today}`);
      const rows: [string, number][] = [
        ['earned', s.earned],
        ['spent', s.spent],
        ['returned (cancelled orders)', s.returned],
        ['expired', s.expired],
        ['capped', s.capped],
        ['deleted after cancellation', s.deleted],
        ['forfeited (opt-out)', s.forfeited],
        ['withheld', s.withheld],
        ['released', s.released],
        ['corrected', s.corrected],
      ];
      for (const [label, value] of rows) if (value !== 0) console.log(`  ${label.padEnd(30)} ${nb.format(value).padStart(12)}`);
      console.log(`  ${'balance'.padEnd(30)} ${nb.format(s.balance).padStart(12)}`);
      if (s.withheldNow > 0) console.log(`  (withheld now: ${nb.format(s.withheldNow)})`);
      for (const x of e.nextExpiries) console.log(`  expires ${x.expiresOn} (removed by the run for ${x.runMonth}): ${nb.format(x.points)}`);
      if (e.ifCancelledToday !== null) {
        const c = e.ifCancelledToday;
        console.log(`  if cancelled today: capped on ${c.capOn} keeping ${nb.format(c.keptAfterCap)} (takes ${nb.format(c.capTakes)}); membership ends ${c.endsOn}`);
      }
      if (e.lifecycle !== null) {
        const l = e.lifecycle;
        console.log(`  cancelled ${l.cancelledOn}; cap ${l.capAppliedOn ?? `due ${l.capOn}`}; ${l.keptUntilTheyEndIt ? 'kept until they end it' : `ends ${l.endsOn ?? ''}`}`);
      }
      return 0;
    } finally {
      desk.close();
    }
  },
};
