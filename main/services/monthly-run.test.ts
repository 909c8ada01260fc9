import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal } from '../testing/refusal.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { checkLedger } from './invariants.js';
import { cancelSubscription } from './lifecycle.js';
import { importEarnings } from './earnings.js';
import { previewMonth, runMonth } from './monthly-run.js';

/** B6: the monthly run — order, idempotence, resumability, preview. */

let t: TestDesk;
beforeEach(async () => {
  t = await testDesk('2026-11-05T09:00:00Z');
});
afterEach(() => t.close());

const codeOf = async (fn: () => unknown): Promise<string> => (await refusal(fn)).code;

/** A month's worth of work: earnings to book, lots to expire, caps and deletions due. */
async function buildMonth(members: number): Promise<number[]> {
  const ids: number[] = [];
  t.desk.store.sqlite.prepare("INSERT INTO earning_products (code, name, points_per_unit) VALUES ('OMEGA3', 'Omega-3 Forte', 150)").run();
  const lines: string[] = ['medlemsnummer;produkt;antall;leveringsdato'];
  for (let i = 0; i < members; i += 1) {
    const id = await t.aMember({ startedOn: '2021-01-01' });
    ids.push(id);
    await t.earn(id, 1_000 + i, '2023-09-15'); // expires 2026-09-15: booked by the run for 2026-10
    await t.earn(id, 20_000, '2025-05-01');
    const no = t.desk.store.sqlite.prepare('SELECT member_no FROM members WHERE id = ?').pluck().get(id) as number;
    lines.push(`${no};OMEGA3;${(i % 3) + 1};2026-10-${String((i % 28) + 1).padStart(2, '0')}`);
    if (i % 4 === 0) {
      const sub = t.desk.store.sqlite.prepare('SELECT id FROM subscriptions WHERE member_id = ?').pluck().get(id) as number;
      await cancelSubscription(t.ctx(null), sub, i % 8 === 0 ? '2026-08-20' : '2023-10-03');
    }
  }
  await importEarnings(t.ctx('supervisor'), { fileName: 'oktober.csv', content: lines.join('\r\n') });
  return ids;
}

/** The ledger as plain facts, without ids or timestamps. */
function ledgerFacts(): string[] {
  return (
    t.desk.store.sqlite
      .prepare('SELECT member_id, kind, amount, effective_on, reason FROM ledger_entries ORDER BY member_id, kind, amount, effective_on')
      .all() as Record<string, unknown>[]
  ).map((r) => JSON.stringify(r));
}

describe('monthly run (B6)', () => {
  it('refuses a month that has not ended, with the day it opens', async () => {
    expect(await codeOf(() => runMonth(t.ctx('supervisor'), '2026-11'))).toBe('month_in_future');
    expect(await codeOf(() => runMonth(t.ctx('supervisor'), '2027-01'))).toBe('month_in_future');
    expect(await codeOf(() => previewMonth(t.ctx('supervisor'), '2026-11', 10))).toBe('month_in_future');
  });

  it('refuses a month after an unrun earlier month, and one before the last run', async () => {
    await runMonth(t.ctx('supervisor'), '2026-08');
    expect(await codeOf(() => runMonth(t.ctx('supervisor'), '2026-10'))).toBe('month_out_of_order');
    expect(await codeOf(() => runMonth(t.ctx('supervisor'), '2026-07'))).toBe('month_out_of_order');
    expect((await runMonth(t.ctx('supervisor'), '2026-09')).status).toBe('done');
  });

  it('books earnings, expiry and caps; the same month again books nothing (idempotent)', async () => {
    await buildMonth(40);
    const first = await runMonth(t.ctx('supervisor'), '2026-10');
    expect(first.status).toBe('done');
    expect(first.totals.earned.rows).toBe(40);
    expect(first.totals.expired.entries).toBe(40);
    expect(first.totals.capped.entries).toBe(5); // cancelled 2026-08-20: cap due 2026-10-19
    expect(first.totals.deleted.members).toBe(5); // cancelled 2023-10-03: 3 years end 2026-10-03
    const facts = ledgerFacts();
    const again = await runMonth(t.ctx('supervisor'), '2026-10');
    expect(again.totals).toEqual(first.totals);
    expect(ledgerFacts()).toEqual(facts);
    expect((await checkLedger(t.ctx(null))).failures).toEqual([]);
  });

  it('a preview lists what the run will book and books nothing', async () => {
    await buildMonth(12);
    const before = ledgerFacts();
    const preview = await previewMonth(t.ctx('supervisor'), '2026-10', 500);
    expect(ledgerFacts()).toEqual(before);
    expect(t.desk.store.sqlite.prepare('SELECT count(*) FROM monthly_runs').pluck().get()).toBe(0);
    const run = await runMonth(t.ctx('supervisor'), '2026-10');
    expect(preview.totals).toEqual(run.totals);
    expect(preview.bookings.filter((b) => b.kind === 'cap')).toHaveLength(run.totals.capped.entries);
  });

  it('a run cut off between batches finishes on the next start with exactly the uninterrupted result (resumable)', async () => {
    await buildMonth(60);
    const copy = `${t.dir}/copy.db`;
    await t.desk.store.sqlite.backup(copy);
    let batches = 0;
    await expect(
      runMonth(t.ctx('supervisor'), '2026-10', {
        batchSize: 7,
        afterBatch: () => {
          batches += 1;
          if (batches === 9) throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');
    expect(t.desk.store.sqlite.prepare("SELECT status FROM monthly_runs WHERE month = '2026-10'").pluck().get()).toBe('running');
    expect((await checkLedger(t.ctx(null))).failures).toEqual([]);
    const resumed = await runMonth(t.ctx('supervisor'), '2026-10', { batchSize: 7 });
    const interruptedFacts = ledgerFacts();

    t.desk.close();
    const { openDesk } = await import('../desk.js');
    const other = await openDesk({ file: copy, clock: t.clock, passwordN: 1024 });
    const ctx = { store: other.store, clock: t.clock, user: null, passwords: { N: 1024 } };
    const straight = await runMonth(ctx, '2026-10');
    const straightFacts = (
      other.store.sqlite
        .prepare('SELECT member_id, kind, amount, effective_on, reason FROM ledger_entries ORDER BY member_id, kind, amount, effective_on')
        .all() as Record<string, unknown>[]
    ).map((r) => JSON.stringify(r));
    other.close();
    expect(interruptedFacts).toEqual(straightFacts);
    expect(resumed.totals).toEqual(straight.totals);
    // reopen so afterEach can close it
    t.desk = await openDesk({ file: t.file, clock: t.clock, passwordN: 1024 });
  });
});
