import { previewMonth, runMonth } from '../../services/monthly-run.js';
import { openForCommand, parse, peakMb, UsageError, type Command } from './shared.js';

/** B6 from the command line: preview (--dry-run) or book a month, resumably. */
export const monthlyRunCommand: Command = {
  name: 'monthly-run',
  summary: 'Book a month: earnings, expiry, 60-day caps, 3-year deletions, service emails (B6).',
  usage: 'monthly-run --db FILE --month YYYY-MM [--dry-run] [--json] [--batch-size N]',
  async run(argv) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      month: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
      now: { type: 'string' },
    });
    if (values.month === undefined || !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month)) throw new UsageError('--month YYYY-MM is required');
    const { desk, ctx } = await openForCommand(values.db, values.now);
    const baselineMb = peakMb();
    const started = performance.now();
    try {
      if (values['dry-run']) {
        const preview = await previewMonth(ctx, values.month, 50);
        if (values.json) console.log(JSON.stringify(preview));
        else {
          console.log(`Preview of the run for ${preview.month} (as of ${preview.asOf}); nothing was booked.`);
          printTotals(preview.totals);
          for (const b of preview.bookings) console.log(`  ${b.memberNo} ${b.name}: ${b.kind} ${b.points} (${b.reasonCode} ${JSON.stringify(b.reasonParams)})`);
          if (preview.truncated) console.log('  …');
        }
        return 0;
      }
      const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
      const summary = await runMonth(ctx, values.month, {
        ...(batchSize === undefined ? {} : { batchSize }),
        onProgress: (step, done) => {
          if (!values.json) console.log(`  ${step}: ${done}`);
          else console.error(`progress ${step} ${done}`);
        },
      });
      const ms = performance.now() - started;
      const t = summary.totals;
      const rows = t.earned.entries + t.expired.entries + t.capped.entries + t.deleted.entries + t.serviceEmails;
      if (values.json) console.log(JSON.stringify({ ...summary, ms, rows, maxRssMb: peakMb(), baselineMb }));
      else {
        console.log(`Run for ${summary.month}: ${summary.status} in ${(ms / 1000).toFixed(1)} s`);
        printTotals(t);
      }
      return 0;
    } finally {
      desk.close();
    }
  },
};

function printTotals(t: { earned: { entries: number; points: number }; expired: { entries: number; points: number }; capped: { entries: number; points: number }; deleted: { entries: number; points: number; members: number }; serviceEmails: number }): void {
  console.log(`  earned:  ${t.earned.entries} entries, ${t.earned.points} points`);
  console.log(`  expired: ${t.expired.entries} entries, ${t.expired.points} points`);
  console.log(`  capped:  ${t.capped.entries} entries, ${t.capped.points} points`);
  console.log(`  deleted: ${t.deleted.entries} entries, ${t.deleted.points} points, ${t.deleted.members} memberships ended`);
  console.log(`  service emails due: ${t.serviceEmails}`);
}
