import type { Query, Store } from '../db/store.js';
import { TestClock } from '../clock.js';
import { openDesk } from '../desk.js';
import { exportMembers } from '../services/reports.js';
import { TEST_PASSWORD_N } from './test-desk.js';

/**
 * For main/services/exports.processes.test.ts: a desk in its own process that starts the member
 * export and stops in the middle of it, so the test can kill it (SIGKILL) at a known point
 * without timing. The store's row stream hands out `stallAfter` rows and then waits for ever;
 * the export has its file open and partly written. It prints "stalled" when it gets there.
 *
 *   node --import tsx main/testing/export-child.ts <db file> <csv|xlsx> <stallAfter> <now>
 */

const [file, format, stallAfterText, now] = process.argv.slice(2);
if (file === undefined || (format !== 'csv' && format !== 'xlsx') || stallAfterText === undefined || now === undefined) {
  process.stderr.write('usage: export-child.ts <db file> <csv|xlsx> <stallAfter> <now>\n');
  process.exit(2);
}
const stallAfter = Number(stallAfterText);
const clock = new TestClock(now);
const desk = await openDesk({ file, clock, passwordN: TEST_PASSWORD_N });
const base: Store = desk.store;

async function* stalling<R>(query: Query<R>, batch?: number): AsyncIterable<R> {
  let n = 0;
  for await (const row of base.stream(query, batch)) {
    yield row;
    n += 1;
    if (n === stallAfter) {
      process.stdout.write('stalled\n');
      // Wait for ever (the timer keeps the process alive until it is killed).
      await new Promise<never>(() => setInterval(() => undefined, 1_000));
    }
  }
}

const store = new Proxy(base, {
  get(target, property) {
    if (property === 'stream') return stalling;
    const value: unknown = Reflect.get(target, property, target);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
  },
});

await exportMembers({ store, clock, user: null, passwords: { N: TEST_PASSWORD_N } }, { format });
process.stdout.write('finished\n');
desk.close();
