import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { clockFrom } from '../../clock.js';
import { openDesk } from '../../desk.js';
import { audit } from '../../services/audit.js';
import { PRODUCTION_N } from '../../services/passwords.js';

/**
 * `npm run load -- --prepare FILE --members N`: the database a load test runs on.
 *
 * 1. `npm run desk -- seed --db FILE --members N --now <last month's last day>`: the project's own
 *    seeder (five years of history per member, whole or absent). Its clock is set to the last day
 *    of the previous month, so the months before are run and last month's run (B6) is due today:
 *    the supervisor of the load test has a monthly run over every member to start.
 * 2. The load test's fixtures, as a supervisor would have set them up earlier (with an audit row):
 *    a past launch "Lasttest-lansering" (20 days before that day, scope launch_products) with
 *    - LOAD-HELD, 100 points, a big stock: the email orders that came in before 10:00 on that
 *      launch day are held (L3) and booked oldest first;
 *    - LOAD-LAST-01 … LOAD-LAST-20, one unit each: the "last unit" race (one per load run).
 */

export interface PrepareOptions {
  file: string;
  members: number;
  seed: number;
  /** The seed's clock; default: 11:00 UTC on the last day of the previous month. */
  now?: string | undefined;
  root: string;
  log(line: string): void;
}

export const LAST_UNIT_PRODUCTS = 20;

export function endOfLastMonth(today: Date): string {
  const first = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1);
  return new Date(first - 13 * 3_600_000).toISOString();
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T12:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function prepare(options: PrepareOptions): Promise<number> {
  const { file, log } = options;
  if (existsSync(file)) {
    log(`error: ${file} exists; --prepare builds a new database (give a new file, or remove it first)`);
    return 1;
  }
  const now = options.now ?? endOfLastMonth(new Date());
  log(`Seeding ${options.members.toLocaleString('nb-NO')} members into ${file} with the clock at ${now} (npm run desk -- seed) …`);
  const seeded = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'seed', '--db', file, '--members', String(options.members), '--seed', String(options.seed), '--now', now], {
      cwd: options.root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
  if (seeded !== 0) {
    log(`error: the seed failed (exit ${seeded})`);
    return seeded;
  }

  const clock = clockFrom(now);
  const desk = await openDesk({ file, clock, idleCheckpointMs: 0 });
  try {
    const store = desk.store;
    const db = store.kysely;
    const at = clock.now().toISOString();
    const launchOn = addDays(at.slice(0, 10), -20);
    const supervisor = await store.first(db.selectFrom('users').select('id').where('username', '=', 'supervisor'));
    await store.transaction(async () => {
      const { lastId: launchId } = await store.run(
        db.insertInto('launches').values({ launch_on: launchOn, name: 'Lasttest-lansering', scope: 'launch_products', status: 'planned', cancel_reason: null, created_at: at, created_by: supervisor?.id ?? null }),
      );
      const product = async (sku: string, name: string, price: number, stock: number): Promise<void> => {
        const { lastId } = await store.run(
          db.insertInto('bonus_products').values({ sku, name, description: 'Vare for lasttesten (npm run load).', points_price: price, stock, state: 'available', created_at: at, updated_at: at }),
        );
        await store.run(db.insertInto('launch_products').values({ launch_id: launchId, product_id: lastId }));
      };
      await product('LOAD-HELD', 'Lanseringsvare (lasttest)', 100, 10_000_000);
      for (let i = 1; i <= LAST_UNIT_PRODUCTS; i += 1) await product(`LOAD-LAST-${String(i).padStart(2, '0')}`, `Siste eksemplar ${i} (lasttest)`, 500, 1);
      await audit({ store, clock, user: null, passwords: { N: PRODUCTION_N } }, { action: 'load.prepare', channel: 'system', details: { launchId, launchOn, lastUnitProducts: LAST_UNIT_PRODUCTS } });
    });
    log(`Added the load fixtures: launch "Lasttest-lansering" on ${launchOn} with LOAD-HELD and LOAD-LAST-01…${String(LAST_UNIT_PRODUCTS).padStart(2, '0')}.`);
  } finally {
    desk.close();
  }
  log(`Ready: npm run load -- --db ${file} --agents 100 --minutes 10`);
  return 0;
}
