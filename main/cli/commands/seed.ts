import { statSync } from 'node:fs';
import { clockFrom, systemClock } from '../../clock.js';
import { PRODUCTION_N } from '../../services/passwords.js';
import { DEMO_PASSWORDS, DEMO_USERS } from '../../services/seed/index.js';
import { seedIntoFile } from '../seed-file.js';
import { parse, peakMb, UsageError, type Command } from './shared.js';

const nb = new Intl.NumberFormat('nb-NO');
const MAX_MEMBERS = 10_000_000;

function wholeNumber(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be a whole number from ${nb.format(min)} to ${nb.format(max)} (got "${text}")`);
  }
  return value;
}

/**
 * Fills a new desk with demo data: the four demo users, members with five years of history
 * (issue 2), or a million of them for the benchmark (issue 3). Refuses a desk that has members.
 * The seed is built in a temporary file beside --db and renamed onto it when complete
 * (main/cli/seed-file.ts): a seed cut off half-way leaves --db as it was.
 */
export const seedCommand: Command = {
  name: 'seed',
  summary: 'Fill a new, empty desk with demo users and members with five years of history.',
  usage: 'seed --db FILE --members N [--seed S] [--batch-size N] [--serial] [--now ISO] [--json]',
  async run(argv) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      members: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'batch-size': { type: 'string' },
      serial: { type: 'boolean', default: false },
      now: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    if (values.db === undefined) throw new UsageError('--db FILE is required');
    if (values.members === undefined) throw new UsageError('--members N is required');
    const members = wholeNumber(values.members, '--members', 1, MAX_MEMBERS) as number;
    const seed = wholeNumber(values.seed, '--seed', 0, 2 ** 32 - 1) as number;
    const batchSize = wholeNumber(values['batch-size'], '--batch-size', 1, 100_000);

    if (values.now !== undefined && Number.isNaN(new Date(values.now).getTime())) throw new UsageError(`--now ${values.now} is not an ISO instant`);
    const clock = values.now === undefined ? systemClock : clockFrom(values.now);
    const file = values.db;
    const log = (text: string): void => {
      if (!values.json) console.log(text);
    };
    log(`Seeding ${nb.format(members)} members into ${file} (seed ${seed}) …`);
    const started = performance.now();
    let lastShown = 0;
    const tty = process.stdout.isTTY && !values.json;
    const summary = await seedIntoFile(file, {
      clock,
      passwordN: PRODUCTION_N,
      members,
      seed,
      ...(batchSize === undefined ? {} : { batchSize }),
      ...(values.serial ? { parallel: false } : {}),
      onProgress: (done, total) => {
        const seconds = (performance.now() - started) / 1000;
        const line = `  ${nb.format(done)} / ${nb.format(total)} members (${Math.floor((done / total) * 100)} %), ${seconds.toFixed(1)} s`;
        if (tty) process.stdout.write(`\r${line}${done === total ? '\n' : ''}`);
        else if (!values.json && (done === total || done - lastShown >= total / 10)) {
          lastShown = done;
          console.log(line);
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
    const bytes = statSync(file).size;
    if (values.json) {
      console.log(JSON.stringify({ ...summary, seconds, rowsTotal: rows, membersPerSecond: members / seconds, rowsPerSecond: rows / seconds, fileBytes: bytes, maxRssMb: peakMb() }));
      return 0;
    }
    console.log(`Done in ${seconds.toFixed(1)} s: ${nb.format(Math.round(members / seconds))} members/s, ${nb.format(Math.round(rows / seconds))} rows/s, peak ${peakMb()} MB.`);
    console.log(`  member numbers ${summary.firstMemberNo}–${summary.lastMemberNo}; ${summary.runs} monthly runs recorded as done (the current month is next).`);
    for (const [table, count] of Object.entries(summary.rows)) console.log(`  ${table.padEnd(20)} ${nb.format(count).padStart(14)}`);
    console.log(`  ${'rows in all'.padEnd(20)} ${nb.format(rows).padStart(14)}   (file ${nb.format(Math.round(bytes / 1_048_576))} MiB)`);
    const created = new Set(summary.users);
    console.log('Demo users (username / password):');
    for (const u of DEMO_USERS) {
      console.log(`  ${u.username.padEnd(11)} ${DEMO_PASSWORDS[u.username].padEnd(16)} ${u.displayName}${created.has(u.username) ? '' : ' (already there, left as it was)'}`);
    }
    return 0;
  },
};
