import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importEarnings } from '../../services/earnings.js';
import { openForCommand, parse, peakMb, UsageError, type Command } from './shared.js';

/** B2 from the command line. Bad lines are listed with their numbers; the exit code is 0 if the file was taken. */
export const importEarningsCommand: Command = {
  name: 'import-earnings',
  summary: 'Take an earnings file from billing (B2); the next monthly run books it.',
  usage: 'import-earnings --db FILE PATH.csv [--json]',
  async run(argv) {
    const { values, positionals } = parse(argv, { db: { type: 'string' }, json: { type: 'boolean', default: false }, now: { type: 'string' } }, true);
    const path = positionals[0];
    if (path === undefined) throw new UsageError('the path of the earnings file is required');
    let content: string;
    try {
      content = readFileSync(path, 'utf8');
    } catch {
      throw new UsageError(`cannot read ${path}`);
    }
    const { desk, ctx } = await openForCommand(values.db, values.now);
    const baselineMb = peakMb();
    const started = performance.now();
    try {
      const result = importEarnings(ctx, { fileName: basename(path), content });
      const ms = performance.now() - started;
      if (values.json) console.log(JSON.stringify({ ...result, rejections: result.rejections.slice(0, 1000), ms, rows: result.total, maxRssMb: peakMb(), baselineMb }));
      else {
        console.log(`${result.fileName}: ${result.total} lines, ${result.accepted} taken (${result.points} points), ${result.rejected} rejected, in ${(ms / 1000).toFixed(1)} s`);
        for (const r of result.rejections) console.log(`  line ${r.lineNo}: ${r.reason}  ${r.text}`);
      }
      return 0;
    } finally {
      desk.close();
    }
  },
};
