import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importEarnings, previewEarnings } from '../../services/earnings.js';
import type { EarningsRepeat } from '../../../shared/channels/earnings.js';
import { openForCommand, parse, peakMb, UsageError, type Command } from './shared.js';

/** Exit code when the file has repeated rows and no decision was given: nothing was booked. */
export const REPEATS_UNDECIDED_EXIT = 2;

function describeRepeat(r: EarningsRepeat): string {
  const of: string[] = [];
  if (r.sameAsLine !== null) of.push(`line ${r.sameAsLine} of this file`);
  if (r.booked !== null) of.push(`line ${r.booked.lineNo} of ${r.booked.fileName} (imported ${r.booked.importedAt})`);
  return `  line ${r.lineNo}: ${r.text}  repeats ${of.join(' and ')}`;
}

/**
 * B2 from the command line. Bad lines are listed with their numbers; the exit code is 0 if the
 * file was taken. B2: lines that repeat a row (in the file, or imported before) are the
 * supervisor's decision: without --keep-repeats or --drop-repeats they are listed and nothing is
 * booked (exit 2); with one of them every repeated line is kept, or dropped.
 */
export const importEarningsCommand: Command = {
  name: 'import-earnings',
  summary: 'Take an earnings file from billing (B2); the next monthly run books it. Repeated rows need --keep-repeats or --drop-repeats.',
  usage: 'import-earnings --db FILE PATH.csv [--keep-repeats | --drop-repeats] [--json]',
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        db: { type: 'string' },
        json: { type: 'boolean', default: false },
        now: { type: 'string' },
        'keep-repeats': { type: 'boolean', default: false },
        'drop-repeats': { type: 'boolean', default: false },
      },
      true,
    );
    const path = positionals[0];
    if (path === undefined) throw new UsageError('the path of the earnings file is required');
    if (values['keep-repeats'] && values['drop-repeats']) throw new UsageError('--keep-repeats and --drop-repeats cannot be given together');
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
      const fileName = basename(path);
      const preview = await previewEarnings(ctx, { fileName, content });
      const keep = values['keep-repeats'] ? true : values['drop-repeats'] ? false : null;
      if (preview.repeats.length > 0 && keep === null) {
        // B2: the repeats are listed and nothing is booked until someone decides.
        if (values.json) console.log(JSON.stringify({ booked: false, ...preview, rejections: preview.rejections.slice(0, 1000), repeats: preview.repeats.slice(0, 1000) }));
        else {
          console.log(`${fileName}: ${preview.repeats.length} ${preview.repeats.length === 1 ? 'line repeats' : 'lines repeat'} a row already in the file or imported before; nothing was booked.`);
          for (const r of preview.repeats) console.log(describeRepeat(r));
          console.log('Run again with --keep-repeats to book them as well, or --drop-repeats to leave them out.');
        }
        return REPEATS_UNDECIDED_EXIT;
      }
      const repeats = keep === null ? [] : preview.repeats.map((r) => ({ lineNo: r.lineNo, keep }));
      const result = await importEarnings(ctx, { fileName, content, repeats });
      const ms = performance.now() - started;
      if (values.json) console.log(JSON.stringify({ booked: true, ...result, rejections: result.rejections.slice(0, 1000), ms, rows: result.total, maxRssMb: peakMb(), baselineMb }));
      else {
        const repeatNote = preview.repeats.length === 0 ? '' : `, ${result.keptRepeats} repeated kept, ${result.dropped} repeated dropped`;
        console.log(`${result.fileName}: ${result.total} lines, ${result.accepted} taken (${result.points} points), ${result.rejected} rejected${repeatNote}, in ${(ms / 1000).toFixed(1)} s`);
        for (const r of result.rejections) console.log(`  line ${r.lineNo}: ${r.reason}  ${r.text}`);
        if (keep !== null) for (const r of preview.repeats) console.log(`${describeRepeat(r)}: ${keep ? 'kept' : 'dropped'}`);
      }
      return 0;
    } finally {
      desk.close();
    }
  },
};
