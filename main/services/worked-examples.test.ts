import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noteReason } from '../../shared/reasons.js';
import { drawFifo } from '../domain/points.js';
import { testDesk, type TestDesk } from '../testing/test-desk.js';
import { checkLedger } from './invariants.js';
import { bookDraw, memberLots } from './ledger.js';
import { cancelSubscription, keepMembership, startSubscription } from './lifecycle.js';
import { runMonth } from './monthly-run.js';

/** SPEC.md "Worked examples" 1–4, each a test (rules B5, B6, B9). */

let t: TestDesk;
beforeEach(async () => {
  t = await testDesk('2023-01-01T09:00:00Z');
});
afterEach(() => t.close());

function balance(memberId: number): number {
  return t.desk.store.sqlite.prepare('SELECT balance FROM members WHERE id = ?').pluck().get(memberId) as number;
}

async function spend(memberId: number, points: number, on: string): Promise<void> {
  const ctx = t.ctx('agent');
  await ctx.store.transaction(async () => {
    const lots = await memberLots(ctx.store, memberId);
    await bookDraw(ctx, memberId, 'spend', lots, drawFifo(lots, points), { channel: 'phone', reason: noteReason('test redemption'), effectiveOn: on });
  });
}

/** Runs every month from `from` to `to` inclusive, with the clock on the 1st of the following month. */
async function runMonths(from: string, to: string): Promise<void> {
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
    t.clock.set(`${ny}-${String(nm).padStart(2, '0')}-01T06:00:00Z`);
    await runMonth(t.ctx('supervisor'), month);
    if (month === to) return;
    [y, m] = [ny, nm];
  }
}

function entries(memberId: number, kind: string): { amount: number; effective_on: string; run: string | null }[] {
  return t.desk.store.sqlite
    .prepare(
      'SELECT amount, effective_on, (SELECT month FROM monthly_runs r WHERE r.id = l.run_id) AS run FROM ledger_entries l WHERE member_id = ? AND kind = ? ORDER BY id',
    )
    .all(memberId, kind) as { amount: number; effective_on: string; run: string | null }[];
}

describe('SPEC worked examples', () => {
  it('example 1: FIFO spend, nothing expires in 2026-02, the rest of the 2024-06-01 lot expires in the run for 2027-07 (B5, B6)', async () => {
    const m = await t.aMember({ startedOn: '2023-01-01' });
    await t.earn(m, 5_000, '2023-01-15');
    const second = await t.earn(m, 3_000, '2024-06-01');
    await spend(m, 6_000, '2025-02-01');
    const lots = await memberLots(t.desk.store, m);
    expect(lots.map((l) => [l.earnedOn, l.remaining])).toEqual([['2024-06-01', 2_000]]);

    await runMonths('2026-01', '2026-02');
    expect(entries(m, 'expire')).toEqual([]);
    expect(balance(m)).toBe(2_000);

    await runMonths('2026-03', '2027-06');
    expect(entries(m, 'expire')).toEqual([]);
    expect(balance(m)).toBe(2_000);

    await runMonths('2027-07', '2027-07');
    expect(entries(m, 'expire')).toEqual([{ amount: -2_000, effective_on: '2027-07-01', run: '2027-07' }]);
    expect(balance(m)).toBe(0);
    const allocations = t.desk.store.sqlite.prepare("SELECT a.lot_id, a.amount FROM lot_allocations a JOIN ledger_entries l ON l.id = a.entry_id WHERE l.kind = 'expire'").all();
    expect(allocations).toEqual([{ lot_id: second, amount: 2_000 }]);
    expect((await checkLedger(t.ctx(null))).failures).toEqual([]);
  });

  it('example 2: 25,000 at cancellation on 2026-03-10 is capped to 10,000 by the run for 2026-05; rejoining keeps 10,000 (B9)', async () => {
    const m = await t.aMember({ startedOn: '2025-01-01' });
    await t.earn(m, 25_000, '2025-06-01');
    const sub = t.desk.store.sqlite.prepare('SELECT id FROM subscriptions WHERE member_id = ?').pluck().get(m) as number;
    await cancelSubscription(t.ctx(null), sub, '2026-03-10');
    await runMonths('2026-03', '2026-04');
    expect(balance(m)).toBe(25_000);
    await runMonths('2026-05', '2026-05');
    expect(balance(m)).toBe(10_000);
    expect(entries(m, 'cap')).toEqual([{ amount: -15_000, effective_on: '2026-05-09', run: '2026-05' }]);
    await startSubscription(t.ctx(null), m, { plan: 'Ny', startedOn: '2026-08-01' });
    await runMonths('2026-06', '2026-09');
    expect(balance(m)).toBe(10_000);
    expect(entries(m, 'cap')).toHaveLength(1);
    expect((await checkLedger(t.ctx(null))).failures).toEqual([]);
  });

  it('example 3: 8,000 at cancellation is not capped; after 3 years without a keep request the balance is deleted and membership ends (B9)', async () => {
    const m = await t.aMember({ startedOn: '2022-01-01' });
    await t.earn(m, 8_000, '2022-12-01');
    const sub = t.desk.store.sqlite.prepare('SELECT id FROM subscriptions WHERE member_id = ?').pluck().get(m) as number;
    await cancelSubscription(t.ctx(null), sub, '2023-01-20');
    await runMonths('2023-01', '2025-11');
    expect(entries(m, 'cap')).toEqual([]);
    // The lot earned 2022-12-01 expires 2025-12-01: the run for 2026-01 would expire it, but
    // membership ends on 2026-01-20, which the same run books as the deletion.
    expect(balance(m)).toBe(8_000);
    await runMonths('2025-12', '2025-12');
    expect(balance(m)).toBe(8_000);
    await runMonths('2026-01', '2026-01');
    const state = t.desk.store.sqlite.prepare('SELECT state, ended_on FROM members WHERE id = ?').get(m);
    expect(state).toEqual({ state: 'ended', ended_on: '2026-01-20' });
    expect(balance(m)).toBe(0);
    expect(entries(m, 'expire').map((e) => e.amount).concat(entries(m, 'delete_after_cancel').map((e) => e.amount)).reduce((a, b) => a + b, 0)).toBe(-8_000);
    expect((await checkLedger(t.ctx(null))).failures).toEqual([]);
  });

  it('example 4: with a keep-membership request in year 2, membership continues after 3 years and points still expire (B5, B9)', async () => {
    const m = await t.aMember({ startedOn: '2022-01-01' });
    await t.earn(m, 8_000, '2022-12-01');
    await t.earn(m, 1_000, '2023-01-05');
    const sub = t.desk.store.sqlite.prepare('SELECT id FROM subscriptions WHERE member_id = ?').pluck().get(m) as number;
    await cancelSubscription(t.ctx(null), sub, '2023-01-20');
    await runMonths('2023-01', '2024-05');
    t.clock.set('2024-06-15T10:00:00Z');
    await keepMembership(t.ctx('agent'), m, { channel: 'phone', reason: 'Caller wants to keep membership' });
    await runMonths('2024-06', '2026-03');
    const state = t.desk.store.sqlite.prepare('SELECT state, keep_membership_on FROM members WHERE id = ?').get(m);
    expect(state).toEqual({ state: 'cancelled', keep_membership_on: '2024-06-15' });
    expect(entries(m, 'delete_after_cancel')).toEqual([]);
    expect(entries(m, 'expire')).toEqual([
      { amount: -8_000, effective_on: '2026-01-01', run: '2026-01' },
      { amount: -1_000, effective_on: '2026-02-01', run: '2026-02' },
    ]);
    expect(balance(m)).toBe(0);
    expect((await checkLedger(t.ctx(null))).failures).toEqual([]);
  });
});
